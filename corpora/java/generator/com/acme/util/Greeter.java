package com.acme.util;

public interface Greeter {
    String greet(String name);
}
