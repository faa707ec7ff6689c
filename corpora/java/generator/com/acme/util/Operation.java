package com.acme.util;

/** Constants with bodies: their runtime classes are {@code Operation$1}, {@code Operation$2}. */
public enum Operation {
    PLUS {
        @Override
        public int apply(int a, int b) { return a + b; }
    },
    TIMES {
        @Override
        public int apply(int a, int b) { return a * b; }
    },
    IDENTITY;

    public int apply(int a, int b) { return a; }
}
