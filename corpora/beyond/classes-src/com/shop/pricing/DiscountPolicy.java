package com.shop.pricing;

/** Implemented by JDK dynamic proxies whose handler is a {@link PolicyHandler}. */
public interface DiscountPolicy {
    int percentFor(String sku);
}
