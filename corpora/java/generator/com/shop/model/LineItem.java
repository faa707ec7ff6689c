package com.shop.model;

import java.io.Serializable;
import java.math.BigDecimal;

public class LineItem implements Serializable {
    private static final long serialVersionUID = 20240101L;

    private final String sku;
    private final String title;
    private int quantity;
    private final BigDecimal unitPrice;

    public LineItem(String sku, String title, int quantity, BigDecimal unitPrice) {
        this.sku = sku;
        this.title = title;
        this.quantity = quantity;
        this.unitPrice = unitPrice;
    }

    public BigDecimal total() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
