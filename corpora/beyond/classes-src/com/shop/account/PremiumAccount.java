package com.shop.account;

import java.io.Serializable;

/** Serializable, but its superclass {@link AccountBase} is not. */
public class PremiumAccount extends AccountBase implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String memberId;
    private final long points;

    public PremiumAccount(String region, int tier, String memberId, long points) {
        super(region, tier);
        this.memberId = memberId;
        this.points = points;
    }
}
