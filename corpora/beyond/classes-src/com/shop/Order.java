package com.shop;

/** Holds the nested enum {@link Ship_Mode}, binary name {@code com.shop.Order$Ship_Mode}. */
public final class Order {
    private Order() {
    }

    /** A nested enum whose name has an underscore; EXPRESS_24H has a body ({@code Order$Ship_Mode$1}). */
    public enum Ship_Mode {
        STANDARD,
        EXPRESS_24H {
            @Override
            public String label() {
                return "Express (24 h)";
            }
        },
        PICKUP_IN_STORE;

        public String label() {
            return name();
        }
    }
}
