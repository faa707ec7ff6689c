package com.acme.types;

import java.io.Serializable;

/** One field of each primitive type. */
public class Primitives implements Serializable {
    private static final long serialVersionUID = 8L;

    private final boolean flag;
    private final byte octet;
    private final char letter;
    private final short small;
    private final int count;
    private final long big;
    private final float ratio;
    private final double precise;

    public Primitives(boolean flag, byte octet, char letter, short small, int count, long big,
            float ratio, double precise) {
        this.flag = flag;
        this.octet = octet;
        this.letter = letter;
        this.small = small;
        this.count = count;
        this.big = big;
        this.ratio = ratio;
        this.precise = precise;
    }
}
