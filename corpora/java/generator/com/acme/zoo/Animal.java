package com.acme.zoo;

import java.io.Serializable;

public class Animal extends LivingThing implements Serializable {
    private static final long serialVersionUID = 1L;

    protected int x;
    protected String name;

    public Animal(int x, String name) {
        this.x = x;
        this.name = name;
        this.bornAtMillis = 1_600_000_000_000L;
    }
}
