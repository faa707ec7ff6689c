package com.example.app;

import com.example.shop.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Generic fields in the shapes Kryo 5 writes differently: final and non-final element types, nulls, nesting. */
public class Bag<T> {
    private List<String> withNull = new ArrayList<>(Arrays.asList("a", null, "c"));
    private List<String> allNull = new ArrayList<>(Arrays.asList(null, null));
    private List<Integer> ints = new ArrayList<>(List.of(1, 2));
    private List<Object> empty = new ArrayList<>();
    private List<Object> mixed = new ArrayList<>(Arrays.asList("x", 1L));
    private Set<Step> steps = EnumSet.of(Step.PAID);
    private Map<String, Date> dates = new HashMap<>();
    private Map<Step, String> byStep = new LinkedHashMap<>();
    private TreeMap<String, Integer> sorted = new TreeMap<>(Map.of("k", 1));
    private List<List<String>> nested = new ArrayList<>();
    private Map<String, List<Integer>> index = new HashMap<>();
    private T value;
    private Object boxed = 7L;
    private Integer none;
    private char[] chars = {'h', 'é'};
    private boolean[] flags = {true, false};
    private double[] doubles = {0.5};
    private short[] shorts = {-2};
    private String longText = "y".repeat(40);

    public Bag(T value, Date when) {
        this.value = value;
        dates.put("when", when);
        byStep.put(Step.BROWSING, "b");
        nested.add(new ArrayList<>(List.of("n1")));
        index.put("i", new ArrayList<>(List.of(3)));
    }
}
