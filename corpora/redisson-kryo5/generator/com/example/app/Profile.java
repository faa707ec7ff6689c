package com.example.app;

import com.example.shop.Step;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Not Serializable: Redisson's Kryo5Codec writes it with FieldSerializer all the same. */
public class Profile extends Person {
    private long id;
    private boolean active;
    private double score;
    private char grade;
    private Address home;
    private Address work;
    private List<String> tags = new ArrayList<>();
    private Map<String, Integer> counters = new HashMap<>();
    private Object extra;
    private Step step;
    private Date since;
    private Integer boxed;
    private String nickname;
    private int[] lucky;

    public Profile(String name, int age, long id) {
        this.name = name;
        this.age = age;
        this.id = id;
    }

    public Profile fill(Object extra, Date since) {
        this.active = true;
        this.score = 4.5;
        this.grade = 'B';
        this.home = new Address("1 Main St", "Springfield", 12345);
        this.tags.add("vip");
        this.tags.add("beta");
        this.counters.put("logins", 7);
        this.extra = extra;
        this.step = Step.CHECKOUT;
        this.since = since;
        this.boxed = 42;
        this.lucky = new int[] {7, 13};
        return this;
    }
}
