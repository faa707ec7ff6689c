package com.example.shop;

import java.io.Serializable;
import java.math.BigDecimal;

public class LineItem implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String sku;
    private final int quantity;
    private final BigDecimal price;

    public LineItem(String sku, int quantity, BigDecimal price) {
        this.sku = sku;
        this.quantity = quantity;
        this.price = price;
    }

    @Override
    public String toString() {
        return sku + "x" + quantity + "@" + price;
    }
}
