package com.shop.model;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** A shopping cart; no explicit serialVersionUID, so the stream carries the computed one. */
public class Cart implements Serializable {
    private final List<LineItem> items = new ArrayList<>();
    private Address deliverTo;
    private String couponCode;
    private BigDecimal shippingFee;
    private Date createdAt;

    public Cart(Address deliverTo, Date createdAt) {
        this.deliverTo = deliverTo;
        this.createdAt = createdAt;
    }

    public Cart add(LineItem item) {
        items.add(item);
        return this;
    }

    public void setCouponCode(String couponCode) { this.couponCode = couponCode; }
    public void setShippingFee(BigDecimal shippingFee) { this.shippingFee = shippingFee; }
    public List<LineItem> getItems() { return items; }
}
