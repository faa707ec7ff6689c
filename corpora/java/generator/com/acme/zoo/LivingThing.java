package com.acme.zoo;

/**
 * Not serializable: its state is not in the stream, and deserialization runs this no-arg
 * constructor instead.
 */
public class LivingThing {
    protected long bornAtMillis;
    protected String kingdom;

    public LivingThing() {
        this.kingdom = "Animalia";
    }
}
