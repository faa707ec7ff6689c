package com.shop;

import java.io.Serializable;

/**
 * Java serialization writes a {@link Proxy} in its place (writeReplace) and reads a Price back
 * (the proxy's readResolve).
 */
public final class Price implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long amountMinor;
    private final String currency;

    public Price(long amountMinor, String currency) {
        this.amountMinor = amountMinor;
        this.currency = currency;
    }

    private Object writeReplace() {
        return new Proxy(amountMinor + " " + currency);
    }

    private static final class Proxy implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String text;

        Proxy(String text) {
            this.text = text;
        }

        private Object readResolve() {
            String[] parts = text.split(" ");
            return new Price(Long.parseLong(parts[0]), parts[1]);
        }
    }
}
