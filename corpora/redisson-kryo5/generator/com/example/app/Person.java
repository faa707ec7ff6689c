package com.example.app;

/** A plain superclass: Kryo writes its fields before the subclass's. */
public class Person {
    protected String name;
    protected int age;
    private transient String cache = "x";
}
