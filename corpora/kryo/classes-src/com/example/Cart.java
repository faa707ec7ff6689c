package com.example;

import java.io.Serializable;
import java.util.List;

/**
 * The cart of kryo-format.md section 7.2: three package-private fields, sorted by Kryo's
 * FieldSerializer as {@code items}, {@code owner}, {@code skus}. Serializable only so that the
 * shared Java-side describer lists its fields; Kryo ignores the interface.
 */
public class Cart implements Serializable {
    private static final long serialVersionUID = 1L;

    String owner;
    int items;
    List<String> skus;

    public Cart(String owner, int items, List<String> skus) {
        this.owner = owner;
        this.items = items;
        this.skus = skus;
    }
}
