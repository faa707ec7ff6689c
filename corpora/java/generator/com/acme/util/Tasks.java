package com.acme.util;

import java.io.Serializable;

/**
 * Factory of serializable lambdas. This class is their capturing class: it is not serializable,
 * so the stream describes it with flags 0 where {@code SerializedLambda.capturingClass} names it.
 */
public final class Tasks {
    private Tasks() {}

    public static Runnable noop() {
        return (Runnable & Serializable) () -> {};
    }

    public static Runnable greeting(String who, int times) {
        return (Runnable & Serializable) () -> {
            for (int i = 0; i < times; i++) System.out.println("hello " + who);
        };
    }
}
