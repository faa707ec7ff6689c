package com.example.shop;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

public class Cart implements Serializable {
    private static final long serialVersionUID = 2L;
    private final List<LineItem> items = new ArrayList<>();
    private String coupon;
    private transient int views;

    public Cart add(LineItem item) {
        items.add(item);
        return this;
    }

    public Cart coupon(String coupon) {
        this.coupon = coupon;
        return this;
    }
}
