package com.shop.checkout;

import java.io.Serializable;

/** Subclassed anonymously by {@link Checkout#promotion(String)}. */
public abstract class Promotion implements Serializable {
    private static final long serialVersionUID = 1L;

    protected final String code;

    protected Promotion(String code) {
        this.code = code;
    }

    public abstract String describe();
}
