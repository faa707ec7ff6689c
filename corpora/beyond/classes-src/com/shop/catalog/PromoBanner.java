package com.shop.catalog;

/** Not Serializable; shadows {@link Banner#text}. */
public class PromoBanner extends Banner {
    protected String text;
    private final int priority;

    public PromoBanner(String bannerText, String text, int priority) {
        super(bannerText);
        this.text = text;
        this.priority = priority;
    }
}
