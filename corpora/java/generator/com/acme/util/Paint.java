package com.acme.util;

import java.io.Serializable;

/** Holds enum constants in fields. */
public class Paint implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Color color;
    private final Operation blend;
    private final int coats;

    public Paint(Color color, Operation blend, int coats) {
        this.color = color;
        this.blend = blend;
        this.coats = coats;
    }
}
