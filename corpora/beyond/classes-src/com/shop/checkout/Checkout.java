package com.shop.checkout;

import java.io.Serializable;

/** A checkout in progress, with a non-static inner class and an anonymous class. */
public class Checkout implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String step;

    public Checkout(String step) {
        this.step = step;
    }

    public Payment payment(String method) {
        return new Payment(method);
    }

    /** An anonymous Promotion; it reads {@code step}, so it keeps {@code this$0}. */
    public Promotion promotion(String code) {
        return new Promotion(code) {
            private static final long serialVersionUID = 1L;

            @Override
            public String describe() {
                return code + " at " + step;
            }
        };
    }

    /** Non-static inner class: its synthetic this$0 refers to the Checkout. */
    public class Payment implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String method;

        Payment(String method) {
            this.method = method;
        }

        public String describe() {
            return method + " at " + step;
        }
    }
}
