package com.example;

/**
 * Shadows both fields of {@link Base}. Kryo sorts all fields by name with a stable sort over
 * "own fields first, then the superclass's", so the order is flag, name (Derived), name (Base),
 * x (Derived), x (Base).
 */
public class Derived extends Base {
    private static final long serialVersionUID = 1L;

    protected int x;
    protected String name;
    private boolean flag;

    public Derived(int baseX, String baseName, int x, String name, boolean flag) {
        super(baseX, baseName);
        this.x = x;
        this.name = name;
        this.flag = flag;
    }
}
