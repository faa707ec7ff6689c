package com.acme.graph;

import java.io.Serializable;

/** A linked-list node; {@code next} can close a cycle. */
public class Node implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private Node next;

    public Node(String name) {
        this.name = name;
    }

    public void setNext(Node next) { this.next = next; }
    public Node getNext() { return next; }
}
