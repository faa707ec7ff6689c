package com.shop.catalog;

/** One product page view, kept as a value of a HashMap attribute. Not Serializable. */
public class ProductView {
    private final String sku;
    private final long viewedAt;

    public ProductView(String sku, long viewedAt) {
        this.sku = sku;
        this.viewedAt = viewedAt;
    }
}
