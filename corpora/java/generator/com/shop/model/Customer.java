package com.shop.model;

import java.io.Serializable;

public class Customer implements Serializable {
    private static final long serialVersionUID = 3L;

    private long id;
    private String displayName;
    private String email;
    private boolean loyaltyMember;
    private Address billingAddress;
    private Address shippingAddress;

    public Customer(long id, String displayName, String email, boolean loyaltyMember,
            Address billingAddress, Address shippingAddress) {
        this.id = id;
        this.displayName = displayName;
        this.email = email;
        this.loyaltyMember = loyaltyMember;
        this.billingAddress = billingAddress;
        this.shippingAddress = shippingAddress;
    }

    public long getId() { return id; }
    public String getDisplayName() { return displayName; }
    public Address getBillingAddress() { return billingAddress; }
    public Address getShippingAddress() { return shippingAddress; }
}
