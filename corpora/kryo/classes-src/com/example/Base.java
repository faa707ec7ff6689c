package com.example;

import java.io.Serializable;

/** Superclass whose field names {@link Derived} declares again. */
public class Base implements Serializable {
    private static final long serialVersionUID = 1L;

    protected int x;
    protected String name;

    public Base(int x, String name) {
        this.x = x;
        this.name = name;
    }
}
