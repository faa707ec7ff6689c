import com.example.shop.Cart;
import com.example.shop.LineItem;
import com.example.shop.Node;
import com.example.shop.Step;
import com.crimsonhexagon.rsm.RedisSession;
import com.crimsonhexagon.rsm.RedisSessionClient;
import com.crimsonhexagon.rsm.RedisSessionManager;
import com.orangefunction.tomcat.redissessions.JavaSerializer;
import com.orangefunction.tomcat.redissessions.SessionSerializationMetadata;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.session.ManagerBase;
import org.apache.catalina.session.StandardManager;
import org.apache.catalina.session.StandardSession;
import tomcat.request.session.model.SessionMetadata;

/**
 * Writes the string values the older Redis session managers SET, with their own classes where
 * they build against Tomcat 9.0.70: jcoleman 2.0.0's JavaSerializer and RedisSession, jcoleman
 * 1.2's JavaSerializer and RedisSession, ran-jit 4.0's SessionMetadata, chexagon's RedisSession
 * and RedisSessionManager. Each output file is named by the Redis key the manager uses. Times are
 * fixed so the output is reproducible.
 */
public class Managers {
    static final long T0 = 1_700_000_000_000L;

    static Path out;

    static StandardContext context() {
        StandardContext context = new StandardContext();
        context.setName("/shop");
        context.setPath("/shop");
        return context;
    }

    static <M extends ManagerBase> M manager(M manager, boolean persistLogin) {
        manager.setContext(context());
        manager.setPersistAuthentication(persistLogin);
        return manager;
    }

    /** Sets the times StandardSession only changes from the clock; the fields are protected. */
    static void times(StandardSession s, String id, long created, boolean isNew) throws Exception {
        s.setValid(true);
        s.setCreationTime(created);
        set(s, "lastAccessedTime", created + 60_000);
        set(s, "thisAccessedTime", created + 61_000);
        s.setMaxInactiveInterval(1800);
        s.setNew(isNew);
        s.setId(id);
    }

    static void set(StandardSession s, String name, long value) throws Exception {
        Field field = StandardSession.class.getDeclaredField(name);
        field.setAccessible(true);
        field.setLong(s, value);
    }

    static void login(StandardSession s) {
        s.setAuthType("FORM");
        s.setPrincipal(new GenericPrincipal("alice", "secret", Arrays.asList("admin", "user")));
    }

    /** Ordinary attributes: JDK values, an application class, sharing and a cycle. */
    static void fill(StandardSession s) {
        s.setAttribute("user", "alice");
        s.setAttribute("visits", 12);
        s.setAttribute("lastSeen", new Date(T0 + 59_000));
        s.setAttribute("tags", new ArrayList<>(List.of("new", "sale")));
        Map<String, Object> prefs = new LinkedHashMap<>();
        prefs.put("theme", "dark");
        prefs.put("pageSize", 50);
        prefs.put("locale", Locale.FRANCE);
        s.setAttribute("prefs", prefs);
        Cart cart = new Cart()
                .add(new LineItem("SKU-1", 2, new BigDecimal("19.99")))
                .add(new LineItem("SKU-42", 1, new BigDecimal("5.00")))
                .coupon("WINTER");
        s.setAttribute("cart", cart);
        s.setAttribute("checkoutCart", cart);
        s.setAttribute("step", Step.CHECKOUT);
        s.setAttribute("token", UUID.fromString("0b7d3f6e-8c1a-4d2b-9e5f-1a2b3c4d5e6f"));
        Node a = new Node("a");
        Node b = new Node("b");
        a.link(b);
        b.link(a);
        s.setAttribute("ring", a);
    }

    static void save(String dir, String key, byte[] bytes) throws IOException {
        Path folder = out.resolve(dir);
        Files.createDirectories(folder);
        Files.write(folder.resolve(key), bytes);
    }

    /** The MD5 both jcoleman 2.0 and ran-jit keep: of the attributes as one HashMap, unshared. */
    static byte[] attributesHash(StandardSession s) throws Exception {
        HashMap<String, Object> attributes = new HashMap<>();
        for (Enumeration<String> e = s.getAttributeNames(); e.hasMoreElements(); ) {
            String key = e.nextElement();
            attributes.put(key, s.getAttribute(key));
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(new BufferedOutputStream(bos))) {
            oos.writeUnshared(attributes);
            oos.flush();
        }
        return MessageDigest.getInstance("MD5").digest(bos.toByteArray());
    }

    static void jcoleman20() throws Exception {
        JavaSerializer serializer = new JavaSerializer();
        StandardManager withLogin = manager(new StandardManager(), true);
        com.orangefunction.tomcat.redissessions.RedisSession s =
                new com.orangefunction.tomcat.redissessions.RedisSession(withLogin);
        times(s, "2C0DE2C0DE2C0DE2C0DE2C0DE2C0DE01", T0, false);
        login(s);
        fill(s);
        SessionSerializationMetadata metadata = new SessionSerializationMetadata();
        metadata.setSessionAttributesHash(serializer.attributesHashFrom(s));
        save("jcoleman", s.getId(), serializer.serializeFrom(s, metadata));

        // persistAuthentication off (the default): authType and principal are nulls; the
        // jvmRoute suffix is part of the id and of the key.
        StandardManager plain = manager(new StandardManager(), false);
        com.orangefunction.tomcat.redissessions.RedisSession p =
                new com.orangefunction.tomcat.redissessions.RedisSession(plain);
        times(p, "2C0DE2C0DE2C0DE2C0DE2C0DE2C0DE02.node1", T0 + 1000, true);
        p.setAttribute("user", "bob");
        p.setAttribute("visits", 1);
        SessionSerializationMetadata empty = new SessionSerializationMetadata();
        empty.setSessionAttributesHash(serializer.attributesHashFrom(p));
        save("jcoleman", p.getId(), serializer.serializeFrom(p, empty));

        // What SETNX reserves a new id with before the first save.
        save("jcoleman", "2C0DE2C0DE2C0DE2C0DE2C0DE2C0DE03", "null".getBytes(StandardCharsets.US_ASCII));
    }

    static void jcoleman1() throws Exception {
        com.radiadesign.catalina.session.JavaSerializer serializer =
                new com.radiadesign.catalina.session.JavaSerializer();
        StandardManager withLogin = manager(new StandardManager(), true);
        com.radiadesign.catalina.session.RedisSession s =
                new com.radiadesign.catalina.session.RedisSession(withLogin);
        times(s, "1C0DE1C0DE1C0DE1C0DE1C0DE1C0DE01", T0 + 2000, false);
        login(s);
        fill(s);
        save("jcoleman-1", s.getId(), serializer.serializeFrom(s));
    }

    /**
     * ran-jit's model/Session.writeObjectData: StandardSession's sequence, then the creation
     * time. Its class needs the whole manager (Jedis, the valve); these two lines are all of it
     * that reaches the stream.
     */
    static final class RanJitSession extends StandardSession {
        private static final long serialVersionUID = 1L;

        RanJitSession(ManagerBase manager) {
            super(manager);
        }

        @Override
        public void writeObjectData(ObjectOutputStream out) throws IOException {
            super.writeObjectData(out);
            out.writeLong(this.getCreationTime());
        }
    }

    static void ranJit() throws Exception {
        StandardManager withLogin = manager(new StandardManager(), true);
        RanJitSession s = new RanJitSession(withLogin);
        times(s, "3C0DE3C0DE3C0DE3C0DE3C0DE3C0DE01", T0 + 3000, false);
        login(s);
        fill(s);
        SessionMetadata metadata = new SessionMetadata();
        metadata.setAttributesHash(attributesHash(s));
        // SerializationUtil.serializeSessionData, line for line.
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(new BufferedOutputStream(bos))) {
            oos.writeObject(metadata);
            s.writeObjectData(oos);
            oos.flush();
        }
        save("ran-jit", s.getId(), bos.toByteArray());
        save("ran-jit", "3C0DE3C0DE3C0DE3C0DE3C0DE3C0DE02", "null".getBytes(StandardCharsets.US_ASCII));
    }

    /** chexagon's manager with the client replaced by one that encodes as the Lettuce codec. */
    static final class Chexagon extends RedisSessionManager {
        final Map<String, byte[]> saved = new LinkedHashMap<>();

        final RedisSessionClient client = new RedisSessionClient() {
            @Override
            public void save(String key, RedisSession session) {
                // ContextClassloaderJdkSerializationCodec.encodeValue.
                try {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    ObjectOutputStream os = new ObjectOutputStream(bytes);
                    os.writeObject(session);
                    saved.put(key, bytes.toByteArray());
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }

            @Override
            public RedisSession load(String key) {
                return null;
            }

            @Override
            public void delete(String key) {}

            @Override
            public void expire(String key, long expirationTime, TimeUnit timeUnit) {}

            @Override
            public boolean exists(String key) {
                return saved.containsKey(key);
            }

            @Override
            public int getEncodedSize(Object obj) {
                return 0;
            }

            @Override
            public void shutdown() {}
        };

        @Override
        protected RedisSessionClient buildClient() {
            return client;
        }

        @Override
        protected RedisSessionClient getClient() {
            return client;
        }
    }

    static void chexagon() throws Exception {
        Chexagon manager = manager(new Chexagon(), true);
        RedisSession s = manager.createEmptySession();
        times(s, "4C0DE4C0DE4C0DE4C0DE4C0DE4C0DE01", T0 + 4000, false);
        // Transient in StandardSession: set here, absent from the value.
        login(s);
        fill(s);
        manager.save(s, true);
        RedisSession fresh = manager.createEmptySession();
        times(fresh, "4C0DE4C0DE4C0DE4C0DE4C0DE4C0DE02", T0 + 5000, true);
        manager.save(fresh, true);
        for (Map.Entry<String, byte[]> e : manager.saved.entrySet()) {
            save("chexagon", e.getKey(), e.getValue());
        }
    }

    public static void main(String[] args) throws Exception {
        out = Path.of(args[0]).toAbsolutePath();
        jcoleman20();
        jcoleman1();
        ranJit();
        chexagon();
    }
}
