package com.shop.catalog;

/** Shadows {@link Item#name}. */
public class DigitalItem extends Item {
    private static final long serialVersionUID = 1L;

    protected String name;
    private final String downloadUrl;

    public DigitalItem(String itemName, int stock, String name, String downloadUrl) {
        super(itemName, stock);
        this.name = name;
        this.downloadUrl = downloadUrl;
    }
}
