package com.shop.checkout;

/** An application exception with a field of its own. */
public class PaymentDeclinedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reasonCode;

    public PaymentDeclinedException(String message, String reasonCode, Throwable cause) {
        super(message, cause);
        this.reasonCode = reasonCode;
    }
}
