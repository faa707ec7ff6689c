package com.example;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Public, non-final fields in a public class: Kryo 2.20 would access them through ReflectASM
 * and drop their generic type arguments; Kryo 4.0 (and 2.20 on its reflection path) passes
 * {@code String} on, so the list elements and map keys carry no class tag.
 */
public class PublicFields implements Serializable {
    private static final long serialVersionUID = 1L;

    public int count;
    public List<String> tags;
    public Map<String, Integer> scores;

    public PublicFields(int count, List<String> tags, Map<String, Integer> scores) {
        this.count = count;
        this.tags = tags;
        this.scores = scores;
    }
}
