package com.example.shop;

import java.io.Serializable;

/** Serializable itself, but holds something that is not: writing it aborts half way. */
public class Holder implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String note;
    private final Object payload;

    public Holder(String note, Object payload) {
        this.note = note;
        this.payload = payload;
    }
}
