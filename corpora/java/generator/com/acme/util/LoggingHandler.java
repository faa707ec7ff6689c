package com.acme.util;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/** A serializable invocation handler, so that proxies using it can be serialized. */
public class LoggingHandler implements InvocationHandler, Serializable {
    private static final long serialVersionUID = 1L;

    private final String prefix;
    private int calls;

    public LoggingHandler(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        calls++;
        if (method.getName().equals("greet")) return prefix + args[0];
        return null;
    }
}
