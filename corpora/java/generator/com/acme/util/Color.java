package com.acme.util;

public enum Color {
    RED, GREEN, BLUE
}
