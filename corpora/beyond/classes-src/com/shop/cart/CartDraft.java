package com.shop.cart;

import java.math.BigDecimal;

/** A cart being edited, kept in the session as is. Not Serializable. */
public class CartDraft {
    private final String customerId;
    private int itemCount;
    private boolean giftWrap;
    private BigDecimal total;

    public CartDraft(String customerId, int itemCount, boolean giftWrap, BigDecimal total) {
        this.customerId = customerId;
        this.itemCount = itemCount;
        this.giftWrap = giftWrap;
        this.total = total;
    }
}
