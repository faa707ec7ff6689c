package com.acme.app;

import java.io.Serializable;

/**
 * Serializable, but its second field ({@code resource}, after {@code name} in the stream's field
 * order) holds a non-serializable object: writing it aborts half-way.
 */
public class ReportJob implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final DbConnection resource;

    public ReportJob(String name, DbConnection resource) {
        this.name = name;
        this.resource = resource;
    }
}
