package com.shop.catalog;

/** Not Serializable; {@link PromoBanner} declares a field of the same name. */
public class Banner {
    protected String text;

    public Banner(String text) {
        this.text = text;
    }
}
