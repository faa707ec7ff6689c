package com.example.shop;

import java.io.Serializable;

/** A linked node: two of them pointing at each other make a cycle. */
public class Node implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String label;
    private Node next;

    public Node(String label) {
        this.label = label;
    }

    public void link(Node next) {
        this.next = next;
    }
}
