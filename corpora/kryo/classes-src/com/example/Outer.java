package com.example;

import java.io.Serializable;

/**
 * An inner (non-static) class: its synthetic {@code this$0} field is written because msm's
 * FieldSerializer factory turns {@code ignoreSyntheticFields} off.
 */
public class Outer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String title;

    public Outer(String title) {
        this.title = title;
    }

    public Inner inner(String label) {
        return new Inner(label);
    }

    public class Inner implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String label;

        Inner(String label) {
            this.label = label;
        }

        /** Uses the enclosing instance, so every javac keeps {@code this$0}. */
        public String path() {
            return title + "/" + label;
        }
    }
}
