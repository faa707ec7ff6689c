package com.example.app;

/** Final and not Serializable: fields declared as Address carry no class tag in Kryo. */
public final class Address {
    private final String street;
    private final String city;
    private final int zip;

    public Address(String street, String city, int zip) {
        this.street = street;
        this.city = city;
        this.zip = zip;
    }
}
