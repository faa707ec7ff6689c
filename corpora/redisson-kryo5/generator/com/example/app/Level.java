package com.example.app;

/** An enum whose constant has a body: its class is Level$1, which Kryo names. */
public enum Level {
    LOW,
    HIGH {
        @Override
        public int weight() {
            return 10;
        }
    };

    public int weight() {
        return 1;
    }
}
