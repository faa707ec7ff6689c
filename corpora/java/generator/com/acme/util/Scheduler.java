package com.acme.util;

import java.io.Serializable;

/** Holds a task in a field. */
public class Scheduler implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final Runnable task;
    private final long periodMillis;

    public Scheduler(String name, Runnable task, long periodMillis) {
        this.name = name;
        this.task = task;
        this.periodMillis = periodMillis;
    }
}
