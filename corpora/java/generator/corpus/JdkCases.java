package corpus;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.Vector;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.acme.util.Color;
import com.acme.util.Permission;

import static corpus.Cases.T0;

/** One case (or a small group) per JDK class with its own serial form. */
final class JdkCases {
    private JdkCases() {}

    static void register(Cases c) {
        maps(c);
        collections(c);
        wrappers(c);
        values(c);
        time(c);
    }

    private static void maps(Cases c) {
        c.add("hashmap", "HashMap<String,Object> with a null key and a null value",
                p -> {
                    Map<String, Object> m = new HashMap<>();
                    m.put("alpha", 1);
                    m.put("beta", "two");
                    m.put("gamma", null);
                    m.put(null, "null key");
                    p.object(m);
                });

        c.add("linkedhashmap_insertion", "LinkedHashMap in insertion order (not sorted)",
                p -> {
                    Map<String, Integer> m = new LinkedHashMap<>();
                    m.put("zeta", 26);
                    m.put("alpha", 1);
                    m.put("mu", 12);
                    p.object(m);
                });

        c.add("linkedhashmap_access_order",
                "LinkedHashMap(16, 0.75f, true): put a, b, c then get(a), so it iterates b, c, a",
                p -> {
                    Map<String, Integer> m = new LinkedHashMap<>(16, 0.75f, true);
                    m.put("a", 1);
                    m.put("b", 2);
                    m.put("c", 3);
                    m.get("a");
                    p.object(m);
                });

        c.add("treemap_natural", "TreeMap with natural ordering (comparator null)",
                p -> {
                    Map<String, Integer> m = new TreeMap<>();
                    m.put("pear", 3);
                    m.put("apple", 1);
                    m.put("fig", 2);
                    p.object(m);
                });

        c.add("treemap_case_insensitive", "TreeMap with String.CASE_INSENSITIVE_ORDER as comparator",
                p -> {
                    Map<String, Integer> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    m.put("banana", 2);
                    m.put("Apple", 1);
                    m.put("cherry", 3);
                    p.object(m);
                });

        c.add("concurrenthashmap", "ConcurrentHashMap (16 dummy Segments, then key/value pairs and two nulls)",
                p -> {
                    Map<String, Object> m = new ConcurrentHashMap<>();
                    m.put("sessions", 12);
                    m.put("region", "eu-west-1");
                    m.put("enabled", Boolean.TRUE);
                    p.object(m);
                });

        // Hashtable.readObject sizes its table from the entry count (11 buckets become 5 here), so
        // Java's read-back iteration order only matches the stream for keys whose buckets keep
        // their relative order: small Integer keys do.
        c.add("hashtable", "Hashtable<Integer,String> (keys chosen so read-back order equals stream order)",
                p -> {
                    Map<Integer, String> m = new Hashtable<>();
                    m.put(1, "one");
                    m.put(2, "two");
                    m.put(3, "three");
                    p.object(m);
                });

        // Properties.writeHashtable pushes its entries on a stack and writes them from the top:
        // the stream holds them in the reverse of Properties' iteration order.
        c.add("properties", "Properties with two own entries (written in reverse iteration order) and defaults",
                p -> {
                    Properties defaults = new Properties();
                    defaults.setProperty("lang", "en");
                    Properties props = new Properties(defaults);
                    props.setProperty("db.url", "jdbc:h2:mem:test");
                    props.setProperty("db.user", "sa");
                    p.object(props);
                });

        c.add("enummap", "EnumMap<Color,String>",
                p -> {
                    Map<Color, String> m = new EnumMap<>(Color.class);
                    m.put(Color.GREEN, "go");
                    m.put(Color.RED, "stop");
                    p.object(m);
                });
    }

    private static void collections(Cases c) {
        // HashSet.readObject sizes its map from the element count (16 buckets become 8 here);
        // these strings sit in buckets 0-3 either way, so read-back order equals stream order.
        c.add("hashset", "HashSet<String> (elements chosen so read-back order equals stream order)",
                p -> p.object(new HashSet<>(List.of("green", "red", "pink", "magenta"))));

        c.add("linkedhashset", "LinkedHashSet in insertion order",
                p -> {
                    Set<String> s = new LinkedHashSet<>();
                    s.add("z");
                    s.add("a");
                    s.add("m");
                    p.object(s);
                });

        c.add("treeset", "TreeSet with natural ordering",
                p -> p.object(new TreeSet<>(List.of("delta", "alpha", "charlie"))));

        c.add("arraylist", "ArrayList<Object> with a string, an Integer, a null and a Double",
                p -> p.object(new ArrayList<>(Arrays.asList("one", 2, null, 3.0))));

        c.add("linkedlist", "LinkedList<String>",
                p -> p.object(new LinkedList<>(List.of("first", "second", "third"))));

        c.add("vector", "Vector with 3 elements in capacity 10 (elementData has 7 trailing nulls)",
                p -> {
                    Vector<String> v = new Vector<>();
                    v.add("v1");
                    v.add("v2");
                    v.add("v3");
                    p.object(v);
                });

        c.add("arraydeque", "ArrayDeque after addLast 1..4, pollFirst, addFirst 0 (iterates 0, 2, 3, 4)",
                p -> {
                    ArrayDeque<Integer> d = new ArrayDeque<>();
                    for (int i = 1; i <= 4; i++) d.addLast(i);
                    d.pollFirst();
                    d.addFirst(0);
                    p.object(d);
                });

        c.add("priorityqueue", "PriorityQueue natural (heap order) and one with Collections.reverseOrder()",
                p -> {
                    PriorityQueue<Integer> natural = new PriorityQueue<>();
                    PriorityQueue<Integer> reversed = new PriorityQueue<>(Collections.reverseOrder());
                    for (int i : new int[] {5, 1, 4, 2, 3}) {
                        natural.add(i);
                        reversed.add(i);
                    }
                    p.objects(natural, reversed);
                });

        c.add("copyonwritearraylist", "CopyOnWriteArrayList<String>",
                p -> p.object(new CopyOnWriteArrayList<>(List.of("cow1", "cow2"))));

        c.add("enumset_regular", "EnumSet of a 3-constant enum (RegularEnumSet) and an empty one",
                p -> p.objects(EnumSet.of(Color.RED, Color.BLUE), EnumSet.noneOf(Color.class)));

        c.add("enumset_jumbo", "EnumSet of a 70-constant enum (JumboEnumSet)",
                p -> p.object(EnumSet.of(Permission.PERM_01, Permission.PERM_64, Permission.PERM_69)));

        c.add("immutable_collections",
                "List.of(), List.of(1,2,3), Set.of(\"a\",\"b\"), Map.of(\"k\",1,\"j\",2) and one-element forms (CollSer)",
                p -> p.objects(List.of(), List.of(1, 2, 3), Set.of("a", "b"), Map.of("k", 1, "j", 2),
                        List.of("x"), Set.of("solo"), Map.of("only", true)));

        c.add("arrays_aslist", "Arrays.asList over a String[] and over an Integer[]",
                p -> p.objects(Arrays.asList("a", "b", "c"), Arrays.asList(1, 2)));
    }

    private static void wrappers(Cases c) {
        c.add("collections_unmodifiable",
                "Collections.unmodifiable{Map, List of ArrayList, List of LinkedList, Set, Collection, SortedMap, SortedSet}",
                p -> p.objects(
                        Collections.unmodifiableMap(new HashMap<>(Map.of("a", 1))),
                        Collections.unmodifiableList(new ArrayList<>(List.of("x", "y"))),
                        Collections.unmodifiableList(new LinkedList<>(List.of("p", "q"))),
                        Collections.unmodifiableSet(new HashSet<>(List.of("s"))),
                        Collections.unmodifiableCollection(new ArrayList<>(List.of("c1", "c2"))),
                        Collections.unmodifiableSortedMap(new TreeMap<>(Map.of("b", 2, "a", 1))),
                        Collections.unmodifiableSortedSet(new TreeSet<>(List.of("n", "m")))));

        c.add("collections_synchronized",
                "Collections.synchronized{Map, List of ArrayList, List of LinkedList, Set, Collection} (mutex = self)",
                p -> p.objects(
                        Collections.synchronizedMap(new HashMap<>(Map.of("a", 1))),
                        Collections.synchronizedList(new ArrayList<>(List.of("x", "y"))),
                        Collections.synchronizedList(new LinkedList<>(List.of("p", "q"))),
                        Collections.synchronizedSet(new HashSet<>(List.of("s"))),
                        Collections.synchronizedCollection(new ArrayList<>(List.of("c1", "c2")))));

        c.add("collections_singleton", "Collections.singleton, singletonList, singletonMap",
                p -> p.objects(Collections.singleton("only"), Collections.singletonList("one"),
                        Collections.singletonMap("key", "value")));

        c.add("collections_empty", "Collections.emptyList, emptySet, emptyMap",
                p -> p.objects(Collections.emptyList(), Collections.emptySet(), Collections.emptyMap()));
    }

    private static void values(Cases c) {
        c.add("boxed_primitives", "boxed Integer, Long, Short, Byte, Double, Float, Boolean, Character edge values",
                p -> p.objects(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 0,
                        Long.MIN_VALUE, Long.MAX_VALUE,
                        Short.MIN_VALUE, (short) -1,
                        Byte.MIN_VALUE, Byte.MAX_VALUE,
                        Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE,
                        Float.NaN, -0.0f, Float.NEGATIVE_INFINITY, 3.4028235e38f,
                        Boolean.TRUE, Boolean.FALSE,
                        '\uffff', '\u0000', '\u00e9'));

        c.add("date", "java.util.Date: a fixed instant, the epoch, and one millisecond before it",
                p -> p.objects(new Date(T0), new Date(0L), new Date(-1L)));

        c.add("sql_timestamp", "java.sql.Timestamp with nanos 123456789 (Date part holds whole seconds) and with 0",
                p -> {
                    java.sql.Timestamp withNanos = new java.sql.Timestamp(1_700_000_000_000L);
                    withNanos.setNanos(123_456_789);
                    p.objects(withNanos, new java.sql.Timestamp(T0 - 123L));
                });

        c.add("sql_date_time", "java.sql.Date and java.sql.Time",
                p -> p.objects(new java.sql.Date(1_709_164_800_000L), new java.sql.Time(37_230_000L)));

        c.add("biginteger", "BigInteger 0, 1, -1, 2^200, -(2^200)+7",
                p -> p.objects(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE.negate(),
                        BigInteger.TWO.pow(200), BigInteger.TWO.pow(200).negate().add(BigInteger.valueOf(7))));

        c.add("bigdecimal", "BigDecimal 0.00, -123.4500, 1E+50 and a 29-digit one",
                p -> p.objects(new BigDecimal("0.00"), new BigDecimal("-123.4500"), new BigDecimal("1E+50"),
                        new BigDecimal("12345678901234567890.123456789")));

        c.add("uuid", "UUIDs: a v4-looking fixed one, nil, all-ones, a name-based v3",
                p -> p.objects(UUID.fromString("123e4567-e89b-42d3-a456-556642440000"), new UUID(0L, 0L),
                        new UUID(-1L, -1L), UUID.nameUUIDFromBytes("jsess".getBytes("UTF-8"))));

        c.add("locale", "Locale en_US, ja_JP_JP (gets a -u-ca-japanese extension), sr-Latn-RS, de, ROOT",
                p -> p.objects(new Locale("en", "US"), new Locale("ja", "JP", "JP"),
                        Locale.forLanguageTag("sr-Latn-RS"), new Locale("de"), Locale.ROOT));

        c.add("stringbuilder_stringbuffer",
                "StringBuilder (plain, empty, emoji) and StringBuffer (plain, with an unpaired surrogate)",
                p -> p.objects(new StringBuilder("hello, world"), new StringBuilder(),
                        new StringBuilder("x\ud83d\ude00"), new StringBuffer("sync"), new StringBuffer("a\ud800")));

        c.add("atomic", "AtomicInteger and AtomicLong",
                p -> p.objects(new AtomicInteger(-7), new AtomicLong(Long.MAX_VALUE), new AtomicInteger(0)));
    }

    private static void time(Cases c) {
        c.add("java_time_dates",
                "java.time Instant, LocalDate, LocalTime (10:15, 10:15:30.000000001, midnight), LocalDateTime, "
                        + "ZonedDateTime Europe/Paris, OffsetDateTime, OffsetTime, a DayOfWeek",
                p -> p.objects(
                        Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
                        LocalDate.of(2024, 2, 29),
                        LocalTime.of(10, 15),
                        LocalTime.of(10, 15, 30, 1),
                        LocalTime.MIDNIGHT,
                        LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_999),
                        ZonedDateTime.of(LocalDateTime.of(2024, 7, 14, 10, 0), ZoneId.of("Europe/Paris")),
                        OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)),
                        OffsetTime.of(10, 15, 0, 0, ZoneOffset.ofHours(-8)),
                        DayOfWeek.FRIDAY));

        c.add("java_time_amounts", "java.time Duration (PT0S, PT8H6M12.345S, negative) and Period",
                p -> p.objects(Duration.ZERO, Duration.parse("PT8H6M12.345S"), Duration.ofSeconds(-90, 5),
                        Period.of(1, 2, 3), Period.ofDays(-10)));

        c.add("java_time_zones",
                "java.time Year, YearMonth, MonthDay, ZoneOffset +05:30, Z and +05:30:15, ZoneId Europe/Paris",
                p -> p.objects(Year.of(2024), YearMonth.of(2024, 2), MonthDay.of(2, 29),
                        ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.UTC, ZoneOffset.ofHoursMinutesSeconds(5, 30, 15),
                        ZoneId.of("Europe/Paris")));
    }
}
