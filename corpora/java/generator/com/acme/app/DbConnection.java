package com.acme.app;

/** Not serializable. */
public class DbConnection {
    private final String url;

    public DbConnection(String url) {
        this.url = url;
    }
}
