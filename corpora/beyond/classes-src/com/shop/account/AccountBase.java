package com.shop.account;

/**
 * Not Serializable, with fields. Java serialization does not write them; on reading it calls
 * this no-arg constructor, which sets the defaults.
 */
public class AccountBase {
    protected String region;
    protected int tier;

    public AccountBase() {
        this.region = "EU";
        this.tier = 0;
    }

    protected AccountBase(String region, int tier) {
        this.region = region;
        this.tier = tier;
    }
}
