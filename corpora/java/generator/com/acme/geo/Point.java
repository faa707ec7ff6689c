package com.acme.geo;

import java.io.Serializable;

/** A record: no serialVersionUID declared, so its SUID is 0. */
public record Point(int x, String label) implements Serializable {}
