package corpus;

import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns the top-level items of a stream into the JSON shape of DESCRIPTION.md ("Object
 * descriptions").
 *
 * <p>Identity is handled in a single traversal: every array, map, collection and plain object
 * (rules 12-15) gets a JSON node the first time it is reached, and a placeholder node each later
 * time. When the traversal is done, the objects reached more than once are numbered in the order
 * of their first description and the nodes are patched with {@code "id"} / {@code "ref"}. That is
 * the same numbering as a counting pre-pass followed by a describing pass.
 */
final class Describer {

    /** A top-level item: an object, a run of block data, an exception, or a handle-table reset. */
    sealed interface Item permits Obj, Data, Failure, Reset {}

    record Obj(Object value) implements Item {}

    record Data(byte[] bytes) implements Item {}

    record Failure(Throwable thrown) implements Item {}

    /**
     * The writer's handle table was cleared here ({@code reset()}, or the resets around a
     * {@code TC_EXCEPTION}). Only honoured when describing the original objects: the same Java
     * object written on both sides of a reset is two objects in the stream.
     */
    record Reset() implements Item {}

    /**
     * Classes the stream carries under another name (DESCRIPTION.md, "Class names"): JDK
     * collections whose {@code writeReplace} substitutes a serial form.
     */
    private static final Map<String, String> STREAM_NAMES = Map.of(
            "java.util.RegularEnumSet", "java.util.EnumSet$SerializationProxy",
            "java.util.JumboEnumSet", "java.util.EnumSet$SerializationProxy",
            "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableList",
            "java.util.Collections$SynchronizedRandomAccessList", "java.util.Collections$SynchronizedList");

    private static final String IMMUTABLE_PREFIX = "java.util.ImmutableCollections$";

    private final boolean honourResets;

    /**
     * The extended rules (corpora/beyond/DESCRIPTION.md) for values Java serialization cannot
     * write or that the rules above describe only partly: objects of non-Serializable classes,
     * fields of non-Serializable superclasses, throwables, BitSets, comparators of sorted
     * collections, Properties defaults, the collection inside a Collections wrapper, and the
     * runtime class where a stream name stands for it. Off for every other corpus, whose output
     * is the same as without them.
     */
    private final boolean extended;

    /** Identity of rules 12-15 objects within the current handle epoch. */
    private IdentityHashMap<Object, Node> seen = new IdentityHashMap<>();

    /** Like the writer's substitution table: one replacement per original object. */
    private IdentityHashMap<Object, Object> replacements = new IdentityHashMap<>();

    /** First descriptions in the order they started. */
    private final List<Node> firstSeen = new ArrayList<>();

    private static final class Node {
        final Map<String, Object> first;
        final List<Map<String, Object>> refs = new ArrayList<>();

        Node(Map<String, Object> first) {
            this.first = first;
        }
    }

    private Describer(boolean honourResets, boolean extended) {
        this.honourResets = honourResets;
        this.extended = extended;
    }

    /**
     * Describes {@code items} as the {@code contents} list. {@code honourResets}: treat
     * {@link Reset} items as the start of a new identity scope (for original objects).
     */
    static List<Object> contents(List<Item> items, boolean honourResets) {
        return new Describer(honourResets, false).describeAll(items);
    }

    /** {@link #contents} with the extended rules (corpora/beyond/DESCRIPTION.md). */
    static List<Object> contentsExtended(List<Item> items) {
        return new Describer(false, true).describeAll(items);
    }

    private List<Object> describeAll(List<Item> items) {
        List<Object> out = new ArrayList<>();
        for (Item item : items) {
            if (item instanceof Obj o) {
                out.add(describe(o.value()));
            } else if (item instanceof Data d) {
                out.add(obj("blockdata", hex(d.bytes())));
            } else if (item instanceof Failure f) {
                Map<String, Object> ex = obj("class", f.thrown().getClass().getName());
                ex.put("message", f.thrown().getMessage());
                out.add(obj("exception", ex));
            } else if (item instanceof Reset && honourResets) {
                seen = new IdentityHashMap<>();
                replacements = new IdentityHashMap<>();
            }
        }
        int next = 1;
        for (Node node : firstSeen) {
            if (node.refs.isEmpty()) continue;
            int id = next++;
            // Put "id" first: easier to spot when reading a file.
            Map<String, Object> copy = new LinkedHashMap<>(node.first);
            node.first.clear();
            node.first.put("id", id);
            node.first.putAll(copy);
            for (Map<String, Object> ref : node.refs) ref.put("ref", id);
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------

    Object describe(Object o) {
        if (o == null) return null;
        Class<?> c = o.getClass();
        // 1. String
        if (o instanceof String s) return text(s, "string");
        // 2. boxed primitives
        if (c == Integer.class || c == Long.class || c == Short.class || c == Byte.class
                || c == Character.class || c == Boolean.class || c == Float.class || c == Double.class) {
            return classed(c, "value", primitive(o));
        }
        // 3. enum constants
        if (o instanceof Enum<?> e) {
            Map<String, Object> m = obj("enum", e.getDeclaringClass().getName());
            m.put("name", e.name());
            return m;
        }
        // 4. Class objects
        if (o instanceof Class<?> k) return obj("java_class", k.getName());
        // 5. dates
        if (c == java.sql.Timestamp.class) {
            java.sql.Timestamp t = (java.sql.Timestamp) o;
            Map<String, Object> m = classed(c, "millis", t.getTime());
            m.put("nanos", t.getNanos());
            return m;
        }
        if (c == java.util.Date.class || c == java.sql.Date.class || c == java.sql.Time.class) {
            return classed(c, "millis", ((java.util.Date) o).getTime());
        }
        // 6. big numbers
        if (c == BigInteger.class) return classed(c, "value", o.toString());
        if (c == BigDecimal.class) {
            BigDecimal d = (BigDecimal) o;
            Map<String, Object> m = classed(c, "unscaled", d.unscaledValue().toString());
            m.put("scale", d.scale());
            return m;
        }
        // 7. UUID
        if (c == UUID.class) return classed(c, "value", o.toString());
        // 8. Locale
        if (c == Locale.class) {
            Locale l = (Locale) o;
            Map<String, Object> m = classed(c, "language", l.getLanguage());
            m.put("country", l.getCountry());
            m.put("variant", l.getVariant());
            m.put("script", l.getScript());
            return m;
        }
        // 9. string builders
        if (c == StringBuilder.class || c == StringBuffer.class) {
            Map<String, Object> m = obj("class", c.getName());
            m.putAll(text(o.toString(), "string"));
            return m;
        }
        // 10. atomics
        if (c == AtomicInteger.class) return classed(c, "value", ((AtomicInteger) o).get());
        if (c == AtomicLong.class) return classed(c, "value", ((AtomicLong) o).get());
        // 11. java.time
        if (c.getPackageName().equals("java.time")) return classed(c, "value", o.toString());
        // Extended rule: BitSet, a value like rules 1-11.
        if (extended && c == BitSet.class) {
            List<Object> bits = new ArrayList<>();
            ((BitSet) o).stream().forEach(bits::add);
            return classed(c, "set_bits", bits);
        }

        // 12-15: objects with identity.
        if (!c.isArray() && !(o instanceof Map) && !(o instanceof Collection)) {
            Object rep = replacement(o);
            if (rep != o) return describe(rep);
        }
        Node node = seen.get(o);
        if (node != null) {
            Map<String, Object> ref = new LinkedHashMap<>();
            node.refs.add(ref);
            return ref;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        node = new Node(m);
        seen.put(o, node);
        firstSeen.add(node);

        if (c.isArray()) {
            m.put("class", c.getName());
            m.put("elements", arrayElements(o));
        } else if (o instanceof Map<?, ?> map) {
            m.put("class", streamName(c));
            if (extended) runtimeClass(c, m);
            List<Object> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                List<Object> pair = new ArrayList<>(2);
                pair.add(describe(e.getKey()));
                pair.add(describe(e.getValue()));
                entries.add(pair);
            }
            m.put("entries", entries);
            if (extended) collectionExtras(o, m);
        } else if (o instanceof Collection<?> coll) {
            m.put("class", streamName(c));
            if (extended) runtimeClass(c, m);
            List<Object> elements = new ArrayList<>();
            for (Object e : coll) elements.add(describe(e));
            m.put("elements", elements);
            if (extended) collectionExtras(o, m);
        } else if (extended && o instanceof Throwable t) {
            throwable(t, m);
        } else if (extended && !(o instanceof Serializable) && !Proxy.isProxyClass(c)) {
            notSerializable(o, m);
        } else if (Proxy.isProxyClass(c)) {
            List<Object> ifaces = new ArrayList<>();
            for (Class<?> i : c.getInterfaces()) ifaces.add(i.getName());
            m.put("proxy", ifaces);
            Map<String, Object> h = obj("class", Proxy.class.getName());
            h.put("name", "h");
            h.put("value", describe(Proxy.getInvocationHandler(o)));
            m.put("fields", new ArrayList<>(List.of(h)));
        } else {
            plainObject(o, m);
        }
        return m;
    }

    /** Rule 15: serializable fields superclass first, then the writeObject annotations. */
    private void plainObject(Object o, Map<String, Object> m) {
        Class<?> c = o.getClass();
        m.put("class", c.getName());
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> k = c; k != null && Serializable.class.isAssignableFrom(k); k = k.getSuperclass()) {
            chain.add(0, k);
        }
        List<Object> fields = new ArrayList<>();
        List<Object> annotations = new ArrayList<>();
        if (extended) {
            // Fields of non-Serializable superclasses: not in the Java stream (the first one's
            // no-arg constructor sets them on reading), but other formats write them.
            List<Class<?>> outside = new ArrayList<>();
            for (Class<?> k = chain.isEmpty() ? c : chain.get(0).getSuperclass(); k != null && k != Object.class;
                    k = k.getSuperclass()) {
                outside.add(0, k);
            }
            for (Class<?> k : outside) {
                for (Field f : instanceFields(k)) {
                    Map<String, Object> fm = obj("class", k.getName());
                    fm.put("name", f.getName());
                    fm.put("value", describe(read(f, o)));
                    fm.put("outside_java_serialization", true);
                    fields.add(fm);
                }
            }
        }
        for (Class<?> k : chain) {
            ObjectStreamClass osc = ObjectStreamClass.lookup(k);
            for (ObjectStreamField f : osc.getFields()) {
                Map<String, Object> fm = obj("class", k.getName());
                fm.put("name", f.getName());
                fm.put("value", describe(fieldValue(o, k, f.getName())));
                fields.add(fm);
            }
            boolean custom = declares(k, "writeObject", java.io.ObjectOutputStream.class)
                    || (java.io.Externalizable.class.isAssignableFrom(k) && k == c);
            List<Object> data = o instanceof Annotated a ? a.serialAnnotation(k) : null;
            if (data != null && !data.isEmpty()) {
                if (!custom) throw new IllegalStateException(k.getName() + " has no writeObject to annotate");
                List<Object> items = new ArrayList<>();
                for (Object d : data) items.add(d instanceof byte[] b ? obj("blockdata", hex(b)) : describe(d));
                Map<String, Object> am = obj("class", k.getName());
                am.put("contents", items);
                annotations.add(am);
            } else if (custom && !(o instanceof Annotated)) {
                // Its custom data would be missing from the description: refuse rather than guess.
                throw new IllegalStateException("cannot describe what " + k.getName() + ".writeObject writes");
            }
        }
        m.put("fields", fields);
        if (!annotations.isEmpty()) m.put("annotations", annotations);
    }

    // ------------------------------------------------------------------------- extended rules

    /** The runtime class, where the class named by rules 12-14 is another (a stream name). */
    private static void runtimeClass(Class<?> c, Map<String, Object> m) {
        if (!c.getName().equals(m.get("class"))) m.put("runtime_class", c.getName());
    }

    /**
     * Comparator of a sorted map/set or priority queue, defaults of a Properties, and for a
     * java.util.Collections wrapper the collection it wraps and the element types it checks.
     */
    private void collectionExtras(Object o, Map<String, Object> m) {
        Class<?> c = o.getClass();
        if (o instanceof SortedMap<?, ?> sm) m.put("comparator", describe(sm.comparator()));
        if (o instanceof SortedSet<?> ss) m.put("comparator", describe(ss.comparator()));
        if (o instanceof PriorityQueue<?> pq) m.put("comparator", describe(pq.comparator()));
        if (o instanceof Properties) m.put("defaults", describe(read(field(Properties.class, "defaults"), o)));
        if (c.getName().startsWith("java.util.Collections$")) {
            for (String[] f : new String[][] {{"c", "wrapped"}, {"m", "wrapped"}, {"type", "checked_type"},
                    {"keyType", "checked_key_type"}, {"valueType", "checked_value_type"}}) {
                Field field = findField(c, f[0]);
                if (field != null && !m.containsKey(f[1])) m.put(f[1], describe(read(field, o)));
            }
        }
    }

    /** Class, message, cause, suppressed, stack trace, and fields subclasses of Throwable declare. */
    private void throwable(Throwable t, Map<String, Object> m) {
        m.put("class", t.getClass().getName());
        m.put("message", t.getMessage());
        m.put("cause", describe(t.getCause()));
        List<Object> suppressed = new ArrayList<>();
        for (Throwable s : t.getSuppressed()) suppressed.add(describe(s));
        m.put("suppressed", suppressed);
        List<Object> trace = new ArrayList<>();
        for (StackTraceElement e : t.getStackTrace()) {
            Map<String, Object> f = obj("declaring_class", e.getClassName());
            f.put("method", e.getMethodName());
            f.put("file", e.getFileName());
            f.put("line", e.getLineNumber());
            if (e.getModuleName() != null) f.put("module", e.getModuleName());
            if (e.getModuleVersion() != null) f.put("module_version", e.getModuleVersion());
            if (e.getClassLoaderName() != null) f.put("class_loader", e.getClassLoaderName());
            trace.add(f);
        }
        m.put("stack_trace", trace);
        List<Object> fields = new ArrayList<>();
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> k = t.getClass(); k != Throwable.class; k = k.getSuperclass()) chain.add(0, k);
        for (Class<?> k : chain) {
            if (k.getName().startsWith("java.")) continue;
            for (Field f : instanceFields(k)) {
                Map<String, Object> fm = obj("class", k.getName());
                fm.put("name", f.getName());
                fm.put("value", describe(read(f, t)));
                fields.add(fm);
            }
        }
        if (!fields.isEmpty()) m.put("fields", fields);
    }

    /**
     * An object of a class that is not Serializable: every non-static, non-transient field of
     * the class and its superclasses (superclass first, each class in declaration order), with the
     * declaring class where a name occurs more than once.
     */
    private void notSerializable(Object o, Map<String, Object> m) {
        m.put("class", o.getClass().getName());
        m.put("not_serializable", true);
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> k = o.getClass(); k != null && k != Object.class; k = k.getSuperclass()) chain.add(0, k);
        List<Field> all = new ArrayList<>();
        for (Class<?> k : chain) all.addAll(instanceFields(k));
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (Field f : all) counts.merge(f.getName(), 1, Integer::sum);
        List<Object> fields = new ArrayList<>();
        for (Field f : all) {
            Map<String, Object> fm = new LinkedHashMap<>();
            if (counts.get(f.getName()) > 1) fm.put("class", f.getDeclaringClass().getName());
            fm.put("name", f.getName());
            fm.put("value", describe(read(f, o)));
            fields.add(fm);
        }
        m.put("fields", fields);
    }

    /** Non-static, non-transient fields a class declares, in declaration order. */
    private static List<Field> instanceFields(Class<?> k) {
        List<Field> out = new ArrayList<>();
        for (Field f : k.getDeclaredFields()) {
            int mods = f.getModifiers();
            if (!Modifier.isStatic(mods) && !Modifier.isTransient(mods)) out.add(f);
        }
        return out;
    }

    private static Field findField(Class<?> c, String name) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                return k.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // superclass
            }
        }
        return null;
    }

    private static Field field(Class<?> k, String name) {
        Field f = findField(k, name);
        if (f == null) throw new IllegalStateException("no field " + k.getName() + "." + name);
        return f;
    }

    private static Object read(Field f, Object o) {
        try {
            f.setAccessible(true);
            return f.get(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("field " + f.getDeclaringClass().getName() + "." + f.getName(), e);
        }
    }

    private static Object fieldValue(Object o, Class<?> k, String name) {
        if (o instanceof SerialFields sf && hasPersistentFields(k)) return sf.serialFieldValue(k, name);
        try {
            Field f = k.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(o);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("field " + k.getName() + "." + name, e);
        }
    }

    private static boolean hasPersistentFields(Class<?> k) {
        try {
            k.getDeclaredField("serialPersistentFields");
            return true;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    /**
     * The object {@code ObjectOutputStream} writes in place of {@code o}: {@code writeReplace}
     * applied until it returns null, the same object, or an object of the same class.
     */
    private Object replacement(Object o) {
        Object known = replacements.get(o);
        if (known != null) return known;
        Object rep = o;
        for (;;) {
            Method wr = writeReplace(rep.getClass());
            if (wr == null) break;
            Object next;
            try {
                wr.setAccessible(true);
                next = wr.invoke(rep);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("writeReplace of " + rep.getClass().getName(), e);
            }
            if (next == null) break;
            Class<?> before = rep.getClass();
            rep = next;
            if (next.getClass() == before) break;
        }
        replacements.put(o, rep);
        return rep;
    }

    /** A writeReplace() the serialization machinery would call, looked up like it does. */
    private static Method writeReplace(Class<?> c) {
        if (!Serializable.class.isAssignableFrom(c)) return null;
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                Method m = k.getDeclaredMethod("writeReplace");
                int mods = m.getModifiers();
                if (Modifier.isStatic(mods) || Modifier.isAbstract(mods)) return null;
                if (Modifier.isPrivate(mods) && k != c) return null;
                if (!Modifier.isPublic(mods) && !Modifier.isProtected(mods) && !Modifier.isPrivate(mods)
                        && !k.getPackageName().equals(c.getPackageName())) {
                    return null;
                }
                return m;
            } catch (NoSuchMethodException e) {
                // keep looking in the superclass
            }
        }
        return null;
    }

    private static boolean declares(Class<?> k, String name, Class<?> param) {
        try {
            Method m = k.getDeclaredMethod(name, param);
            return Modifier.isPrivate(m.getModifiers()) && !Modifier.isStatic(m.getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Rules 12-14 class name: the name the stream carries. */
    private static String streamName(Class<?> c) {
        String name = c.getName();
        if (name.startsWith(IMMUTABLE_PREFIX)) return "java.util.CollSer";
        String mapped = STREAM_NAMES.get(name);
        if (mapped != null) return mapped;
        if (writeReplace(c) != null) {
            // A JDK collection writing itself under another name that the table does not cover.
            throw new IllegalStateException("no stream name known for " + name);
        }
        return name;
    }

    private List<Object> arrayElements(Object array) {
        List<Object> out = new ArrayList<>();
        int n = java.lang.reflect.Array.getLength(array);
        boolean primitive = array.getClass().getComponentType().isPrimitive();
        for (int i = 0; i < n; i++) {
            Object e = java.lang.reflect.Array.get(array, i);
            out.add(primitive ? primitive(e) : describe(e));
        }
        return out;
    }

    /** A boxed primitive as a bare JSON value (rule 2's "value"). */
    static Object primitive(Object boxed) {
        if (boxed instanceof Character ch) return (int) ch;
        if (boxed instanceof Float f) return String.format("0x%08x", Float.floatToRawIntBits(f));
        if (boxed instanceof Double d) return String.format("0x%016x", Double.doubleToRawLongBits(d));
        if (boxed instanceof Byte b) return (int) b;
        if (boxed instanceof Short s) return (int) s;
        return boxed; // Integer, Long, Boolean
    }

    /** {@code {key: s}}, or {@code {"utf16": [...]}} when s holds an unpaired surrogate. */
    static Map<String, Object> text(CharSequence s, String key) {
        if (!Json.hasUnpairedSurrogate(s)) return obj(key, s.toString());
        List<Object> units = new ArrayList<>(s.length());
        for (int i = 0; i < s.length(); i++) units.add((int) s.charAt(i));
        return obj("utf16", units);
    }

    private static Map<String, Object> classed(Class<?> c, String key, Object value) {
        Map<String, Object> m = obj("class", c.getName());
        m.put(key, value);
        return m;
    }

    static Map<String, Object> obj(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
