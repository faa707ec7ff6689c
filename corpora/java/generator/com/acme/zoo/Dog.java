package com.acme.zoo;

/** Shadows both of {@link Animal}'s fields: the stream carries two {@code x} and two {@code name}. */
public class Dog extends Animal {
    private static final long serialVersionUID = 2L;

    protected int x;
    protected String name;
    private boolean goodBoy = true;

    public Dog(int animalX, String animalName, int dogX, String dogName) {
        super(animalX, animalName);
        this.x = dogX;
        this.name = dogName;
    }
}
