package kryocorpus;

import java.lang.reflect.Proxy;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import com.acme.graph.Node;
import com.acme.types.Primitives;
import com.acme.util.Color;
import com.acme.util.Greeter;
import com.acme.util.LoggingHandler;
import com.acme.util.Operation;
import com.acme.util.Paint;
import com.acme.util.Permission;
import com.example.Cart;
import com.example.Derived;
import com.example.Outer;
import com.example.PublicFields;

import msmcorpus.KryoBridge;

/**
 * The cases only this corpus has, and why some msm corpus cases have no Kryo twin.
 */
final class KryoCases {
    private KryoCases() {}

    /**
     * One Kryo-only case. {@code notesHex}: the attribute bytes kryo-format.md §7 gives for it
     * (checked byte for byte). {@code expectedRead}: what Kryo is expected to read back, from the
     * attributes written (identity unless Kryo itself drops information).
     */
    record KryoCase(String name, String note, Source source, String notesHex,
            UnaryOperator<Map<String, Object>> expectedRead) {}

    @FunctionalInterface
    interface Source {
        KryoBridge.Prepared prepare(String name, String note) throws Exception;
    }

    static KryoCase fresh(String name, String note, KryoBridge.Fill fill) {
        return new KryoCase(name, note, (n, t) -> KryoBridge.kryoCase(n, t, fill), null, UnaryOperator.identity());
    }

    static KryoCase notes(String name, String note, String hex, KryoBridge.Fill fill) {
        return new KryoCase(name, note, (n, t) -> KryoBridge.kryoCase(n, t, fill), hex, UnaryOperator.identity());
    }

    /** msm corpus cases that have no Kryo twin, and why (cases.md). */
    static final Map<String, String> NOT_TWINNED = new LinkedHashMap<>();

    static {
        NOT_TWINNED.put("jdk_types", "Kryo's DateSerializer keeps only the milliseconds of a java.sql.Timestamp: "
                + "nanos 123456789 come back as 123000000. (Its java.time values would also differ in `class`: "
                + "`java.time.Ser` in the Java blob, the value's own class here.) `kryo_jdk_types` holds the same "
                + "attributes and describes what Kryo reads back.");
        NOT_TWINNED.put("jdk_collections", "`List.of(...)` and `Map.of(...)` values: Kryo 4.0 writes them "
                + "(CollectionSerializer/MapSerializer, by the names `java.util.ImmutableCollections$List12` and "
                + "`$Map1`) but cannot read them back: it creates the immutable collection without a constructor "
                + "and `add`/`put` throw UnsupportedOperationException, so msm would drop the session. "
                + "`kryo_jdk_collections` holds the other attributes.");
        NOT_TWINNED.put("excluded_and_non_serializable", "msm's Kryo transcoder writes the whole attribute map: "
                + "no Serializable check, no exclusion of Tomcat's excluded names. Its blob holds four attributes "
                + "(a `javax.security.auth.Subject`, the crawler valve's string, the non-Serializable "
                + "`DbConnection`, `kept`) where the Java blob holds one, and the shared describer, which lists "
                + "Java-serialization fields, cannot state what Kryo writes for `DbConnection`.");
        NOT_TWINNED.put("not_serializable_marker", "Kryo writes `ReportJob` and its non-Serializable "
                + "`DbConnection` field like any object: there is no TC_EXCEPTION and no marker string, so the "
                + "aborted Java stream has no Kryo counterpart (and the describer cannot state `DbConnection`'s "
                + "Kryo fields).");
    }

    static List<KryoCase> all() {
        List<KryoCase> cases = new ArrayList<>();
        notesExamples(cases);
        jdk(cases);
        registrations(cases);
        layouts(cases);
        return cases;
    }

    // ---------------------------------------------------------------------------- §7

    private static void notesExamples(List<KryoCase> cases) {
        cases.add(notes("kryo_7_1", "kryo-format.md section 7.1: {user=alice, count=3}, attribute bytes as in the notes",
                "01 02 03 01 63 6f 75 6e f4 02 06 03 01 75 73 65 f2 03 01 61 6c 69 63 e5", s -> {
                    s.setAttribute("user", "alice");
                    s.setAttribute("count", 3);
                }));
        cases.add(notes("kryo_7_2", "kryo-format.md section 7.2: a com.example.Cart (fields items, owner, skus; "
                + "List<String> elements without class tags)",
                "01 01 03 01 63 61 72 f4 01 00 63 6f 6d 2e 65 78 61 6d 70 6c 65 2e 43 61 72 f4 "
                        + "01 04 01 61 6c 69 63 e5 01 01 6a 61 76 61 2e 75 74 69 6c 2e 41 72 72 61 79 4c "
                        + "69 73 f4 01 02 01 41 b1 01 42 b2",
                s -> s.setAttribute("cart", new Cart("alice", 2, new ArrayList<>(List.of("A1", "B2"))))));
        cases.add(notes("kryo_7_3", "kryo-format.md section 7.3: the three attributes together, Cart.owner is the "
                + "same String as the user value (back-reference 05)",
                "01 03 | 03 01 63 6f 75 6e f4 | 02 06 | 03 01 75 73 65 f2 | 03 01 61 6c 69 63 e5 | "
                        + "03 01 63 61 72 f4 | 01 00 63 6f 6d 2e 65 78 61 6d 70 6c 65 2e 43 61 72 f4 | 01 | 04 | "
                        + "05 | 01 01 6a 61 76 61 2e 75 74 69 6c 2e 41 72 72 61 79 4c 69 73 f4 | 01 | 02 | "
                        + "01 41 b1 | 01 42 b2",
                s -> {
                    String alice = "alice";
                    s.setAttribute("user", alice);
                    s.setAttribute("count", 3);
                    s.setAttribute("cart", new Cart(alice, 2, new ArrayList<>(List.of("A1", "B2"))));
                }));
        cases.add(notes("kryo_7_4", "kryo-format.md section 7.4: name-id reuse and nulls: two Carts, one with "
                + "skus null, one with owner null and an empty LinkedList",
                "01 02 | 03 01 82 61 | 01 00 <com.example.Cart> 01 | 02 | 01 82 78 | 00 | "
                        + "03 01 82 62 | 01 00 | 01 | 01 | 00 | 01 01 <java.util.LinkedList> 01 | 00",
                s -> {
                    s.setAttribute("a", new Cart("x", 1, null));
                    s.setAttribute("b", new Cart(null, -1, new LinkedList<>()));
                }));
    }

    // ---------------------------------------------------------------------------- JDK values

    private static void jdk(List<KryoCase> cases) {
        cases.add(new KryoCase("kryo_jdk_types",
                "the attributes of corpora/msm jdk_types (boxed primitives, dates, java.time, big numbers, Locale, "
                        + "UUID, enums, Class, builders, atomics, arrays); the Timestamp keeps only its milliseconds",
                (n, t) -> KryoBridge.kryoCaseFrom("jdk_types", n, t, s -> {}), null, written -> {
                    Map<String, Object> expected = new LinkedHashMap<>(written);
                    Timestamp ts = (Timestamp) written.get("timestamp");
                    expected.put("timestamp", new Timestamp(ts.getTime()));
                    return expected;
                }));
        cases.add(new KryoCase("kryo_jdk_collections",
                "the attributes of corpora/msm jdk_collections except listOf1 and mapOf1 (Kryo cannot read "
                        + "immutable collections back)",
                (n, t) -> KryoBridge.kryoCaseFrom("jdk_collections", n, t, s -> {
                    s.removeAttribute("listOf1");
                    s.removeAttribute("mapOf1");
                }), null, UnaryOperator.identity()));
        cases.add(fresh("kryo_comparators", "TreeMap/TreeSet comparators as Kryo 4.0 writes them (with reference "
                + "markers; one comparator shared by two attributes), reverse order, natural order", s -> {
                    TreeMap<String, Integer> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    map.put("b", 1);
                    map.put("A", 2);
                    map.put("C", 3);
                    s.setAttribute("caseInsensitiveMap", map);
                    TreeSet<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                    set.addAll(List.of("b", "A", "C"));
                    s.setAttribute("caseInsensitiveSet", set);
                    TreeSet<String> reversed = new TreeSet<>(Collections.reverseOrder());
                    reversed.addAll(List.of("x", "z", "y"));
                    s.setAttribute("reversed", reversed);
                    s.setAttribute("natural", new TreeSet<>(List.of("b", "A", "C")));
                }));
        cases.add(fresh("kryo_class_objects", "Class values: ClassSerializer's isPrimitive byte (int.class vs "
                + "Integer.class, void.class vs Void.class on registration 9), arrays, an application class", s -> {
                    s.setAttribute("string", String.class);
                    s.setAttribute("int", int.class);
                    s.setAttribute("integer", Integer.class);
                    s.setAttribute("double", double.class);
                    s.setAttribute("doubleWrapper", Double.class);
                    s.setAttribute("void", void.class);
                    s.setAttribute("voidWrapper", Void.class);
                    s.setAttribute("cart", com.shop.model.Cart.class);
                    s.setAttribute("intArray", int[].class);
                    s.setAttribute("stringArray", String[].class);
                    s.setAttribute("doubleValue", 1.5d);
                }));
        cases.add(fresh("kryo_string_arrays", "String[] as Kryo 4.0 writes it with references on: a null/reference "
                + "marker per element, a repeated element as a back-reference; String[][] and an empty array", s -> {
                    String shared = new String("dup");
                    s.setAttribute("strings", new String[] {"a", shared, null, shared});
                    s.setAttribute("nested", new String[][] {{"x", "y"}, null, {"x"}});
                    s.setAttribute("empty", new String[0]);
                }));
    }

    // ---------------------------------------------------------------------------- msm registrations

    private static void registrations(List<KryoCase> cases) {
        cases.add(fresh("kryo_msm_registrations", "every class msm registers (ids 10-25: Arrays$ArrayList, a JDK "
                + "proxy, the seven unmodifiable and seven synchronized wrappers) and its EnumMap serializer", s -> {
                    s.setAttribute("arraysAsListStrings", Arrays.asList("x", "y"));
                    s.setAttribute("arraysAsListInts", Arrays.asList(1, 2));
                    s.setAttribute("proxy", Proxy.newProxyInstance(Greeter.class.getClassLoader(),
                            new Class<?>[] {Greeter.class, Runnable.class}, new LoggingHandler("Hello, ")));
                    s.setAttribute("unmodifiableCollection",
                            Collections.unmodifiableCollection(new ArrayList<>(List.of("c"))));
                    s.setAttribute("unmodifiableRandomAccessList",
                            Collections.unmodifiableList(new ArrayList<>(List.of(1))));
                    s.setAttribute("unmodifiableList", Collections.unmodifiableList(new LinkedList<>(List.of("l"))));
                    s.setAttribute("unmodifiableSet", Collections.unmodifiableSet(new HashSet<>(List.of("s"))));
                    s.setAttribute("unmodifiableSortedSet",
                            Collections.unmodifiableSortedSet(new TreeSet<>(List.of("b", "a"))));
                    s.setAttribute("unmodifiableMap", Collections.unmodifiableMap(new HashMap<>(Map.of("k", "v"))));
                    s.setAttribute("unmodifiableSortedMap",
                            Collections.unmodifiableSortedMap(new TreeMap<>(Map.of("k", 1))));
                    s.setAttribute("synchronizedCollection",
                            Collections.synchronizedCollection(new ArrayList<>(List.of("c"))));
                    s.setAttribute("synchronizedRandomAccessList",
                            Collections.synchronizedList(new ArrayList<>(List.of(1))));
                    s.setAttribute("synchronizedList", Collections.synchronizedList(new LinkedList<>(List.of("l"))));
                    s.setAttribute("synchronizedSet", Collections.synchronizedSet(new HashSet<>(List.of("s"))));
                    s.setAttribute("synchronizedSortedSet",
                            Collections.synchronizedSortedSet(new TreeSet<>(List.of("b", "a"))));
                    s.setAttribute("synchronizedMap", Collections.synchronizedMap(new HashMap<>(Map.of("k", "v"))));
                    s.setAttribute("synchronizedSortedMap",
                            Collections.synchronizedSortedMap(new TreeMap<>(Map.of("k", 1))));
                    EnumMap<Color, Object> enumMap = new EnumMap<>(Color.class);
                    enumMap.put(Color.RED, "r");
                    enumMap.put(Color.BLUE, 7);
                    s.setAttribute("enumMap", enumMap);
                }));
        cases.add(fresh("kryo_enums", "enums: plain, constants with bodies (class name Operation$1/$2), enum fields, "
                + "EnumSets (one naming Operation$1, a JumboEnumSet, an empty one), an EnumMap keyed by them", s -> {
                    s.setAttribute("color", Color.BLUE);
                    s.setAttribute("operation", Operation.TIMES);
                    s.setAttribute("paint", new Paint(Color.RED, Operation.PLUS, 2));
                    s.setAttribute("operations", EnumSet.of(Operation.PLUS, Operation.IDENTITY));
                    s.setAttribute("permissions", EnumSet.of(Permission.PERM_00, Permission.PERM_65, Permission.PERM_69));
                    s.setAttribute("noColors", EnumSet.noneOf(Color.class));
                    EnumMap<Operation, String> byOperation = new EnumMap<>(Operation.class);
                    byOperation.put(Operation.TIMES, "t");
                    s.setAttribute("byOperation", byOperation);
                }));
    }

    // ---------------------------------------------------------------------------- FieldSerializer

    private static void layouts(List<KryoCase> cases) {
        cases.add(fresh("kryo_field_layouts", "FieldSerializer layouts: all primitive field types, fields shadowed "
                + "by a subclass, an inner class's this$0, public generic fields, a two-node cycle", s -> {
                    s.setAttribute("primitives", new Primitives(true, (byte) -1, '\u00e9', (short) -300,
                            Integer.MIN_VALUE, Long.MIN_VALUE, 1.5f, -0.0d));
                    s.setAttribute("shadowed", new Derived(1, "base", 2, "derived", true));
                    s.setAttribute("inner", new Outer("outer").inner("inner"));
                    Map<String, Integer> scores = new HashMap<>();
                    scores.put("k", 1);
                    s.setAttribute("publicFields", new PublicFields(2, new ArrayList<>(List.of("A1", "B2")), scores));
                    Node a = new Node("a");
                    Node b = new Node("b");
                    a.setNext(b);
                    b.setNext(a);
                    s.setAttribute("cycle", a);
                }));
    }
}
