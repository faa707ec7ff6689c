package census;

import java.io.EOFException;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.FilePermission;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.SocketPermission;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.AllPermission;
import java.security.CodeSource;
import java.security.KeyRep;
import java.security.NoSuchAlgorithmException;
import java.security.Permissions;
import java.security.PrivilegedActionException;
import java.sql.BatchUpdateException;
import java.sql.ClientInfoStatus;
import java.sql.DataTruncation;
import java.sql.JDBCType;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLWarning;
import java.sql.Time;
import java.sql.Timestamp;
import java.text.ChoiceFormat;
import java.text.DateFormat;
import java.text.DateFormatSymbols;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.MessageFormat;
import java.text.Normalizer;
import java.text.NumberFormat;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.chrono.HijrahChronology;
import java.time.chrono.HijrahDate;
import java.time.chrono.IsoChronology;
import java.time.chrono.JapaneseChronology;
import java.time.chrono.JapaneseDate;
import java.time.chrono.JapaneseEra;
import java.time.chrono.MinguoDate;
import java.time.chrono.ThaiBuddhistDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.ValueRange;
import java.time.temporal.WeekFields;
import java.util.*;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.Subject;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.x500.X500Principal;

/**
 * Sample instances of JDK classes. Each sample is built afresh for every format (writing can
 * change an object: Java's writeObject fills in a Throwable's stack trace, completes a Calendar).
 */
final class Samples {
    interface Maker {
        Object make() throws Exception;
    }

    static final class Sample {
        final String name;
        /** Census class the sample belongs to; null = the class of the value. */
        final String attach;
        final Maker maker;

        Sample(String name, String attach, Maker maker) {
            this.name = name;
            this.attach = attach;
            this.maker = maker;
        }
    }

    private final List<Sample> all = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private void add(String name, Maker m) {
        add(name, null, m);
    }

    private void add(String name, String attach, Maker m) {
        if (!names.add(name)) throw new IllegalStateException("duplicate sample " + name);
        all.add(new Sample(name, attach, m));
    }

    static final Instant T0 = Instant.parse("2024-02-29T13:45:10.123456789Z");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static List<String> abc() {
        return new ArrayList<>(List.of("a", "b", "c"));
    }

    static <M extends Map<String, Object>> M fill(M m) {
        m.put("one", 1);
        m.put("two", "zwei");
        m.put("three", 3L);
        return m;
    }

    static Throwable withStack(Throwable t) {
        t.getStackTrace(); // fills in Throwable.stackTrace from the VM backtrace
        return t;
    }

    static List<Sample> all() throws Exception {
        Samples s = new Samples();
        s.lang();
        s.math();
        s.text();
        s.dates();
        s.time();
        s.util();
        s.collections();
        s.wrappers();
        s.immutable();
        s.concurrent();
        s.throwables();
        s.arrays();
        s.net();
        s.security();
        s.sql();
        return s.all;
    }

    private void lang() {
        add("Boolean.TRUE", () -> Boolean.TRUE);
        add("Byte", () -> (byte) -7);
        add("Short", () -> (short) -300);
        add("Character", () -> '\u00e9');
        add("Character surrogate", "java.lang.Character", () -> '\ud83d');
        add("Integer", () -> -7);
        add("Long", () -> 1L << 40);
        add("Float", () -> 1.5f);
        add("Float NaN", "java.lang.Float", () -> Float.NaN);
        add("Double", () -> Math.PI);
        add("Double -0.0", "java.lang.Double", () -> -0.0d);
        add("String ascii", () -> "hello");
        add("String empty", "java.lang.String", () -> "");
        add("String unicode", "java.lang.String", () -> "gr\u00fc\u00df \u20ac \ud83d\ude00 \u0000 end");
        add("String lone surrogate", "java.lang.String", () -> "x\udc00y");
        add("StringBuilder", () -> new StringBuilder("abc\u00e9"));
        add("StringBuffer", () -> new StringBuffer("abc\u00e9"));
        add("Class String", "java.lang.Class", () -> String.class);
        add("Class int", "java.lang.Class", () -> int.class);
        add("Class int[]", "java.lang.Class", () -> int[].class);
        add("Class Map.Entry", "java.lang.Class", () -> Map.Entry.class);
        add("Thread.State", () -> Thread.State.RUNNABLE);
        add("ElementType", () -> ElementType.TYPE_USE);
        add("Character.UnicodeScript", () -> Character.UnicodeScript.LATIN);
        add("StackTraceElement", () -> new Throwable().getStackTrace()[0]);
        add("StackTraceElement JDK frame", "java.lang.StackTraceElement", () -> {
            try {
                Integer.parseInt("x");
                throw new AssertionError();
            } catch (NumberFormatException e) {
                return e.getStackTrace()[0];
            }
        });
        add("annotation proxy @Deprecated", "java.lang.reflect.Proxy",
                () -> Thread.class.getMethod("stop").getAnnotation(Deprecated.class));
        add("serializable lambda", "java.lang.invoke.SerializedLambda",
                () -> (Comparator<String> & Serializable) (x, y) -> y.compareTo(x));
        add("RuntimePermission", () -> new RuntimePermission("exitVM"));
        add("Optional", "java.util.Optional", () -> Optional.of("x"));
        add("Optional empty", "java.util.Optional", Optional::empty);
        add("OptionalInt", () -> OptionalInt.of(3));
        add("OptionalLong", () -> OptionalLong.of(3L));
        add("OptionalDouble", () -> OptionalDouble.of(2.5));
        add("Charset UTF-8", () -> StandardCharsets.UTF_8);
    }

    private void math() {
        add("BigInteger", () -> BigInteger.valueOf(1234567890123L));
        add("BigInteger negative 2^100", "java.math.BigInteger", () -> BigInteger.TWO.pow(100).negate());
        add("BigInteger zero", "java.math.BigInteger", () -> BigInteger.ZERO);
        add("BigDecimal", () -> new BigDecimal("123.4500"));
        add("BigDecimal compact", "java.math.BigDecimal", () -> BigDecimal.valueOf(12345, 2));
        add("BigDecimal large", "java.math.BigDecimal", () -> new BigDecimal(BigInteger.TEN.pow(30).add(BigInteger.ONE), -5));
        add("MathContext", () -> new MathContext(7, RoundingMode.HALF_EVEN));
        add("RoundingMode", () -> RoundingMode.HALF_UP);
    }

    private void text() {
        add("SimpleDateFormat", () -> {
            SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss zzz", Locale.US);
            f.setTimeZone(TimeZone.getTimeZone("Europe/Berlin"));
            return f;
        });
        add("DecimalFormat", () -> new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.GERMANY)));
        add("NumberFormat percent", "java.text.DecimalFormat", () -> NumberFormat.getPercentInstance(Locale.FRANCE));
        add("CompactNumberFormat", () -> NumberFormat.getCompactNumberInstance(Locale.US, NumberFormat.Style.SHORT));
        add("MessageFormat", () -> new MessageFormat("{0} has {1,number,integer} items", Locale.US));
        add("ChoiceFormat", () -> new ChoiceFormat("0#none|1#one|1<many"));
        add("DateFormatSymbols", () -> DateFormatSymbols.getInstance(Locale.FRANCE));
        add("DecimalFormatSymbols", () -> DecimalFormatSymbols.getInstance(Locale.GERMANY));
        add("DateFormat.Field", () -> DateFormat.Field.YEAR);
        add("NumberFormat.Field", () -> NumberFormat.Field.INTEGER);
        add("MessageFormat.Field", () -> MessageFormat.Field.ARGUMENT);
        add("Normalizer.Form", () -> Normalizer.Form.NFC);
        add("Collator", "java.text.RuleBasedCollator", () -> java.text.Collator.getInstance(Locale.US));
    }

    private void dates() {
        add("Date", () -> new Date(1700000000123L));
        add("java.sql.Date", () -> java.sql.Date.valueOf("2024-02-29"));
        add("java.sql.Time", () -> Time.valueOf("13:45:10"));
        add("Timestamp nanos", "java.sql.Timestamp", () -> Timestamp.valueOf("2024-02-29 13:45:10.123456789"));
        add("Timestamp sub-millisecond nanos", "java.sql.Timestamp", () -> {
            Timestamp t = new Timestamp(1700000000000L);
            t.setNanos(500);
            return t;
        });
        add("GregorianCalendar", () -> {
            GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone("Europe/Berlin"), Locale.GERMANY);
            c.setTimeInMillis(1700000000123L);
            c.setLenient(false);
            c.setMinimalDaysInFirstWeek(4);
            return c;
        });
        add("GregorianCalendar fields set, not computed", "java.util.GregorianCalendar", () -> {
            GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone("America/New_York"), Locale.US);
            c.clear();
            c.set(2024, Calendar.FEBRUARY, 29, 13, 45, 10);
            return c;
        });
        add("GregorianCalendar pure Julian", "java.util.GregorianCalendar", () -> {
            GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.US);
            c.setGregorianChange(new Date(Long.MAX_VALUE));
            c.setTimeInMillis(0);
            return c;
        });
        add("JapaneseImperialCalendar", () -> {
            Calendar c = Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo"), new Locale("ja", "JP", "JP"));
            c.setTimeInMillis(1700000000123L);
            return c;
        });
        add("BuddhistCalendar", () -> {
            Calendar c = Calendar.getInstance(TimeZone.getTimeZone("Asia/Bangkok"), new Locale("th", "TH"));
            c.setTimeInMillis(1700000000123L);
            return c;
        });
        add("TimeZone Europe/Berlin", "sun.util.calendar.ZoneInfo", () -> TimeZone.getTimeZone("Europe/Berlin"));
        add("TimeZone UTC", "sun.util.calendar.ZoneInfo", () -> TimeZone.getTimeZone("UTC"));
        add("TimeZone GMT+05:30", "sun.util.calendar.ZoneInfo", () -> TimeZone.getTimeZone("GMT+05:30"));
        add("SimpleTimeZone", () -> new SimpleTimeZone(3600000, "Custom/DST",
                Calendar.MARCH, -1, Calendar.SUNDAY, 7200000, Calendar.OCTOBER, -1, Calendar.SUNDAY, 10800000));
    }

    private void time() {
        add("Instant", () -> T0);
        add("Instant.MIN", "java.time.Instant", () -> Instant.MIN);
        add("LocalDate", () -> LocalDate.of(2024, 2, 29));
        add("LocalTime", () -> LocalTime.of(13, 45, 10, 123456789));
        add("LocalDateTime", () -> LocalDateTime.of(2024, 2, 29, 13, 45, 10, 123456789));
        add("OffsetTime", () -> OffsetTime.of(13, 45, 10, 5, ZoneOffset.ofHoursMinutes(5, 30)));
        add("OffsetDateTime", () -> OffsetDateTime.ofInstant(T0, ZoneOffset.ofHours(-3)));
        add("ZonedDateTime region zone", "java.time.ZonedDateTime", () -> ZonedDateTime.ofInstant(T0, BERLIN));
        add("ZonedDateTime offset zone", "java.time.ZonedDateTime", () -> ZonedDateTime.ofInstant(T0, ZoneOffset.ofHours(2)));
        add("ZonedDateTime zone UTC region", "java.time.ZonedDateTime", () -> ZonedDateTime.ofInstant(T0, ZoneId.of("UTC")));
        add("ZonedDateTime zone GMT+02:00", "java.time.ZonedDateTime", () -> ZonedDateTime.ofInstant(T0, ZoneId.of("GMT+02:00")));
        add("ZonedDateTime DST overlap later offset", "java.time.ZonedDateTime",
                () -> ZonedDateTime.of(LocalDateTime.of(2023, 10, 29, 2, 30), BERLIN).withLaterOffsetAtOverlap());
        add("ZoneRegion", "java.time.ZoneRegion", () -> BERLIN);
        add("ZoneOffset", () -> ZoneOffset.ofHoursMinutesSeconds(-4, -30, -15));
        add("Duration", () -> Duration.ofSeconds(-5, 123));
        add("Period", () -> Period.of(1, -2, 3));
        add("Year", () -> Year.of(-44));
        add("YearMonth", () -> YearMonth.of(2024, 2));
        add("MonthDay", () -> MonthDay.of(2, 29));
        add("DayOfWeek", () -> DayOfWeek.FRIDAY);
        add("Month", () -> Month.MARCH);
        add("ChronoUnit", () -> ChronoUnit.DAYS);
        add("IsoFields.DAY_OF_QUARTER (enum constant body)", "java.time.temporal.IsoFields$Field$1",
                () -> java.time.temporal.IsoFields.DAY_OF_QUARTER);
        add("ChronoField", () -> ChronoField.YEAR);
        add("ValueRange", () -> ValueRange.of(1, 28, 31));
        add("WeekFields", () -> WeekFields.of(DayOfWeek.SUNDAY, 1));
        add("JapaneseDate", () -> JapaneseDate.of(2024, 2, 29));
        add("HijrahDate", () -> HijrahDate.of(1445, 8, 19));
        add("MinguoDate", () -> MinguoDate.of(113, 2, 29));
        add("ThaiBuddhistDate", () -> ThaiBuddhistDate.of(2567, 2, 29));
        add("JapaneseEra", () -> JapaneseEra.REIWA);
        add("IsoChronology", () -> IsoChronology.INSTANCE);
        add("JapaneseChronology", () -> JapaneseChronology.INSTANCE);
        add("HijrahChronology", () -> HijrahChronology.INSTANCE);
        add("ChronoPeriodImpl", "java.time.chrono.ChronoPeriodImpl", () -> JapaneseChronology.INSTANCE.period(1, 2, 3));
        add("ChronoLocalDateTimeImpl", "java.time.chrono.ChronoLocalDateTimeImpl",
                () -> JapaneseDate.of(2024, 2, 29).atTime(LocalTime.NOON));
        add("ChronoZonedDateTimeImpl", "java.time.chrono.ChronoZonedDateTimeImpl",
                () -> JapaneseDate.of(2024, 2, 29).atTime(LocalTime.NOON).atZone(ZoneId.of("Asia/Tokyo")));
        add("ZoneRules", () -> BERLIN.getRules());
        add("ZoneOffsetTransition", () -> BERLIN.getRules().nextTransition(T0));
        add("ZoneOffsetTransitionRule", () -> BERLIN.getRules().getTransitionRules().get(0));
        add("Clock.fixed", "java.time.Clock$FixedClock", () -> Clock.fixed(T0, BERLIN));
        add("Clock.systemUTC", "java.time.Clock$SystemClock", Clock::systemUTC);
        add("Clock.offset", "java.time.Clock$OffsetClock", () -> Clock.offset(Clock.fixed(T0, ZoneOffset.UTC), Duration.ofHours(1)));
        add("Clock.tick", "java.time.Clock$TickClock", () -> Clock.tick(Clock.fixed(T0, ZoneOffset.UTC), Duration.ofSeconds(5)));
    }

    private void util() {
        add("UUID", () -> UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        add("UUID name-based", "java.util.UUID", () -> UUID.nameUUIDFromBytes("census".getBytes(StandardCharsets.UTF_8)));
        add("Locale US", "java.util.Locale", () -> Locale.US);
        add("Locale ROOT", "java.util.Locale", () -> Locale.ROOT);
        add("Locale variant de_DE_POSIX", "java.util.Locale", () -> new Locale("de", "DE", "POSIX"));
        add("Locale script zh-Hant-TW", "java.util.Locale", () -> Locale.forLanguageTag("zh-Hant-TW"));
        add("Locale script sr-Latn-RS", "java.util.Locale", () -> Locale.forLanguageTag("sr-Latn-RS"));
        add("Locale extensions en-US-u-ca-japanese-nu-thai", "java.util.Locale",
                () -> Locale.forLanguageTag("en-US-u-ca-japanese-nu-thai"));
        add("Locale private use en-US-x-census", "java.util.Locale", () -> Locale.forLanguageTag("en-US-x-census"));
        add("Locale ja_JP_JP", "java.util.Locale", () -> new Locale("ja", "JP", "JP"));
        add("Locale th_TH_TH", "java.util.Locale", () -> new Locale("th", "TH", "TH"));
        add("Locale he (was iw)", "java.util.Locale", () -> new Locale("he", "IL"));
        add("Locale.IsoCountryCode (enum constant body)", "java.util.Locale$IsoCountryCode$1",
                () -> Locale.IsoCountryCode.PART1_ALPHA2);
        add("Currency EUR", "java.util.Currency", () -> Currency.getInstance("EUR"));
        add("Currency JPY", "java.util.Currency", () -> Currency.getInstance("JPY"));
        add("BitSet", () -> {
            BitSet b = new BitSet();
            b.set(1);
            b.set(5);
            b.set(64);
            b.set(130);
            return b;
        });
        add("BitSet empty", "java.util.BitSet", BitSet::new);
        add("Pattern", () -> Pattern.compile("a+(b|c)*\\d{2,}", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE));
        add("Random", () -> {
            Random r = new Random(42);
            r.nextGaussian(); // leaves haveNextNextGaussian set
            return r;
        });
        add("EventObject", () -> new EventObject("source"));
        add("PropertyPermission", () -> new PropertyPermission("java.home", "read"));
        add("AbstractMap.SimpleEntry", () -> new AbstractMap.SimpleEntry<>("k", 1));
        add("AbstractMap.SimpleImmutableEntry", () -> new AbstractMap.SimpleImmutableEntry<>("k", 1));
        add("Map.entry", "java.util.KeyValueHolder", () -> Map.entry("k", 1));
    }

    private void collections() {
        add("ArrayList", () -> new ArrayList<>(List.of("a", 1, 2.5)));
        add("ArrayList empty", "java.util.ArrayList", ArrayList::new);
        add("ArrayList with null and nested list", "java.util.ArrayList",
                () -> new ArrayList<>(Arrays.asList("a", null, new ArrayList<>(List.of(1)))));
        add("ArrayList same element twice", "java.util.ArrayList", () -> {
            Date d = new Date(0);
            return new ArrayList<>(List.of(d, d));
        });
        add("LinkedList", () -> new LinkedList<>(abc()));
        add("Vector", () -> new Vector<>(abc()));
        add("Stack", () -> {
            Stack<String> st = new Stack<>();
            st.push("a");
            st.push("b");
            return st;
        });
        add("ArrayDeque", () -> new ArrayDeque<>(abc()));
        add("PriorityQueue", () -> new PriorityQueue<>(List.of(5, 1, 3)));
        add("PriorityQueue reverseOrder", "java.util.PriorityQueue", () -> {
            PriorityQueue<Integer> q = new PriorityQueue<>(Collections.reverseOrder());
            q.addAll(List.of(5, 1, 3));
            return q;
        });
        add("PriorityQueue CASE_INSENSITIVE_ORDER", "java.util.PriorityQueue", () -> {
            PriorityQueue<String> q = new PriorityQueue<>(String.CASE_INSENSITIVE_ORDER);
            q.addAll(List.of("b", "A", "c"));
            return q;
        });
        add("HashSet", () -> new HashSet<>(abc()));
        add("LinkedHashSet", () -> new LinkedHashSet<>(List.of("c", "a", "b")));
        add("TreeSet", () -> new TreeSet<>(abc()));
        add("TreeSet CASE_INSENSITIVE_ORDER", "java.util.TreeSet", () -> {
            TreeSet<String> t = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            t.addAll(List.of("b", "A", "c"));
            return t;
        });
        add("TreeSet Collections.reverseOrder()", "java.util.TreeSet", () -> {
            TreeSet<String> t = new TreeSet<>(Collections.reverseOrder());
            t.addAll(abc());
            return t;
        });
        add("TreeSet Comparator.naturalOrder()", "java.util.TreeSet", () -> {
            TreeSet<String> t = new TreeSet<>(Comparator.naturalOrder());
            t.addAll(abc());
            return t;
        });
        add("TreeSet Comparator.reverseOrder()", "java.util.TreeSet", () -> {
            TreeSet<String> t = new TreeSet<>(Comparator.reverseOrder());
            t.addAll(abc());
            return t;
        });
        add("TreeSet reverseOrder(CASE_INSENSITIVE_ORDER)", "java.util.TreeSet", () -> {
            TreeSet<String> t = new TreeSet<>(Collections.reverseOrder(String.CASE_INSENSITIVE_ORDER));
            t.addAll(List.of("b", "A", "c"));
            return t;
        });
        add("TreeSet nullsFirst(naturalOrder())", "java.util.TreeSet", () -> {
            TreeSet<String> t = new TreeSet<>(Comparator.nullsFirst(Comparator.<String>naturalOrder()));
            t.addAll(abc());
            t.add(null);
            return t;
        });
        add("TreeSet.subSet view", "java.util.TreeSet", () -> new TreeSet<>(List.of("a", "b", "c", "d")).subSet("b", true, "c", true));
        add("TreeSet.descendingSet view", "java.util.TreeSet", () -> new TreeSet<>(abc()).descendingSet());
        add("HashMap", () -> fill(new HashMap<>()));
        add("HashMap null key and value", "java.util.HashMap", () -> {
            HashMap<String, Object> m = new HashMap<>();
            m.put(null, "v");
            m.put("k", null);
            return m;
        });
        add("HashMap loadFactor 0.5", "java.util.HashMap", () -> fill(new HashMap<>(16, 0.5f)));
        add("LinkedHashMap", () -> fill(new LinkedHashMap<>()));
        add("LinkedHashMap accessOrder", "java.util.LinkedHashMap", () -> {
            LinkedHashMap<String, Object> m = fill(new LinkedHashMap<>(16, 0.75f, true));
            m.get("one");
            return m;
        });
        add("TreeMap", () -> fill(new TreeMap<>()));
        add("TreeMap CASE_INSENSITIVE_ORDER", "java.util.TreeMap", () -> fill(new TreeMap<>(String.CASE_INSENSITIVE_ORDER)));
        add("TreeMap Collections.reverseOrder()", "java.util.TreeMap", () -> fill(new TreeMap<>(Collections.reverseOrder())));
        add("TreeMap.subMap view", "java.util.TreeMap$AscendingSubMap", () -> fill(new TreeMap<>()).subMap("o", true, "th", false));
        add("TreeMap.descendingMap view", "java.util.TreeMap$DescendingSubMap", () -> fill(new TreeMap<>()).descendingMap());
        add("Hashtable", () -> fill(new Hashtable<>()));
        add("Properties", () -> {
            Properties p = new Properties();
            p.setProperty("a", "1");
            return p;
        });
        add("Properties with defaults", "java.util.Properties", () -> {
            Properties d = new Properties();
            d.setProperty("fallback", "yes");
            Properties p = new Properties(d);
            p.setProperty("a", "1");
            return p;
        });
        add("IdentityHashMap", () -> {
            IdentityHashMap<Object, Object> m = new IdentityHashMap<>();
            m.put(new String("k"), 1);
            m.put(new String("k"), 2);
            return m;
        });
        add("WeakHashMap", () -> {
            WeakHashMap<Object, Object> m = new WeakHashMap<>();
            m.put(String.class, "strong key: a Class");
            m.put(DayOfWeek.MONDAY, "strong key: an enum constant");
            return m;
        });
        add("EnumMap", () -> {
            EnumMap<DayOfWeek, String> m = new EnumMap<>(DayOfWeek.class);
            m.put(DayOfWeek.MONDAY, "mo");
            m.put(DayOfWeek.FRIDAY, "fr");
            return m;
        });
        add("EnumMap empty", "java.util.EnumMap", () -> new EnumMap<>(DayOfWeek.class));
        add("EnumSet regular", "java.util.RegularEnumSet", () -> EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.SUNDAY));
        add("EnumSet regular empty", "java.util.RegularEnumSet", () -> EnumSet.noneOf(TimeUnit.class));
        add("EnumSet jumbo", "java.util.JumboEnumSet",
                () -> EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.UNKNOWN));
        add("AbstractList.subList of LinkedList", "java.util.AbstractList$SubList", () -> new LinkedList<>(abc()).subList(1, 3));
        add("ArrayList.subList", "java.util.ArrayList$SubList", () -> abc().subList(1, 3));
        add("Arrays.asList", "java.util.Arrays$ArrayList", () -> Arrays.asList("a", "b"));
        add("Arrays.asList Integer[]", "java.util.Arrays$ArrayList", () -> Arrays.asList(1, 2));
        add("Arrays.asList empty", "java.util.Arrays$ArrayList", () -> Arrays.asList());
        add("String.CASE_INSENSITIVE_ORDER", "java.lang.String$CaseInsensitiveComparator", () -> String.CASE_INSENSITIVE_ORDER);
        add("Comparator.naturalOrder()", "java.util.Comparators$NaturalOrderComparator", Comparator::naturalOrder);
        add("Comparator.reverseOrder()", "java.util.Collections$ReverseComparator", Comparator::reverseOrder);
        add("Collections.reverseOrder(cmp)", "java.util.Collections$ReverseComparator2",
                () -> Collections.reverseOrder(String.CASE_INSENSITIVE_ORDER));
        add("Comparator.nullsFirst", "java.util.Comparators$NullComparator",
                () -> Comparator.nullsFirst(Comparator.<String>naturalOrder()));
    }

    private void wrappers() {
        String c = "java.util.Collections$";
        add("emptyList", c + "EmptyList", Collections::emptyList);
        add("emptySet", c + "EmptySet", Collections::emptySet);
        add("emptyMap", c + "EmptyMap", Collections::emptyMap);
        add("emptySortedSet", c + "UnmodifiableNavigableSet$EmptyNavigableSet", Collections::emptySortedSet);
        add("emptyNavigableSet", c + "UnmodifiableNavigableSet$EmptyNavigableSet", Collections::emptyNavigableSet);
        add("emptySortedMap", c + "UnmodifiableNavigableMap$EmptyNavigableMap", Collections::emptySortedMap);
        add("emptyNavigableMap", c + "UnmodifiableNavigableMap$EmptyNavigableMap", Collections::emptyNavigableMap);
        add("singletonList", c + "SingletonList", () -> Collections.singletonList("x"));
        add("singleton", c + "SingletonSet", () -> Collections.singleton("x"));
        add("singletonMap", c + "SingletonMap", () -> Collections.singletonMap("k", "v"));
        add("nCopies", c + "CopiesList", () -> Collections.nCopies(3, "x"));
        add("unmodifiableCollection", c + "UnmodifiableCollection", () -> Collections.unmodifiableCollection(abc()));
        add("unmodifiableList(ArrayList)", c + "UnmodifiableRandomAccessList", () -> Collections.unmodifiableList(abc()));
        add("unmodifiableList(LinkedList)", c + "UnmodifiableList", () -> Collections.unmodifiableList(new LinkedList<>(abc())));
        add("unmodifiableList.subList", c + "UnmodifiableRandomAccessList", () -> Collections.unmodifiableList(abc()).subList(0, 2));
        add("unmodifiableSet", c + "UnmodifiableSet", () -> Collections.unmodifiableSet(new HashSet<>(abc())));
        add("unmodifiableSortedSet", c + "UnmodifiableSortedSet", () -> Collections.unmodifiableSortedSet(new TreeSet<>(abc())));
        add("unmodifiableNavigableSet", c + "UnmodifiableNavigableSet", () -> Collections.unmodifiableNavigableSet(new TreeSet<>(abc())));
        add("unmodifiableMap", c + "UnmodifiableMap", () -> Collections.unmodifiableMap(fill(new HashMap<>())));
        add("unmodifiableMap.entrySet", c + "UnmodifiableMap$UnmodifiableEntrySet",
                () -> Collections.unmodifiableMap(fill(new HashMap<>())).entrySet());
        add("unmodifiableSortedMap", c + "UnmodifiableSortedMap", () -> Collections.unmodifiableSortedMap(fill(new TreeMap<>())));
        add("unmodifiableNavigableMap", c + "UnmodifiableNavigableMap", () -> Collections.unmodifiableNavigableMap(fill(new TreeMap<>())));
        add("synchronizedCollection", c + "SynchronizedCollection", () -> Collections.synchronizedCollection(abc()));
        add("synchronizedList(ArrayList)", c + "SynchronizedRandomAccessList", () -> Collections.synchronizedList(abc()));
        add("synchronizedList(LinkedList)", c + "SynchronizedList", () -> Collections.synchronizedList(new LinkedList<>(abc())));
        add("synchronizedSet", c + "SynchronizedSet", () -> Collections.synchronizedSet(new HashSet<>(abc())));
        add("synchronizedSortedSet", c + "SynchronizedSortedSet", () -> Collections.synchronizedSortedSet(new TreeSet<>(abc())));
        add("synchronizedNavigableSet", c + "SynchronizedNavigableSet", () -> Collections.synchronizedNavigableSet(new TreeSet<>(abc())));
        add("synchronizedMap", c + "SynchronizedMap", () -> Collections.synchronizedMap(fill(new HashMap<>())));
        add("synchronizedSortedMap", c + "SynchronizedSortedMap", () -> Collections.synchronizedSortedMap(fill(new TreeMap<>())));
        add("synchronizedNavigableMap", c + "SynchronizedNavigableMap", () -> Collections.synchronizedNavigableMap(fill(new TreeMap<>())));
        add("checkedCollection", c + "CheckedCollection", () -> Collections.checkedCollection(abc(), String.class));
        add("checkedList(ArrayList)", c + "CheckedRandomAccessList", () -> Collections.checkedList(abc(), String.class));
        add("checkedList(LinkedList)", c + "CheckedList", () -> Collections.checkedList(new LinkedList<>(abc()), String.class));
        add("checkedSet", c + "CheckedSet", () -> Collections.checkedSet(new HashSet<>(abc()), String.class));
        add("checkedSortedSet", c + "CheckedSortedSet", () -> Collections.checkedSortedSet(new TreeSet<>(abc()), String.class));
        add("checkedNavigableSet", c + "CheckedNavigableSet", () -> Collections.checkedNavigableSet(new TreeSet<>(abc()), String.class));
        add("checkedQueue", c + "CheckedQueue", () -> Collections.checkedQueue(new ArrayDeque<>(abc()), String.class));
        add("checkedMap", c + "CheckedMap", () -> Collections.checkedMap(fill(new HashMap<>()), String.class, Object.class));
        add("checkedSortedMap", c + "CheckedSortedMap", () -> Collections.checkedSortedMap(fill(new TreeMap<>()), String.class, Object.class));
        add("checkedNavigableMap", c + "CheckedNavigableMap", () -> Collections.checkedNavigableMap(fill(new TreeMap<>()), String.class, Object.class));
        add("newSetFromMap", c + "SetFromMap", () -> {
            Set<String> s = Collections.newSetFromMap(new LinkedHashMap<>());
            s.addAll(abc());
            return s;
        });
        add("asLifoQueue", c + "AsLIFOQueue", () -> Collections.asLifoQueue(new ArrayDeque<>(abc())));
    }

    private void immutable() {
        String ic = "java.util.ImmutableCollections$";
        add("List.of()", ic + "ListN", List::of);
        add("List.of(1)", ic + "List12", () -> List.of("a"));
        add("List.of(2)", ic + "List12", () -> List.of("a", "b"));
        add("List.of(3)", ic + "ListN", () -> List.of("a", "b", "c"));
        add("List.copyOf", ic + "ListN", () -> List.copyOf(abc()));
        add("Stream.toList with null", ic + "ListN", () -> Stream.of("a", null, "c").toList());
        add("Collectors.toUnmodifiableList", ic + "ListN", () -> Stream.of("a", "b", "c").collect(Collectors.toUnmodifiableList()));
        add("List.of(3).subList", ic + "SubList", () -> List.of("a", "b", "c").subList(1, 3));
        add("Set.of()", ic + "SetN", Set::of);
        add("Set.of(1)", ic + "Set12", () -> Set.of("a"));
        add("Set.of(2)", ic + "Set12", () -> Set.of("a", "b"));
        add("Set.of(3)", ic + "SetN", () -> Set.of("a", "b", "c"));
        add("Map.of()", ic + "MapN", Map::of);
        add("Map.of(1)", ic + "Map1", () -> Map.of("k", "v"));
        add("Map.of(2)", ic + "MapN", () -> Map.of("k", "v", "k2", "v2"));
        add("Map.ofEntries", ic + "MapN", () -> Map.ofEntries(Map.entry("a", 1), Map.entry("b", 2), Map.entry("c", 3)));
    }

    private void concurrent() {
        add("ConcurrentHashMap", () -> fill(new ConcurrentHashMap<>()));
        add("ConcurrentHashMap.newKeySet", "java.util.concurrent.ConcurrentHashMap$KeySetView", () -> {
            Set<String> s = ConcurrentHashMap.newKeySet();
            s.addAll(abc());
            return s;
        });
        add("ConcurrentHashMap.keySet(default)", "java.util.concurrent.ConcurrentHashMap$KeySetView",
                () -> fill(new ConcurrentHashMap<>()).keySet("dflt"));
        add("ConcurrentSkipListMap", () -> fill(new ConcurrentSkipListMap<>()));
        add("ConcurrentSkipListMap reverseOrder", "java.util.concurrent.ConcurrentSkipListMap",
                () -> fill(new ConcurrentSkipListMap<>(Collections.reverseOrder())));
        add("ConcurrentSkipListMap.subMap", "java.util.concurrent.ConcurrentSkipListMap$SubMap",
                () -> fill(new ConcurrentSkipListMap<>()).subMap("o", "tx"));
        add("ConcurrentSkipListSet", () -> new ConcurrentSkipListSet<>(abc()));
        add("CopyOnWriteArrayList", () -> new CopyOnWriteArrayList<>(abc()));
        add("CopyOnWriteArraySet", () -> new CopyOnWriteArraySet<>(abc()));
        add("ConcurrentLinkedQueue", () -> new ConcurrentLinkedQueue<>(abc()));
        add("ConcurrentLinkedDeque", () -> new ConcurrentLinkedDeque<>(abc()));
        add("LinkedBlockingQueue capacity 10", "java.util.concurrent.LinkedBlockingQueue", () -> {
            LinkedBlockingQueue<String> q = new LinkedBlockingQueue<>(10);
            q.addAll(abc());
            return q;
        });
        add("LinkedBlockingDeque", () -> new LinkedBlockingDeque<>(abc()));
        add("ArrayBlockingQueue capacity 5 fair", "java.util.concurrent.ArrayBlockingQueue", () -> {
            ArrayBlockingQueue<String> q = new ArrayBlockingQueue<>(5, true);
            q.addAll(abc());
            return q;
        });
        add("PriorityBlockingQueue", () -> new PriorityBlockingQueue<>(List.of(5, 1, 3)));
        add("SynchronousQueue fair", "java.util.concurrent.SynchronousQueue", () -> new SynchronousQueue<>(true));
        add("LinkedTransferQueue", () -> new LinkedTransferQueue<>(abc()));
        add("DelayQueue", () -> new DelayQueue<>());
        add("AtomicBoolean", () -> new AtomicBoolean(true));
        add("AtomicInteger", () -> new AtomicInteger(42));
        add("AtomicLong", () -> new AtomicLong(-1L << 40));
        add("AtomicReference", () -> new AtomicReference<>("ref"));
        add("AtomicIntegerArray", () -> new AtomicIntegerArray(new int[] {1, -2, 3}));
        add("AtomicLongArray", () -> new AtomicLongArray(new long[] {1, -2, 3}));
        add("AtomicReferenceArray", () -> new AtomicReferenceArray<>(new String[] {"a", null, "c"}));
        add("LongAdder", () -> {
            LongAdder a = new LongAdder();
            a.add(5);
            return a;
        });
        add("DoubleAdder", () -> {
            DoubleAdder a = new DoubleAdder();
            a.add(2.5);
            return a;
        });
        add("TimeUnit", () -> TimeUnit.SECONDS);
        add("ReentrantLock nonfair", "java.util.concurrent.locks.ReentrantLock", ReentrantLock::new);
        add("ReentrantLock fair", "java.util.concurrent.locks.ReentrantLock", () -> new ReentrantLock(true));
        add("ReentrantReadWriteLock", ReentrantReadWriteLock::new);
        add("Semaphore fair 3 permits", "java.util.concurrent.Semaphore", () -> new Semaphore(3, true));
    }

    private void throwables() {
        add("Exception", () -> new Exception("plain"));
        add("Exception stack trace read before writing", "java.lang.Exception", () -> withStack(new Exception("read")));
        add("Exception setStackTrace([])", "java.lang.Exception", () -> {
            Exception e = new Exception("no frames");
            e.setStackTrace(new StackTraceElement[0]);
            return e;
        });
        add("Exception without message", "java.lang.Exception", Exception::new);
        add("RuntimeException with cause", "java.lang.RuntimeException",
                () -> new RuntimeException("outer", new IOException("inner")));
        add("Exception with suppressed", "java.lang.Exception", () -> {
            Exception e = new Exception("main");
            e.addSuppressed(new IllegalStateException("suppressed"));
            return e;
        });
        add("IllegalArgumentException", () -> new IllegalArgumentException("bad"));
        add("IllegalStateException", () -> new IllegalStateException("state"));
        add("UnsupportedOperationException", () -> new UnsupportedOperationException("unsupported"));
        add("NullPointerException helpful (JVM)", "java.lang.NullPointerException", () -> {
            try {
                Object o = null;
                o.hashCode();
                throw new AssertionError();
            } catch (NullPointerException e) {
                return e;
            }
        });
        add("NullPointerException with message", "java.lang.NullPointerException", () -> new NullPointerException("given"));
        add("ArithmeticException (JVM)", "java.lang.ArithmeticException", () -> {
            try {
                int zero = 0;
                return new ArithmeticException(String.valueOf(1 / zero));
            } catch (ArithmeticException e) {
                return e;
            }
        });
        add("ArrayIndexOutOfBoundsException (JVM)", "java.lang.ArrayIndexOutOfBoundsException", () -> {
            try {
                int[] a = new int[1];
                return new IllegalStateException(String.valueOf(a[2]));
            } catch (ArrayIndexOutOfBoundsException e) {
                return e;
            }
        });
        add("ClassCastException (JVM)", "java.lang.ClassCastException", () -> {
            try {
                Object o = "s";
                return new IllegalStateException(String.valueOf((Integer) o));
            } catch (ClassCastException e) {
                return e;
            }
        });
        add("NumberFormatException", () -> {
            try {
                return new IllegalStateException(String.valueOf(Integer.parseInt("x1")));
            } catch (NumberFormatException e) {
                return e;
            }
        });
        add("ConcurrentModificationException", () -> new ConcurrentModificationException("cme"));
        add("NoSuchElementException", () -> new NoSuchElementException("none"));
        add("InputMismatchException", () -> new InputMismatchException("mismatch"));
        add("MissingResourceException", () -> new MissingResourceException("missing", "Bundle", "key"));
        add("IllformedLocaleException", () -> new IllformedLocaleException("ill", 3));
        add("IOException", () -> new IOException("io"));
        add("FileNotFoundException", () -> new FileNotFoundException("/nope"));
        add("EOFException", () -> new EOFException("eof"));
        add("UncheckedIOException", () -> new UncheckedIOException("unchecked", new IOException("io")));
        add("InvalidClassException", () -> new InvalidClassException("com.example.C", "bad suid"));
        add("InvalidObjectException", () -> new InvalidObjectException("invalid"));
        add("NotSerializableException", () -> new NotSerializableException("com.example.C"));
        add("NoSuchFileException", () -> new NoSuchFileException("/a", "/b", "gone"));
        add("ClassNotFoundException with cause", "java.lang.ClassNotFoundException",
                () -> new ClassNotFoundException("com.example.C", new IOException("jar")));
        add("InterruptedException", () -> new InterruptedException("interrupted"));
        add("CloneNotSupportedException", () -> new CloneNotSupportedException("clone"));
        add("InvocationTargetException", () -> new InvocationTargetException(new IllegalStateException("target"), "invoked"));
        add("UndeclaredThrowableException", () -> new UndeclaredThrowableException(new IOException("undeclared")));
        add("ExceptionInInitializerError", () -> new ExceptionInInitializerError(new IllegalStateException("init")));
        add("AssertionError", () -> new AssertionError("assert"));
        add("StackOverflowError", () -> new StackOverflowError("so"));
        add("OutOfMemoryError", () -> new OutOfMemoryError("oom"));
        add("InternalError with cause", "java.lang.InternalError", () -> new InternalError("internal", new IOException("x")));
        add("ExecutionException", () -> new ExecutionException("exec", new IOException("x")));
        add("CompletionException", () -> new CompletionException(new IOException("x")));
        add("TimeoutException", () -> new TimeoutException("timeout"));
        add("DateTimeException", () -> new DateTimeException("dt"));
        add("DateTimeParseException", () -> {
            try {
                LocalDate.parse("2024-13-45");
                throw new AssertionError();
            } catch (DateTimeParseException e) {
                return e;
            }
        });
        add("ParseException", () -> new ParseException("parse", 3));
        add("URISyntaxException", () -> new URISyntaxException("ht tp://x", "space", 2));
        add("MalformedURLException", () -> new MalformedURLException("malformed"));
        add("UnknownHostException", () -> new UnknownHostException("no.such.host"));
        add("SocketTimeoutException", () -> new SocketTimeoutException("read timed out"));
        add("PatternSyntaxException", () -> new PatternSyntaxException("Unclosed group", "(a", 2));
        add("NoSuchAlgorithmException", () -> new NoSuchAlgorithmException("algo"));
        add("PrivilegedActionException", () -> new PrivilegedActionException(new IOException("priv")));
        add("FailedLoginException", () -> new FailedLoginException("login"));
        add("SecurityException", () -> new SecurityException("sec"));
    }

    private void arrays() {
        add("byte[]", () -> new byte[] {1, -2, 127});
        add("short[]", () -> new short[] {1, -2});
        add("int[]", () -> new int[] {1, -1, Integer.MIN_VALUE});
        add("long[]", () -> new long[] {1, -1, Long.MAX_VALUE});
        add("float[]", () -> new float[] {1.5f, Float.NaN, -0.0f});
        add("double[]", () -> new double[] {Math.E, Double.NEGATIVE_INFINITY});
        add("char[]", () -> new char[] {'a', '\u00e9', '\ud83d'});
        add("boolean[]", () -> new boolean[] {true, false});
        add("long[] empty", "[J", () -> new long[0]);
        add("String[]", () -> new String[] {"a", null, "a"});
        add("Integer[]", () -> new Integer[] {1, null, 3});
        add("DayOfWeek[]", () -> new DayOfWeek[] {DayOfWeek.MONDAY});
        add("Object[] mixed", () -> new Object[] {1, "s", null, new int[] {1}, List.of("x"), DayOfWeek.MONDAY, new Date(0)});
        add("Object[] empty", "[Ljava.lang.Object;", () -> new Object[0]);
        add("int[][] ragged", () -> new int[][] {{1}, {}, null, {2, 3}});
        add("String[][]", () -> new String[][] {{"a"}, null});
        add("Object[][] holding int[]", () -> new Object[][] {{new int[] {7}}});
    }

    private void net() {
        add("URI", () -> new URI("https://user@example.com:8443/a%20b?q=1#frag"));
        add("URI opaque", "java.net.URI", () -> new URI("mailto:duke@example.com"));
        add("URL", () -> new URL("https://example.com:8443/path?q=1#top"));
        add("URL file", "java.net.URL", () -> new URL("file:/tmp/census.txt"));
        add("File", () -> new File("/tmp/census/a.txt"));
        add("File relative", "java.io.File", () -> new File("rel/b.txt"));
        add("FilePermission", () -> new FilePermission("/tmp/-", "read,write"));
        add("Inet4Address", () -> InetAddress.getByAddress("census.example", new byte[] {127, 0, 0, 1}));
        add("Inet4Address no host name", "java.net.Inet4Address", () -> InetAddress.getByAddress(new byte[] {10, 1, 2, 3}));
        add("Inet6Address scoped", "java.net.Inet6Address",
                () -> Inet6Address.getByAddress("v6.example", new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 3));
        add("InetSocketAddress", () -> new InetSocketAddress(InetAddress.getByAddress("census.example", new byte[] {127, 0, 0, 1}), 8080));
        add("InetSocketAddress unresolved", "java.net.InetSocketAddress", () -> InetSocketAddress.createUnresolved("example.com", 80));
        add("SocketPermission", () -> new SocketPermission("localhost:8080", "connect,resolve"));
        add("ObjectStreamClass", () -> ObjectStreamClass.lookup(Integer.class));
    }

    private void security() {
        add("X500Principal", () -> new X500Principal("CN=Duke, OU=JavaSoft, O=Sun Microsystems, C=US"));
        add("Subject", () -> {
            Subject s = new Subject();
            s.getPrincipals().add(new X500Principal("CN=Duke"));
            s.getPublicCredentials().add("public-credential");
            return s;
        });
        add("SecretKeySpec", () -> new SecretKeySpec(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, "AES"));
        add("KeyRep", () -> new KeyRep(KeyRep.Type.SECRET, "AES", "RAW", new byte[16]));
        add("AllPermission", AllPermission::new);
        add("Permissions", () -> {
            Permissions p = new Permissions();
            p.add(new RuntimePermission("exitVM"));
            p.add(new PropertyPermission("java.home", "read"));
            return p;
        });
        add("CodeSource", () -> new CodeSource(new URL("file:/tmp/app.jar"), (java.security.cert.Certificate[]) null));
    }

    private void sql() {
        add("JDBCType", () -> JDBCType.VARCHAR);
        add("ClientInfoStatus", () -> ClientInfoStatus.REASON_VALUE_INVALID);
        add("SQLException", () -> new SQLException("reason", "42000", 1234));
        add("SQLException with next", "java.sql.SQLException", () -> {
            SQLException e = new SQLException("first", "42000", 1);
            e.setNextException(new SQLException("second", "08001", 2));
            return e;
        });
        add("SQLWarning with next warning", "java.sql.SQLWarning", () -> {
            SQLWarning w = new SQLWarning("w1");
            w.setNextWarning(new SQLWarning("w2"));
            return w;
        });
        add("BatchUpdateException", () -> new BatchUpdateException("batch", "22000", 7, new int[] {1, -3, 2}));
        add("BatchUpdateException large counts", "java.sql.BatchUpdateException",
                () -> new BatchUpdateException("batch", "22000", 7, new long[] {1L << 33, -3}, null));
        add("DataTruncation", () -> new DataTruncation(2, true, false, 10, 5));
        add("SQLIntegrityConstraintViolationException", () -> new SQLIntegrityConstraintViolationException("dup", "23000", 1062));
        add("SQLClientInfoException", () -> new SQLClientInfoException("info",
                new HashMap<>(Map.of("ApplicationName", ClientInfoStatus.REASON_VALUE_TRUNCATED))));
    }
}
