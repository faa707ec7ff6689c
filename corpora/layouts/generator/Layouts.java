import com.example.shop.Cart;
import com.example.shop.LineItem;
import com.example.shop.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.realm.GenericPrincipal;

/**
 * Writes the Redis contents Spring Session Data Redis and Redisson's Tomcat manager keep for a
 * few sessions: every hash value is what JdkSerializationRedisSerializer / SerializationCodec
 * write (one ObjectOutputStream per value), keys and field names as the two projects name them.
 * Output: one JSON file per layout, each entry a key with its type, time to live and contents
 * (bytes in Base64).
 */
public class Layouts {
    static final long T0 = 1_700_000_000_000L;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        write(out.resolve("spring-session.json"), spring());
        write(out.resolve("redisson-java.json"), redisson());
    }

    static byte[] java(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One key: a hash (field/value pairs), a string or a set. */
    static final class Entry {
        final String key;
        final String type;
        final long pttl;
        final List<byte[][]> fields = new ArrayList<>();
        final List<byte[]> members = new ArrayList<>();
        byte[] value;

        Entry(String key, String type, long pttl) {
            this.key = key;
            this.type = type;
            this.pttl = pttl;
        }

        Entry field(byte[] name, byte[] value) {
            fields.add(new byte[][] {name, value});
            return this;
        }

        Entry field(String name, Object value) throws IOException {
            return field(utf8(name), value == null ? new byte[0] : java(value));
        }
    }

    static Map<String, Object> prefs() {
        Map<String, Object> prefs = new LinkedHashMap<>();
        prefs.put("theme", "dark");
        prefs.put("pageSize", 50);
        prefs.put("tags", new ArrayList<>(List.of("new", "sale")));
        return prefs;
    }

    static Cart cart() {
        return new Cart()
                .add(new LineItem("SKU-1", 2, new BigDecimal("19.99")))
                .add(new LineItem("SKU-42", 1, new BigDecimal("5.00")))
                .coupon("WINTER");
    }

    static List<Entry> spring() throws IOException {
        List<Entry> entries = new ArrayList<>();
        String ns = "spring:session:";
        String shop = "0b7d3f6e-8c1a-4d2b-9e5f-1a2b3c4d5e6f";
        entries.add(new Entry(ns + "sessions:" + shop, "hash", 2_100_000)
                .field("creationTime", T0)
                .field("lastAccessedTime", T0 + 60_000)
                .field("maxInactiveInterval", 1800)
                .field("sessionAttr:user", "alice")
                .field("sessionAttr:cart", cart())
                .field("sessionAttr:locale", Locale.FRANCE)
                .field("sessionAttr:lastSeen", new Date(T0 + 59_000))
                .field("sessionAttr:visits", 12)
                .field("sessionAttr:step", Step.CHECKOUT)
                // removeAttribute("promo") leaves an empty value behind.
                .field("sessionAttr:promo", null));
        // The indexed repository's companions of that session.
        entries.add(new Entry(ns + "sessions:expires:" + shop, "string", 1_800_000));
        entries.get(entries.size() - 1).value = new byte[0];
        Entry expirations = new Entry(ns + "expirations:" + (T0 + 60_000 + 1_800_000 + 60_000) / 60_000 * 60_000, "set", 2_100_000);
        expirations.members.add(java("expires:" + shop));
        entries.add(expirations);
        Entry index = new Entry(ns + "index:org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME:alice", "set", -1);
        index.members.add(java(shop));
        entries.add(index);

        String prefsId = "4c2e9a10-77d3-4b8e-a1f2-0c9d8e7f6a5b";
        entries.add(new Entry(ns + "sessions:" + prefsId, "hash", 7_200_000)
                .field("creationTime", T0 + 1000)
                .field("lastAccessedTime", T0 + 1000)
                .field("maxInactiveInterval", 7200)
                .field("sessionAttr:prefs", prefs())
                .field("sessionAttr:roles", new LinkedHashSet<>(List.of("user", "beta")))
                .field("sessionAttr:token", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"))
                .field("sessionAttr:since", Instant.ofEpochMilli(T0))
                .field("sessionAttr:unit", TimeUnit.MINUTES)
                .field("sessionAttr:scores", new int[] {3, 1, 4, 1, 5})
                .field("sessionAttr:grid", new String[][] {{"a", "b"}, {"c"}}));
        entries.add(new Entry(ns + "sessions:9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a", "hash", -1)
                .field("creationTime", T0 + 2000)
                .field("lastAccessedTime", T0 + 3000)
                .field("maxInactiveInterval", -1));
        // A namespace of the application's own (spring.session.redis.namespace=shop:session).
        entries.add(new Entry("shop:session:sessions:e1d2c3b4-a5f6-4789-8abc-def012345678", "hash", 1_800_000)
                .field("creationTime", T0 + 5000)
                .field("lastAccessedTime", T0 + 9000)
                .field("maxInactiveInterval", 1800)
                .field("sessionAttr:cart", cart()));
        return entries;
    }

    static List<Entry> redisson() throws IOException {
        List<Entry> entries = new ArrayList<>();
        GenericPrincipal alice = new GenericPrincipal("alice", "secret", Arrays.asList("admin", "user"));
        entries.add(redissonSession("redisson:tomcat_session:5C1D4E3F2A1B0C9D8E7F6A5B4C3D2E1F", 1800)
                .field("session:principal", alice)
                .field("session:authtype", "FORM")
                .field("user", "alice")
                .field("cart", cart())
                .field("prefs", prefs())
                .field("step", Step.PAID));
        entries.add(redissonSession("redisson:tomcat_session:0A1B2C3D4E5F60718293A4B5C6D7E8F9.node1", 600)
                .field("visits", 3L)
                .field("scores", new long[] {7, 8}));
        // keyPrefix="shop"; broadcastSessionEvents=true adds session:isExpirationLocked.
        entries.add(redissonSession("shop:redisson:tomcat_session:FEDCBA9876543210FEDCBA9876543210", 1800)
                .field("session:isExpirationLocked", false)
                .field("locale", Locale.GERMANY));
        // Before 3.10.1 the field names went through the codec too.
        Entry old = new Entry("redisson:tomcat_session:11112222333344445555666677778888", "hash", 1_800_000);
        for (byte[][] field : redissonSession("x", 1800).field("user", "bob").field("since", new Date(T0)).fields) {
            old.field(java(new String(field[0], StandardCharsets.UTF_8)), field[1]);
        }
        entries.add(old);
        return entries;
    }

    static Entry redissonSession(String key, int maxInactive) throws IOException {
        long pttl = maxInactive < 0 ? -1 : (maxInactive + 60) * 1000L;
        return new Entry(key, "hash", pttl)
                .field("session:creationTime", T0)
                .field("session:lastAccessedTime", T0 + 30_000)
                .field("session:thisAccessedTime", T0 + 31_000)
                .field("session:maxInactiveInterval", maxInactive)
                .field("session:isValid", true)
                .field("session:isNew", false);
    }

    static void write(Path path, List<Entry> entries) throws IOException {
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            json.append("  {\"key\": \"").append(e.key).append("\", \"type\": \"").append(e.type)
                    .append("\", \"pttl\": ").append(e.pttl);
            if (e.type.equals("hash")) {
                json.append(", \"fields\": [");
                for (int f = 0; f < e.fields.size(); f++) {
                    byte[][] field = e.fields.get(f);
                    json.append(f == 0 ? "\n    " : ",\n    ").append("[\"")
                            .append(b64.encodeToString(field[0])).append("\", \"")
                            .append(b64.encodeToString(field[1])).append("\"]");
                }
                json.append("\n  ]");
            } else if (e.type.equals("set")) {
                json.append(", \"members\": [");
                for (int m = 0; m < e.members.size(); m++) {
                    json.append(m == 0 ? "" : ", ").append('"').append(b64.encodeToString(e.members.get(m))).append('"');
                }
                json.append("]");
            } else {
                json.append(", \"value\": \"").append(b64.encodeToString(e.value)).append('"');
            }
            json.append(i + 1 < entries.size() ? "},\n" : "}\n");
        }
        json.append("]\n");
        Files.writeString(path, json.toString());
    }
}
