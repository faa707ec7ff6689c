package com.shop.cart;

import java.util.List;
import java.util.Map;

/** A wish list with a list and a map field. Not Serializable. */
public class Wishlist {
    private final String owner;
    private final List<String> skus;
    private final Map<String, Integer> priorities;

    public Wishlist(String owner, List<String> skus, Map<String, Integer> priorities) {
        this.owner = owner;
        this.skus = skus;
        this.priorities = priorities;
    }
}
