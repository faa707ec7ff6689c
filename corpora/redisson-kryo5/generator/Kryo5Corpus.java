import com.example.app.Bag;
import com.example.app.Profile;
import com.example.shop.Cart;
import com.example.shop.LineItem;
import com.example.shop.Step;
import org.redisson.codec.RedissonKryo5;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.catalina.realm.GenericPrincipal;

/**
 * Writes what Redisson's Tomcat manager keeps in Redis with its default codec, Kryo5Codec:
 * sessions.json (session hashes, the dump format of corpora/layouts) and values.json (single
 * values, each with the Java class and a name for tests).
 */
public class Kryo5Corpus {
    static final long T0 = 1_700_000_000_000L;
    static final RedissonKryo5 CODEC = new RedissonKryo5();

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        Files.writeString(out.resolve("sessions.json"), sessions());
        Files.writeString(out.resolve("values.json"), values());
        Files.writeString(out.resolve("values-3.45.json"), valuesBefore346());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Cart cart() {
        return new Cart()
                .add(new LineItem("SKU-1", 2, new BigDecimal("19.99")))
                .add(new LineItem("SKU-42", 1, new BigDecimal("5.00")))
                .coupon("WINTER");
    }

    static Map<String, Object> prefs() {
        Map<String, Object> prefs = new LinkedHashMap<>();
        prefs.put("theme", "dark");
        prefs.put("pageSize", 50);
        prefs.put("tags", new ArrayList<>(List.of("new", "sale")));
        return prefs;
    }

    static Profile profile() {
        return new Profile("Carol", 41, 9_000_000_001L).fill("note", new Date(T0 - 86_400_000L));
    }

    static final class Hash {
        final String key;
        final long pttl;
        final StringBuilder fields = new StringBuilder();

        Hash(String key, long pttl) {
            this.key = key;
            this.pttl = pttl;
        }

        Hash field(String name, Object value) {
            Base64.Encoder b64 = Base64.getEncoder();
            fields.append(fields.length() == 0 ? "\n    " : ",\n    ").append("[\"")
                    .append(b64.encodeToString(utf8(name))).append("\", \"")
                    .append(b64.encodeToString(CODEC.encode(value))).append("\"]");
            return this;
        }
    }

    /** The fields RedissonSession.save() writes for a new session (each value through the codec). */
    static Hash session(String key, int maxInactive) {
        long pttl = maxInactive < 0 ? -1 : (maxInactive + 60) * 1000L;
        return new Hash(key, pttl)
                .field("session:creationTime", T0)
                .field("session:lastAccessedTime", T0 + 30_000)
                .field("session:thisAccessedTime", T0 + 31_000)
                .field("session:maxInactiveInterval", maxInactive)
                .field("session:isValid", true)
                .field("session:isNew", false);
    }

    static String sessions() {
        GenericPrincipal alice = new GenericPrincipal("alice", "secret", Arrays.asList("admin", "user"));
        List<Hash> hashes = new ArrayList<>();
        hashes.add(session("redisson:tomcat_session:5C1D4E3F2A1B0C9D8E7F6A5B4C3D2E1F", 1800)
                .field("session:principal", alice)
                .field("session:authtype", "FORM")
                .field("user", "alice")
                .field("cart", cart())
                .field("prefs", prefs())
                .field("step", Step.PAID)
                .field("profile", profile()));
        hashes.add(session("redisson:tomcat_session:0A1B2C3D4E5F60718293A4B5C6D7E8F9.node1", 600)
                .field("visits", 3L)
                .field("scores", new long[] {7, 8})
                .field("lastSeen", new Date(T0 + 29_000))
                .field("token", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"))
                .field("total", new BigDecimal("1234.50"))
                .field("history", new ArrayList<>(List.of("home", "search", "item")))
                .field("roles", new HashSet<>(List.of("user")))
                .field("sorted", new TreeMap<>(Map.of("b", 2, "a", 1)))
                .field("counts", new HashMap<>(Map.of("x", 1)))
                .field("grid", new String[][] {{"a", "b"}, {"c"}}));
        // keyPrefix="shop"; broadcastSessionEvents=true adds session:isExpirationLocked.
        hashes.add(session("shop:redisson:tomcat_session:FEDCBA9876543210FEDCBA9876543210", 1800)
                .field("session:isExpirationLocked", false)
                .field("nickname", "Grüße ✓"));
        hashes.add(session("redisson:tomcat_session:9D8C7B6A5F4E4D3C8B2A1F0E9D8C7B6A", -1));
        StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < hashes.size(); i++) {
            Hash h = hashes.get(i);
            json.append("  {\"key\": \"").append(h.key).append("\", \"type\": \"hash\", \"pttl\": ").append(h.pttl)
                    .append(", \"fields\": [").append(h.fields).append("\n  ]")
                    .append(i + 1 < hashes.size() ? "},\n" : "}\n");
        }
        return json.append("]\n").toString();
    }

    /** What Redisson 3.38.1 to 3.45.x write differently: the atomics (FieldSerializer then). */
    static String valuesBefore346() {
        RedissonKryo5 codec = new RedissonKryo5(false);
        StringBuilder j = new StringBuilder("[\n");
        value(j, codec, "atomic_integer", new AtomicInteger(9));
        value(j, codec, "atomic_long", new java.util.concurrent.atomic.AtomicLong(-9));
        value(j, codec, "atomic_boolean", new java.util.concurrent.atomic.AtomicBoolean(true));
        value(j, codec, "atomic_reference", new java.util.concurrent.atomic.AtomicReference<>("ref"));
        value(j, codec, "uuid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        value(j, codec, "profile", profile());
        return j.append("\n]\n").toString();
    }

    static void value(StringBuilder json, String name, Object value) {
        value(json, CODEC, name, value);
    }

    static void value(StringBuilder json, RedissonKryo5 codec, String name, Object value) {
        String cls = value == null ? null : value.getClass().getName();
        json.append(json.length() == 2 ? "  " : ",\n  ").append("{\"name\": \"").append(name).append("\", \"class\": ")
                .append(cls == null ? "null" : "\"" + cls + "\"").append(", \"value\": \"")
                .append(Base64.getEncoder().encodeToString(codec.encode(value))).append("\"}");
    }

    static String values() {
        StringBuilder j = new StringBuilder("[\n");
        value(j, "null", null);
        value(j, "long_small", 5L);
        value(j, "long_time", T0);
        value(j, "long_negative", -1L);
        value(j, "long_min", Long.MIN_VALUE);
        value(j, "int_1800", 1800);
        value(j, "int_negative", -1);
        value(j, "int_max", Integer.MAX_VALUE);
        value(j, "bool_true", true);
        value(j, "bool_false", false);
        value(j, "short", (short) -300);
        value(j, "byte", (byte) -7);
        value(j, "char", 'é');
        value(j, "float", 1.5f);
        value(j, "double", -2.25);
        value(j, "string_empty", "");
        value(j, "string_one", "a");
        value(j, "string_ascii", "alice");
        value(j, "string_ascii_32", "x".repeat(32));
        value(j, "string_ascii_33", "x".repeat(33));
        value(j, "string_ascii_63", "x".repeat(63));
        value(j, "string_ascii_100", "x".repeat(100));
        value(j, "string_unicode", "Grüße ✓ 日本");
        value(j, "string_nul", "a\u0000b");
        value(j, "string_supplementary", "😀");
        value(j, "date", new Date(T0));
        value(j, "big_decimal", new BigDecimal("-1234.50"));
        value(j, "big_integer", new BigInteger("123456789012345678901234567890"));
        value(j, "uuid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        value(j, "enum", Step.CHECKOUT);
        value(j, "arraylist_strings", new ArrayList<>(List.of("a", "b", "c")));
        value(j, "arraylist_mixed", new ArrayList<>(Arrays.asList("a", 1, null, 2L)));
        value(j, "arraylist_empty", new ArrayList<>());
        value(j, "linkedlist", new LinkedList<>(List.of(1, 2)));
        value(j, "hashmap", new HashMap<>(Map.of("k", "v")));
        value(j, "hashmap_null_value", new HashMap<>(Collections.singletonMap("k", null)));
        value(j, "linkedhashmap", prefs());
        value(j, "treemap", new TreeMap<>(Map.of("b", 2, "a", 1)));
        value(j, "hashset", new HashSet<>(List.of("only")));
        value(j, "linkedhashset", new LinkedHashSet<>(List.of("x", "y")));
        value(j, "treeset", new TreeSet<>(List.of(3, 1, 2)));
        value(j, "int_array", new int[] {3, 1, 4, 1, 5});
        value(j, "long_array", new long[] {7, 8});
        value(j, "byte_array", new byte[] {1, 2, 3});
        value(j, "string_array", new String[] {"a", null, "c"});
        value(j, "object_array", new Object[] {"a", 1, null});
        value(j, "string_grid", new String[][] {{"a", "b"}, {"c"}});
        value(j, "line_item", new LineItem("SKU-1", 2, new BigDecimal("19.99")));
        value(j, "cart", cart());
        value(j, "profile", profile());
        value(j, "profile_bare", new Profile("Dan", 0, 1));
        value(j, "principal", new GenericPrincipal("alice", "secret", Arrays.asList("admin", "user")));
        value(j, "locale", Locale.FRANCE);
        value(j, "uri", URI.create("https://example.com/a?b=c"));
        value(j, "pattern", Pattern.compile("a+b", Pattern.CASE_INSENSITIVE));
        value(j, "atomic_integer", new AtomicInteger(9));
        value(j, "atomic_long", new java.util.concurrent.atomic.AtomicLong(-9));
        value(j, "atomic_boolean", new java.util.concurrent.atomic.AtomicBoolean(true));
        value(j, "atomic_reference", new java.util.concurrent.atomic.AtomicReference<>("ref"));
        value(j, "uri_long", URI.create("https://example.com/a/very/long/path/that/is/longer/than/sixty-four/characters?q=1"));
        value(j, "string_builder", new StringBuilder("sb"));
        value(j, "enum_set", EnumSet.of(Step.BROWSING, Step.PAID));
        value(j, "empty_list", Collections.emptyList());
        value(j, "singleton_list", Collections.singletonList("one"));
        value(j, "unmodifiable_list", Collections.unmodifiableList(new ArrayList<>(List.of("u"))));
        value(j, "class", String.class);
        value(j, "class_int", int.class);
        value(j, "class_integer", Integer.class);
        value(j, "arraylist_all_null", new ArrayList<>(Arrays.asList(null, null)));
        value(j, "arraylist_same_with_null", new ArrayList<>(Arrays.asList("a", null)));
        value(j, "hashmap_null_key", new HashMap<>(Collections.singletonMap(null, "v")));
        value(j, "bag_string", new Bag<>("v", new Date(T0)));
        value(j, "bag_long", new Bag<>(5L, new Date(T0)));
        value(j, "char_array", new char[] {'a', 'é'});
        value(j, "boolean_array", new boolean[] {true, false});
        value(j, "double_array", new double[] {1.5, -0.0});
        value(j, "date_array", new java.util.Date[] {new Date(T0), null});
        value(j, "step_array", new Step[] {Step.PAID, null});
        value(j, "long_text_40", "z".repeat(40));
        value(j, "arrays_as_list", Arrays.asList("p", "q"));
        value(j, "enum_body", com.example.app.Level.HIGH);
        value(j, "enum_set_body", EnumSet.of(com.example.app.Level.HIGH));
        value(j, "enum_list_body", new ArrayList<>(List.of(com.example.app.Level.HIGH, com.example.app.Level.LOW)));
        value(j, "instant", java.time.Instant.ofEpochSecond(1_700_000_000L, 123_456_789));
        value(j, "duration", java.time.Duration.ofSeconds(-90, 5));
        value(j, "local_date", java.time.LocalDate.of(2023, 11, 14));
        value(j, "local_time_hour", java.time.LocalTime.of(13, 0));
        value(j, "local_time_nanos", java.time.LocalTime.of(13, 5, 7, 1000));
        value(j, "local_date_time", java.time.LocalDateTime.of(2023, 11, 14, 22, 13, 20));
        value(j, "zoned_date_time", java.time.ZonedDateTime.of(2023, 11, 14, 22, 13, 20, 0, java.time.ZoneId.of("Europe/Paris")));
        value(j, "offset_date_time", java.time.OffsetDateTime.of(2023, 11, 14, 22, 13, 20, 0, java.time.ZoneOffset.ofHoursMinutesSeconds(5, 30, 7)));
        value(j, "zone_offset", java.time.ZoneOffset.ofHours(-3));
        value(j, "zone_id", java.time.ZoneId.of("America/Argentina/Buenos_Aires"));
        value(j, "year_month", java.time.YearMonth.of(2023, 11));
        value(j, "month_day", java.time.MonthDay.of(2, 29));
        value(j, "period", java.time.Period.of(1, -2, 3));
        value(j, "year", java.time.Year.of(-5));
        value(j, "arrays_as_list_mixed", Arrays.asList((Object) "p", 1));
        return j.append("\n]\n").toString();
    }
}
