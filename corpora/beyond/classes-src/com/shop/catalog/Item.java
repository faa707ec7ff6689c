package com.shop.catalog;

import java.io.Serializable;

/** Serializable; {@link DigitalItem} declares a field of the same name. */
public class Item implements Serializable {
    private static final long serialVersionUID = 1L;

    protected String name;
    protected int stock;

    public Item(String name, int stock) {
        this.name = name;
        this.stock = stock;
    }
}
