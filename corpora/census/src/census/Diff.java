package census;

import sun.misc.Unsafe;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.PriorityBlockingQueue;

/**
 * Deep structural comparison of an original value and its read-back. Returns what differs, with
 * a path from the value ({@code .field}, {@code [index]}, {@code {key}}, {@code .method()}).
 *
 * <ol>
 * <li>Same object: equal. Either null: changed.</li>
 * <li>Sharing: an object reached twice in the original must be one object in the read-back
 * (strings and boxed primitives exempt); this also closes cycles.</li>
 * <li>Identity: an object that Java serialization's own read-back returned as the very same
 * instance (a readResolve singleton such as Collections.EMPTY_LIST or
 * String.CASE_INSENSITIVE_ORDER, an enum constant, a Class) must come back as that instance from
 * the other formats too; reported only when the contents agree (Locale exempt: Java returns it
 * from a cache, it is not a singleton).</li>
 * <li>Class identity (lambdas compared as their SerializedLambda, proxies by interface list and
 * invocation handler).</li>
 * <li>Value classes (String, boxed primitives, BigInteger, BigDecimal, BitSet, Locale, URI, UUID,
 * X500Principal, TimeZone, the final java.time classes): equals(); where both print alike, the
 * fields show what differs.</li>
 * <li>By meaning: Pattern (pattern, flags), Calendar (time, zone, lenient, first day of week,
 * minimal days, Gregorian change, YEAR, ERA), StringBuilder/StringBuffer (text),
 * ObjectStreamClass (name, serialVersionUID, class, fields), PermissionCollection (elements).</li>
 * <li>Arrays: length and every element.</li>
 * <li>Collections and maps: size() against iteration, elements in iteration order where the type
 * defines one (else matched as a multiset; an order-only change is reported as such),
 * contains()/containsKey() in the read-back, comparator() where no field holds it,
 * remainingCapacity() of blocking queues, the TreeSet backing map's class, then the non-transient
 * fields (storage arrays by class only).</li>
 * <li>Uses whose results must agree: DateFormat/NumberFormat/MessageFormat/ChoiceFormat format(),
 * Pattern matcher().find(), File isAbsolute()/getParent(), InetAddress getHostAddress(),
 * InetSocketAddress toString(), Random nextLong().</li>
 * <li>Throwables: detail message, getMessage(), getCause(), getStackTrace(), the
 * suppressed-exceptions list, and the fields of subclasses.</li>
 * <li>Everything else: every non-static field of every class up to Object, transient ones
 * included, except the caches in {@link #IGNORED}.</li>
 * <li>Finally, when nothing differed but the class overrides equals() (containers aside),
 * equals() must hold.</li>
 * </ol>
 */
final class Diff {
    static final Unsafe U;

    static {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            U = (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Fields not compared: lazily computed caches and capacity-derived values, which legitimately
     * differ between an object and an equal copy. Class name to field names.
     */
    static final Map<String, Set<String>> IGNORED = new LinkedHashMap<>();

    static {
        ignore("java.util.Date", "cdate");                 // transient BaseCalendar.Date cache of fastTime
        ignore("java.util.HashMap", "threshold");          // capacity * loadFactor
        ignore("java.util.Hashtable", "threshold");        // capacity * loadFactor
        ignore("java.lang.ThreadLocal", "threadLocalHashCode"); // drawn from a global counter per ThreadLocal
        ignore("java.lang.NullPointerException", "extendedMessageState", "extendedMessage"); // compared via getMessage()
        ignore("java.text.DecimalFormatSymbols", "currency", "currencyInitialized"); // set lazily; equals() compares them
        ignore("sun.util.locale.BaseLocale", "hash");      // lazily computed hashCode()
        ignore("java.lang.StackTraceElement", "declaringClassObject", "format"); // transient; format only steers toString()
    }

    private static void ignore(String cls, String... fields) {
        IGNORED.computeIfAbsent(cls, k -> new LinkedHashSet<>()).addAll(List.of(fields));
    }

    static final Set<Class<?>> VALUE_CLASSES = Set.of(String.class, Boolean.class, Character.class,
            Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class,
            java.math.BigInteger.class, java.math.BigDecimal.class, java.util.BitSet.class,
            java.util.Locale.class, java.net.URI.class, java.util.UUID.class,
            javax.security.auth.x500.X500Principal.class);

    /**
     * Classes whose instances Java's read-back returns from a cache rather than as a singleton:
     * their identity is not compared.
     */
    static final Set<Class<?>> CACHED_NOT_SINGLETON = Set.of(java.util.Locale.class);

    /** Classes whose equals() must not be called (java.net.URL.equals resolves host names). */
    static final Set<Class<?>> NO_EQUALS = Set.of(java.net.URL.class);

    /** Compared by identity only (walking them would leave the value being compared). */
    static final Set<Class<?>> IDENTITY_ONLY = Set.of(ClassLoader.class, Thread.class, Module.class,
            ThreadGroup.class, Unsafe.class);

    static boolean isValueClass(Class<?> c) {
        if (VALUE_CLASSES.contains(c)) return true;
        if (java.util.TimeZone.class.isAssignableFrom(c)) return true;
        return c.getPackageName().startsWith("java.time") && Modifier.isFinal(c.getModifiers())
                && !Throwable.class.isAssignableFrom(c);
    }

    private static boolean isSharingExempt(Object o) {
        return o instanceof String || o instanceof Boolean || o instanceof Character || o instanceof Byte
                || o instanceof Short || o instanceof Integer || o instanceof Long || o instanceof Float
                || o instanceof Double;
    }

    private final Set<Object> mustStayIdentical;
    /** Objects the read-back shares with the original (filled on every pass; the Java pass's set is the reference). */
    final Set<Object> identical = Collections.newSetFromMap(new IdentityHashMap<>());
    private final IdentityHashMap<Object, Object> pairs = new IdentityHashMap<>();
    private final boolean quiet;
    private Object identityChecked;
    private final List<String> found = new ArrayList<>();
    private int count;
    private int steps;

    private Diff(Set<Object> mustStayIdentical, boolean quiet) {
        this.mustStayIdentical = mustStayIdentical;
        this.quiet = quiet;
    }

    /** Null if equal, otherwise up to four differences, "; "-joined. */
    static String compare(Object original, Object readBack, Set<Object> mustStayIdentical, Set<Object> identicalOut) {
        Diff d = new Diff(mustStayIdentical, false);
        d.diff("", original, readBack);
        if (identicalOut != null) identicalOut.addAll(d.identical);
        if (d.count == 0) return null;
        String s = String.join("; ", d.found);
        if (d.count > d.found.size()) s += "; (" + (d.count - d.found.size()) + " more)";
        return s;
    }

    private boolean quietEqual(Object a, Object b) {
        Diff d = new Diff(mustStayIdentical, true);
        d.diff("", a, b);
        return d.count == 0;
    }

    private void add(String path, String what) {
        count++;
        if (found.size() < 4) found.add((path.isEmpty() ? "" : path + ": ") + what);
    }

    private void diff(String path, Object a, Object b) {
        if (quiet && count > 0) return;
        if (++steps > 200_000) {
            if (steps == 200_001) add(path, "comparison stopped after 200000 steps");
            return;
        }
        if (a == b) {
            if (a != null) identical.add(a);
            return;
        }
        if (a == null || b == null) {
            add(path, Report.show(a) + " -> " + Report.show(b));
            return;
        }
        Object seen = pairs.get(a);
        if (seen != null) { // compared before (a shared object, or a cycle)
            if (seen != b) add(path, "one object in the original, two copies in the read-back");
            return;
        }
        if (mustStayIdentical != null && mustStayIdentical.contains(a) && !CACHED_NOT_SINGLETON.contains(a.getClass())) {
            // Compare the contents first (they say more); the lost identity is reported when they agree.
            int before = count;
            Diff inner = new Diff(null, quiet);
            inner.identityChecked = a; // its equals() may be identity: the identity message says it better
            inner.pairs.putAll(pairs);
            inner.diff(path, a, b);
            pairs.putAll(inner.pairs);
            count += inner.count;
            for (String f : inner.found) if (found.size() < 4) found.add(f);
            if (count == before) {
                add(path, "a new " + Report.className(b.getClass()) + " instead of the shared instance ("
                        + Report.show(a) + ") that Java's read-back returns");
            }
            return;
        }
        Class<?> ca = a.getClass(), cb = b.getClass();
        if (ca.isHidden() && cb.isHidden() && isLambda(ca) && isLambda(cb)) {
            // a deserialized lambda is an instance of a new hidden class: compare the serialized forms
            diff(path + "(as SerializedLambda)", serializedLambda(a), serializedLambda(b));
            return;
        }
        if (java.lang.reflect.Proxy.isProxyClass(ca) && java.lang.reflect.Proxy.isProxyClass(cb)) {
            // the proxy class is generated per class loader; what identifies it is its interface list
            if (!Report.className(ca).equals(Report.className(cb))) {
                add(path, "class " + Report.className(ca) + " -> " + Report.className(cb));
                return;
            }
            diff(path + "(invocation handler)", java.lang.reflect.Proxy.getInvocationHandler(a),
                    java.lang.reflect.Proxy.getInvocationHandler(b));
            return;
        }
        if (ca != cb) {
            add(path, "class " + Report.className(ca) + " -> " + Report.className(cb));
            return;
        }
        if (!isSharingExempt(a)) pairs.put(a, b);
        if (a instanceof Class || a instanceof Enum || IDENTITY_ONLY.stream().anyMatch(k -> k.isInstance(a))) {
            add(path, Report.show(a) + " -> " + Report.show(b) + " (a different instance)");
            return;
        }
        if (ca.isArray()) {
            array(path, a, b);
            return;
        }
        if (isValueClass(ca)) {
            if (!safeEquals(a, b)) {
                // equals() decides; where the two print alike the fields say concretely what differs
                String x = Report.showFull(a), y = Report.showFull(b);
                int before = count;
                if (x.equals(y) && !quiet) fields(path, a, b, false);
                if (count == before) add(path, Report.contrast(x, y));
            }
            return;
        }
        if (custom(path, a, b)) return;
        int before = count;
        boolean container = a instanceof Collection || a instanceof Map;
        if (a instanceof Collection) collection(path, (Collection<?>) a, (Collection<?>) b);
        if (a instanceof Map) map(path, (Map<?, ?>) a, (Map<?, ?>) b);
        if (quiet && count > 0) return;
        behaviour(path, a, b);
        if (quiet && count > 0) return;
        fields(path, a, b, container);
        // Containers are judged by their elements above (their equals() would use the elements'
        // equals(), which for many element types is identity).
        if (count == before && !container && a != identityChecked && !NO_EQUALS.contains(ca) && overridesEquals(ca)
                && !safeEquals(a, b)) {
            add(path, "equals() is false: " + Report.show(a) + " vs " + Report.show(b));
        }
    }

    private static boolean isLambda(Class<?> c) {
        return c.getName().contains("$$Lambda$");
    }

    private static Object serializedLambda(Object lambda) {
        try {
            java.lang.reflect.Method m = lambda.getClass().getDeclaredMethod("writeReplace");
            m.setAccessible(true);
            return m.invoke(lambda);
        } catch (ReflectiveOperationException e) {
            return "no writeReplace: " + Report.error(e);
        }
    }

    /**
     * Classes compared by what they mean rather than field by field (their fields are mostly
     * compiled or cached forms). Returns true when it handled the pair.
     */
    private boolean custom(String path, Object a, Object b) {
        if (a instanceof java.util.regex.Pattern) {
            java.util.regex.Pattern x = (java.util.regex.Pattern) a, y = (java.util.regex.Pattern) b;
            String px = x.pattern() + " flags " + x.flags(), py = y.pattern() + " flags " + y.flags();
            if (!px.equals(py)) add(path, px + " -> " + py);
            behaviour(path, a, b);
            return true;
        }
        if (a instanceof java.io.ObjectStreamClass) {
            String x = describe((java.io.ObjectStreamClass) a), y = describe((java.io.ObjectStreamClass) b);
            if (!x.equals(y)) add(path, x + " -> " + y);
            return true;
        }
        if (a instanceof java.security.PermissionCollection) {
            String x = permissions((java.security.PermissionCollection) a), y = permissions((java.security.PermissionCollection) b);
            if (!x.equals(y)) add(path, x + " -> " + y);
            return true;
        }
        if (a instanceof java.util.Calendar) {
            // Calendar fields hold a partly computed field table; what a Calendar is: these properties
            java.util.Calendar x = (java.util.Calendar) a, y = (java.util.Calendar) b;
            prop(path, "getTimeInMillis()", x.getTimeInMillis(), y.getTimeInMillis());
            diff(path + ".getTimeZone()", x.getTimeZone(), y.getTimeZone());
            prop(path, "isLenient()", x.isLenient(), y.isLenient());
            prop(path, "getFirstDayOfWeek()", x.getFirstDayOfWeek(), y.getFirstDayOfWeek());
            prop(path, "getMinimalDaysInFirstWeek()", x.getMinimalDaysInFirstWeek(), y.getMinimalDaysInFirstWeek());
            if (x instanceof java.util.GregorianCalendar) {
                prop(path, "getGregorianChange()", ((java.util.GregorianCalendar) x).getGregorianChange().getTime(),
                        ((java.util.GregorianCalendar) y).getGregorianChange().getTime());
            }
            prop(path, "get(YEAR)", x.get(java.util.Calendar.YEAR), y.get(java.util.Calendar.YEAR));
            prop(path, "get(ERA)", x.get(java.util.Calendar.ERA), y.get(java.util.Calendar.ERA));
            if (!safeEquals(a, b) && count == 0) add(path, "equals() is false");
            return true;
        }
        if (a instanceof StringBuilder || a instanceof StringBuffer) {
            String x = a.toString(), y = b.toString();
            if (!x.equals(y)) add(path, Report.show(x) + " -> " + Report.show(y));
            return true;
        }
        return false;
    }

    private void prop(String path, String name, Object x, Object y) {
        if (!x.equals(y)) add(path + "." + name, x + " -> " + y);
    }

    private static String describe(java.io.ObjectStreamClass d) {
        StringBuilder sb = new StringBuilder(d.getName()).append(" suid ").append(d.getSerialVersionUID())
                .append(" class ").append(d.forClass() == null ? null : d.forClass().getName()).append(" fields");
        for (java.io.ObjectStreamField f : d.getFields()) sb.append(' ').append(f.getName()).append(':').append(f.getTypeString() == null ? String.valueOf(f.getTypeCode()) : f.getTypeString());
        return sb.toString();
    }

    private static String permissions(java.security.PermissionCollection c) {
        List<String> l = new ArrayList<>();
        try {
            for (java.util.Enumeration<java.security.Permission> e = c.elements(); e.hasMoreElements(); ) {
                java.security.Permission p = e.nextElement();
                l.add(p.getClass().getName() + "(" + p.getName() + ", " + p.getActions() + ")");
            }
        } catch (Throwable t) {
            return "elements() throws " + Report.error(t);
        }
        Collections.sort(l);
        return l + (c.isReadOnly() ? " read-only" : "");
    }

    static final Date PROBE_DATE = new Date(1709214310123L); // 2024-02-29T13:45:10.123Z

    /** Uses of the object whose results must agree (formats format, patterns match). */
    private void behaviour(String path, Object a, Object b) {
        String x = use(a), y = use(b);
        if (x != null && !x.equals(y)) add(path + ".(use)", x + " -> " + y);
    }

    private static String use(Object o) {
        try {
            if (o instanceof java.text.DateFormat) return "format(2024-02-29T13:45:10.123Z) = " + ((java.text.DateFormat) o).format(PROBE_DATE);
            if (o instanceof java.text.NumberFormat) return "format(-1234567.891) = " + ((java.text.NumberFormat) o).format(-1234567.891)
                    + ", format(1234567L) = " + ((java.text.NumberFormat) o).format(1234567L);
            if (o instanceof java.text.MessageFormat) return "format(\"x\", 42) = " + ((java.text.MessageFormat) o).format(new Object[] {"x", 42});
            if (o instanceof java.text.ChoiceFormat) return "format(2) = " + ((java.text.ChoiceFormat) o).format(2);
            if (o instanceof java.util.regex.Pattern) return "matcher(\"xAbB42\").find() = " + ((java.util.regex.Pattern) o).matcher("xAbB42").find();
            if (o instanceof java.io.File) return "isAbsolute() = " + ((java.io.File) o).isAbsolute() + ", getParent() = " + ((java.io.File) o).getParent();
            if (o instanceof java.net.InetSocketAddress) return "toString() = " + o;
            if (o instanceof java.net.InetAddress) return "getHostAddress() = " + ((java.net.InetAddress) o).getHostAddress();
            if (o instanceof java.util.Random) return "nextLong() = " + ((java.util.Random) o).nextLong();
        } catch (Throwable t) {
            return "throws " + Report.error(t);
        }
        return null;
    }

    private static boolean overridesEquals(Class<?> c) {
        try {
            return c.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static boolean safeEquals(Object a, Object b) {
        try {
            return a.equals(b);
        } catch (Throwable t) {
            return false;
        }
    }

    private void array(String path, Object a, Object b) {
        int na = Array.getLength(a), nb = Array.getLength(b);
        if (na != nb) add(path, "length " + na + " -> " + nb);
        boolean primitive = a.getClass().getComponentType().isPrimitive();
        for (int i = 0; i < Math.min(na, nb); i++) {
            Object x = Array.get(a, i), y = Array.get(b, i);
            if (primitive) {
                if (!x.equals(y)) add(path + "[" + i + "]", x + " -> " + y);
            } else {
                diff(path + "[" + i + "]", x, y);
            }
            if (quiet && count > 0) return;
        }
    }

    private static boolean ordered(Object c) {
        if (c instanceof PriorityQueue || c instanceof PriorityBlockingQueue) return false;
        return c instanceof List || c instanceof SortedSet || c instanceof LinkedHashSet || c instanceof Queue
                || c instanceof Deque || c instanceof CopyOnWriteArraySet || c instanceof SortedMap
                || c instanceof LinkedHashMap || c instanceof java.util.EnumMap || c instanceof java.util.EnumSet;
    }

    private void collection(String path, Collection<?> a, Collection<?> b) {
        List<Object> la = new ArrayList<>(a);
        List<Object> lb;
        int sizeB;
        try {
            lb = new ArrayList<>();
            for (Object o : b) lb.add(o);
            sizeB = b.size();
        } catch (Throwable t) {
            add(path, "the read-back cannot be iterated: " + Report.error(t));
            return;
        }
        if (sizeB != lb.size()) add(path, "size() is " + sizeB + " but iteration yields " + lb.size());
        elements(path, la, lb, ordered(a));
        if (quiet && count > 0) return;
        for (Object o : lb) {
            try {
                if (!b.contains(o)) {
                    add(path, "contains(" + Report.show(o) + ") is false for an element of the read-back");
                    break;
                }
            } catch (Throwable t) {
                add(path, "contains(" + Report.show(o) + ") throws " + Report.error(t));
                break;
            }
        }
        // comparator(), unless a non-transient "comparator" field is compared with the fields anyway
        if (!hasFieldComparator(a.getClass())) {
            if (a instanceof SortedSet) diff(path + ".comparator()", ((SortedSet<?>) a).comparator(), ((SortedSet<?>) b).comparator());
            if (a instanceof PriorityBlockingQueue) diff(path + ".comparator()", ((PriorityBlockingQueue<?>) a).comparator(), ((PriorityBlockingQueue<?>) b).comparator());
        }
        if (a instanceof BlockingQueue) {
            int ra = ((BlockingQueue<?>) a).remainingCapacity(), rb = ((BlockingQueue<?>) b).remainingCapacity();
            if (ra != rb) add(path + ".remainingCapacity()", ra + " -> " + rb);
        }
        if (a instanceof java.util.TreeSet) {
            // TreeSet's backing map is transient; a subSet/headSet/descendingSet view is a TreeSet over a sub-map.
            Object ma = read(a, field(java.util.TreeSet.class, "m")), mb = read(b, field(java.util.TreeSet.class, "m"));
            if (ma != null && mb != null && ma.getClass() != mb.getClass()) {
                add(path + ".m", "backing map class " + ma.getClass().getName() + " -> " + mb.getClass().getName());
            }
        }
    }

    private void elements(String path, List<Object> la, List<Object> lb, boolean ordered) {
        if (ordered && !quiet && !sameSequence(la, lb) && sameMultiset(la, lb)) {
            add(path, "iteration order " + Report.show(la) + " -> " + Report.show(lb));
            ordered = false; // the elements themselves are compared below, matched regardless of order
        }
        if (ordered) {
            if (la.size() != lb.size()) add(path, "size " + la.size() + " -> " + lb.size() + ": " + Report.show(la) + " -> " + Report.show(lb));
            for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
                diff(path + "[" + i + "]", la.get(i), lb.get(i));
                if (quiet && count > 0) return;
            }
            return;
        }
        boolean[] used = new boolean[lb.size()];
        List<String> missing = new ArrayList<>();
        for (Object x : la) {
            int match = -1;
            for (int j = 0; j < lb.size(); j++) {
                if (!used[j] && quietEqual(x, lb.get(j))) {
                    match = j;
                    break;
                }
            }
            if (match < 0) {
                missing.add(Report.show(x));
            } else {
                used[match] = true;
                diff(path + "{" + Report.show(x) + "}", x, lb.get(match));
            }
            if (quiet && count > 0) return;
        }
        List<String> extra = new ArrayList<>();
        for (int j = 0; j < lb.size(); j++) if (!used[j]) extra.add(Report.show(lb.get(j)));
        if (!missing.isEmpty() || !extra.isEmpty()) {
            Collections.sort(missing);
            Collections.sort(extra);
            add(path, "elements " + missing + " -> " + extra);
        }
    }

    private void map(String path, Map<?, ?> a, Map<?, ?> b) {
        List<Object[]> ea = entries(a);
        List<Object[]> eb;
        int sizeB;
        try {
            eb = entries(b);
            sizeB = b.size();
        } catch (Throwable t) {
            add(path, "the read-back cannot be iterated: " + Report.error(t));
            return;
        }
        if (sizeB != eb.size()) add(path, "size() is " + sizeB + " but iteration yields " + eb.size());
        boolean ordered = ordered(a);
        if (ordered && !quiet) {
            List<Object> ka = new ArrayList<>(), kb = new ArrayList<>();
            for (Object[] e : ea) ka.add(e[0]);
            for (Object[] e : eb) kb.add(e[0]);
            if (!sameSequence(ka, kb) && sameMultiset(ka, kb)) {
                add(path, "key order " + Report.show(ka) + " -> " + Report.show(kb));
                ordered = false;
            }
        }
        if (ordered) {
            if (ea.size() != eb.size()) add(path, "size " + ea.size() + " -> " + eb.size());
            for (int i = 0; i < Math.min(ea.size(), eb.size()); i++) {
                diff(path + "<key " + i + ">", ea.get(i)[0], eb.get(i)[0]);
                diff(path + "{" + Report.show(ea.get(i)[0]) + "}", ea.get(i)[1], eb.get(i)[1]);
                if (quiet && count > 0) return;
            }
        } else {
            boolean[] used = new boolean[eb.size()];
            List<String> missing = new ArrayList<>();
            for (Object[] x : ea) {
                int match = -1;
                for (int j = 0; j < eb.size(); j++) { // key and value first: keys may be equal (IdentityHashMap)
                    if (!used[j] && quietEqual(x[0], eb.get(j)[0]) && quietEqual(x[1], eb.get(j)[1])) {
                        match = j;
                        break;
                    }
                }
                for (int j = 0; match < 0 && j < eb.size(); j++) {
                    if (!used[j] && quietEqual(x[0], eb.get(j)[0])) match = j;
                }
                if (match < 0) {
                    missing.add(Report.show(x[0]));
                } else {
                    used[match] = true;
                    diff(path + "<key " + Report.show(x[0]) + ">", x[0], eb.get(match)[0]);
                    diff(path + "{" + Report.show(x[0]) + "}", x[1], eb.get(match)[1]);
                }
                if (quiet && count > 0) return;
            }
            List<String> extra = new ArrayList<>();
            for (int j = 0; j < eb.size(); j++) if (!used[j]) extra.add(Report.show(eb.get(j)[0]));
            if (!missing.isEmpty() || !extra.isEmpty()) {
                Collections.sort(missing);
                Collections.sort(extra);
                add(path, "keys " + missing + " -> " + extra);
            }
        }
        if (quiet && count > 0) return;
        for (Object[] e : eb) {
            try {
                if (!b.containsKey(e[0])) {
                    add(path, "containsKey(" + Report.show(e[0]) + ") is false for a key of the read-back");
                    break;
                }
            } catch (Throwable t) {
                add(path, "containsKey(" + Report.show(e[0]) + ") throws " + Report.error(t));
                break;
            }
        }
        if (a instanceof SortedMap && !hasFieldComparator(a.getClass())) {
            diff(path + ".comparator()", ((SortedMap<?, ?>) a).comparator(), ((SortedMap<?, ?>) b).comparator());
        }
    }

    private static boolean hasFieldComparator(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.getName().equals("comparator") && !Modifier.isStatic(f.getModifiers())
                        && !Modifier.isTransient(f.getModifiers())) return true;
            }
        }
        return false;
    }

    /** True when every element of la has a distinct equal element in lb and vice versa. */
    private boolean sameMultiset(List<Object> la, List<Object> lb) {
        if (la.size() != lb.size()) return false;
        boolean[] used = new boolean[lb.size()];
        for (Object x : la) {
            int match = -1;
            for (int j = 0; j < lb.size() && match < 0; j++) if (!used[j] && quietEqual(x, lb.get(j))) match = j;
            if (match < 0) return false;
            used[match] = true;
        }
        return true;
    }

    private boolean sameSequence(List<Object> la, List<Object> lb) {
        if (la.size() != lb.size()) return false;
        for (int i = 0; i < la.size(); i++) if (!quietEqual(la.get(i), lb.get(i))) return false;
        return true;
    }

    private static List<Object[]> entries(Map<?, ?> m) {
        List<Object[]> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : m.entrySet()) out.add(new Object[] {e.getKey(), e.getValue()});
        return out;
    }

    private void fields(String path, Object a, Object b, boolean container) {
        for (Class<?> k = a.getClass(); k != null && k != Object.class; k = k.getSuperclass()) {
            if (k == Throwable.class) {
                throwable(path, (Throwable) a, (Throwable) b);
                continue;
            }
            Set<String> ignored = IGNORED.getOrDefault(k.getName(), Set.of());
            Field[] fs;
            try {
                fs = k.getDeclaredFields();
            } catch (Throwable t) {
                add(path, "fields of " + k.getName() + " unreadable: " + Report.error(t));
                continue;
            }
            for (Field f : fs) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod) || ignored.contains(f.getName())) continue;
                if (container && Modifier.isTransient(mod)) continue;
                String p = path + "." + f.getName();
                Object va, vb;
                try {
                    va = read(a, f);
                    vb = read(b, f);
                } catch (Throwable t) {
                    add(p, "unreadable: " + Report.error(t));
                    continue;
                }
                if (f.getType().isPrimitive()) {
                    if (!va.equals(vb)) add(p, va + " -> " + vb);
                } else if (container && f.getType().isArray()) {
                    // storage: elements were compared through the collection; compare the array class only
                    if ((va == null) != (vb == null)) add(p, Report.show(va) + " -> " + Report.show(vb));
                    else if (va != null && va.getClass() != vb.getClass())
                        add(p, "array class " + va.getClass().getName() + " -> " + vb.getClass().getName());
                } else {
                    diff(p, va, vb);
                }
                if (quiet && count > 0) return;
            }
        }
    }

    private void throwable(String path, Throwable a, Throwable b) {
        diff(path + ".detailMessage", read(a, field(Throwable.class, "detailMessage")),
                read(b, field(Throwable.class, "detailMessage")));
        String ma, mb;
        try {
            ma = a.getMessage();
        } catch (Throwable t) {
            ma = "getMessage() throws " + Report.error(t);
        }
        try {
            mb = b.getMessage();
        } catch (Throwable t) {
            mb = "getMessage() throws " + Report.error(t);
        }
        diff(path + ".getMessage()", ma, mb);
        diff(path + ".getCause()", a.getCause(), b.getCause());
        StackTraceElement[] sa = a.getStackTrace(), sb = b.getStackTrace();
        if (sa.length != sb.length) {
            add(path + ".getStackTrace()", sa.length + " frames -> " + sb.length);
        } else {
            int differ = 0, first = -1;
            for (int i = 0; i < sa.length; i++) {
                if (!sa[i].equals(sb[i])) {
                    differ++;
                    if (first < 0) first = i;
                }
            }
            if (differ > 0) {
                Diff frame = new Diff(null, false);
                frame.diff("", sa[first], sb[first]);
                add(path + ".getStackTrace()", differ + " of " + sa.length + " frames differ, first [" + first + "] "
                        + Report.show(sa[first]) + ": " + String.join("; ", frame.found));
            }
        }
        diff(path + ".suppressedExceptions", read(a, field(Throwable.class, "suppressedExceptions")),
                read(b, field(Throwable.class, "suppressedExceptions")));
    }

    static Field field(Class<?> c, String name) {
        try {
            return c.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A field's value through Unsafe (no --add-opens needed), boxed for primitives. */
    @SuppressWarnings("deprecation")
    static Object read(Object o, Field f) {
        Class<?> t = f.getType();
        long off;
        try {
            off = U.objectFieldOffset(f);
        } catch (UnsupportedOperationException e) { // records and hidden classes
            try {
                if (!f.trySetAccessible()) throw new IllegalStateException("inaccessible " + f);
                return f.get(o);
            } catch (IllegalAccessException x) {
                throw new IllegalStateException(x);
            }
        }
        if (!t.isPrimitive()) return U.getObject(o, off);
        if (t == int.class) return U.getInt(o, off);
        if (t == long.class) return U.getLong(o, off);
        if (t == boolean.class) return U.getBoolean(o, off);
        if (t == byte.class) return U.getByte(o, off);
        if (t == short.class) return U.getShort(o, off);
        if (t == char.class) return U.getChar(o, off);
        if (t == float.class) return U.getFloat(o, off);
        return U.getDouble(o, off);
    }
}
