package msmcorpus;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
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
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.Vector;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.security.auth.Subject;
import javax.servlet.http.Cookie;

import org.apache.catalina.authenticator.Constants;
import org.apache.catalina.authenticator.SavedRequest;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.tomcat.util.buf.ByteChunk;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;

import com.acme.app.DbConnection;
import com.acme.app.ReportJob;
import com.acme.graph.Node;
import com.shop.model.Address;
import com.shop.model.Cart;
import com.shop.model.Customer;
import com.shop.model.LineItem;
import com.sun.security.auth.UserPrincipal;

import msmcorpus.Envelope.PrincipalForm;
import msmcorpus.Generator.Fill;
import msmcorpus.Generator.SessionCase;

import static msmcorpus.Generator.CREATED;
import static msmcorpus.Generator.principal;

/**
 * The session cases. Each fills a Tomcat 9 StandardSession through its own API (setAttribute,
 * setAuthType/setPrincipal, setNote for the FORM login notes); times and flags that Tomcat only
 * sets from the clock are set on the fields, as msm's reader does.
 */
final class Cases {
    private final List<SessionCase> cases = new ArrayList<>();

    private Cases() {}

    private void v2(String name, String note, Fill fill) {
        cases.add(new SessionCase(name, note, Envelope.VERSION_2, PrincipalForm.TC8, fill));
    }

    private void add(String name, String note, int version, PrincipalForm form, Fill fill) {
        cases.add(new SessionCase(name, note, version, form, fill));
    }

    static List<SessionCase> sessions() {
        Cases c = new Cases();
        c.envelopes();
        c.authentication();
        c.formLogin();
        c.applications();
        c.attributeStreams();
        c.sessionFields();
        return c.cases;
    }

    // ---------------------------------------------------------------------------- envelopes

    private void envelopes() {
        v2("example_v2", "the session of msm-format.md section 8: foo -> bar, no auth (byte for byte section 8.2)",
                s -> {
                    s.setId(Generator.EXAMPLE_ID, false);
                    s.setAttribute("foo", "bar");
                });
        add("example_v1", "the section 8 session with a version 1 header (H = 80, no saved-request fields)",
                Envelope.VERSION_1, PrincipalForm.TC7, s -> {
                    s.setId(Generator.EXAMPLE_ID, false);
                    s.setAttribute("foo", "bar");
                });
        v2("empty", "no attributes: the stream is only the Integer count 0", s -> {});
        add("empty_v1", "version 1 header, no attributes", Envelope.VERSION_1, PrincipalForm.TC7, s -> {});
        v2("anonymous_visitor", "no authentication; a few everyday attributes", s -> {
            s.setAttribute("locale", Locale.FRANCE);
            s.setAttribute("lastPage", "/products/42?ref=home");
            s.setAttribute("visits", 12L);
            s.setAttribute("consentGiven", Boolean.TRUE);
        });
    }

    // ---------------------------------------------------------------------------- authentication

    private void authentication() {
        v2("basic_tc8", "BASIC, GenericPrincipal with password and two roles (tc8/tc9 object form)", s -> {
            auth(s, "BASIC", principal("alice", "s3cret", "user", "admin"));
            s.setAttribute("greeting", "Hello, alice");
        });
        add("basic_tc7", "BASIC, tc6/tc7 block form: alice / secret / [admin] (the section 8.4 principal)",
                Envelope.VERSION_2, PrincipalForm.TC7, s -> {
                    auth(s, "BASIC", principal("alice", "secret", "admin"));
                    s.setAttribute("greeting", "Hello, alice");
                });
        add("basic_tc7_user_principal",
                "BASIC, tc7 form with a JAAS user principal (hasUserPrincipal true, then a writeObject after the block)",
                Envelope.VERSION_2, PrincipalForm.TC7, s -> {
                    auth(s, "BASIC", new GenericPrincipal("carol", null, List.of("staff"), new UserPrincipal("carol")));
                    s.setAttribute("greeting", "Hello, carol");
                });
        v2("basic_tc8_user_principal",
                "BASIC, tc8 form with a JAAS user principal in SerializablePrincipal.principal", s -> {
                    auth(s, "BASIC", new GenericPrincipal("carol", null, List.of("staff"), new UserPrincipal("carol")));
                    s.setAttribute("greeting", "Hello, carol");
                });
        v2("basic_tc8_principal_attributes",
                "BASIC, tc8 form; the GenericPrincipal carries realm user attributes (Tomcat 9 attributes map)", s -> {
                    Map<String, Object> userAttributes = new HashMap<>();
                    userAttributes.put("mail", "dave@example.com");
                    userAttributes.put("department", "R&D");
                    auth(s, "BASIC", new GenericPrincipal("dave", null, List.of("staff"), null, null, null,
                            userAttributes));
                });
        add("v1_basic_tc7", "version 1 header (msm 1.2 to 1.6.1) with a BASIC tc7 principal",
                Envelope.VERSION_1, PrincipalForm.TC7, s -> {
                    auth(s, "BASIC", principal("alice", "secret", "admin", "user"));
                    s.setAttribute("greeting", "Hello, alice");
                });
        v2("form_tc8", "FORM, GenericPrincipal without password, roles given unsorted (Tomcat sorts them)", s -> {
            auth(s, "FORM", principal("bob", null, "tomcat", "manager-gui", "admin-gui", "manager-script"));
            s.setAttribute("theme", "dark");
        });
        add("form_tc7", "FORM, tc7 form with password and a non-ASCII role (writeUTF, modified UTF-8)",
                Envelope.VERSION_2, PrincipalForm.TC7, s -> {
                    auth(s, "FORM", principal("b\u00e9atrice", "p\u00e4ss", "Pr\u00fcfer", "user"));
                    s.setAttribute("theme", "light");
                });
        add("form_tc7_many_roles",
                "FORM, tc7 form with 120 roles: the block data exceeds 1024 bytes, so it is split into "
                        + "TC_BLOCKDATALONG records (byte 4 is 0x7A)",
                Envelope.VERSION_2, PrincipalForm.TC7, s -> {
                    String[] roles = new String[120];
                    for (int i = 0; i < roles.length; i++) roles[i] = String.format("project-%03d-member", i);
                    auth(s, "FORM", principal("olivia", "correct horse battery staple", roles));
                });
        v2("digest_tc8", "DIGEST (authType id 3)", s -> {
            auth(s, "DIGEST", principal("erin", null, "user"));
            s.setAttribute("nonceCount", 7);
        });
        v2("client_cert_tc8", "CLIENT_CERT (authType id 2), certificate subject as the name, no roles", s -> {
            auth(s, "CLIENT_CERT", principal("CN=frank, OU=Engineering, O=Example Corp, C=DE", null));
            s.setAttribute("certSerial", new BigInteger("1234567890abcdef1234", 16));
        });
    }

    private static void auth(BackupSession s, String type, GenericPrincipal principal) {
        s.setAuthType(type);
        s.setPrincipal(principal);
    }

    // ---------------------------------------------------------------------------- FORM login notes

    /**
     * FORM_PRINCIPAL_NOTE is deprecated in Tomcat 9 (its FormAuthenticator no longer sets it), but
     * msm still stores it when present, so the cases set it as older Tomcats did.
     */
    @SuppressWarnings("deprecation")
    private void formLogin() {
        v2("form_login_accepted",
                "Tomcat 9 FORM login between j_security_check and the redirect: authType FORM and the principal "
                        + "are registered, the saved POST (body, headers, locales) is still a note",
                s -> {
                    auth(s, "FORM", principal("grace", "hunter2", "customer"));
                    s.setNote(Constants.FORM_REQUEST_NOTE, checkoutPost());
                    s.setAttribute("cartId", "C-20231114-0042");
                });
        v2("form_login_saved_post",
                "FORM login in progress as Tomcat 6/7 kept it: saved POST plus the accepted principal in "
                        + "FORM_PRINCIPAL_NOTE (saved principal), session auth not set yet",
                s -> {
                    s.setNote(Constants.FORM_REQUEST_NOTE, checkoutPost());
                    s.setNote(Constants.FORM_PRINCIPAL_NOTE, principal("grace", "hunter2", "customer"));
                    s.setAttribute("cartId", "C-20231114-0042");
                });
        add("form_login_saved_post_tc7", "the same login in progress with the saved principal in the tc7 form",
                Envelope.VERSION_2, PrincipalForm.TC7, s -> {
                    s.setNote(Constants.FORM_REQUEST_NOTE, checkoutPost());
                    s.setNote(Constants.FORM_PRINCIPAL_NOTE, principal("grace", "hunter2", "customer"));
                    s.setAttribute("cartId", "C-20231114-0042");
                });
        v2("form_login_saved_get",
                "login page shown: saved GET (no body), only the server default locale (what Tomcat's "
                        + "Request.getLocales gives without Accept-Language), no saved principal",
                s -> {
                    SavedRequest r = new SavedRequest();
                    r.setMethod("GET");
                    r.setRequestURI("/app/reports/monthly%20summary");
                    r.setDecodedRequestURI("/app/reports/monthly summary");
                    r.setQueryString("year=2023&month=11");
                    r.addHeader("host", "intranet.example.com");
                    r.addHeader("accept", "text/html");
                    r.addLocale(Locale.US);
                    s.setNote(Constants.FORM_REQUEST_NOTE, r);
                });
        v2("form_login_saved_no_locales",
                "saved request without locales (msm writes Collections.emptyList()), no headers, no query string",
                s -> {
                    SavedRequest r = new SavedRequest();
                    r.setMethod("GET");
                    r.setRequestURI("/app/");
                    r.setDecodedRequestURI("/app/");
                    s.setNote(Constants.FORM_REQUEST_NOTE, r);
                });
        v2("form_authenticated_v2_notes_cleared",
                "after a FORM login completed: authType FORM, principal set, both notes gone (R = S = 0)", s -> {
                    auth(s, "FORM", principal("grace", "hunter2", "customer"));
                    s.setAttribute("cartId", "C-20231114-0042");
                });
    }

    /** A POST to a checkout page, as Tomcat's FormAuthenticator.saveRequest records it. */
    private static SavedRequest checkoutPost() throws Exception {
        SavedRequest r = new SavedRequest();
        r.addCookie(new Cookie("theme", "dark")); // cookies are not stored by msm
        // Tomcat's HTTP/1.1 parser lower-cases header names.
        r.addHeader("host", "shop.example.com");
        r.addHeader("content-type", "application/x-www-form-urlencoded");
        r.addHeader("accept-language", "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7");
        r.addHeader("x-forwarded-for", "203.0.113.7");
        r.addHeader("x-forwarded-for", "10.0.0.2");
        r.addLocale(Locale.GERMANY);
        r.addLocale(Locale.GERMAN);
        r.addLocale(Locale.US);
        r.addLocale(Locale.ENGLISH);
        byte[] form = "item=SKU-1001&qty=2&note=gr%C3%BC%C3%9Fe".getBytes(StandardCharsets.US_ASCII);
        ByteChunk body = new ByteChunk();
        body.setLimit(-1);
        body.append(form, 0, form.length);
        r.setBody(body);
        r.setContentType("application/x-www-form-urlencoded");
        r.setMethod("POST");
        r.setQueryString("step=2");
        r.setRequestURI("/shop/checkout/confirm");
        r.setDecodedRequestURI("/shop/checkout/confirm");
        return r;
    }

    // ---------------------------------------------------------------------------- applications

    private void applications() {
        v2("camunda", "Camunda 7 webapp session: authenticatedUser (Authentications), CAMUNDA_CSRF_TOKEN", s -> {
            UserAuthentication user = new UserAuthentication("demo", "default");
            user.setGroupIds(new ArrayList<>(List.of("camunda-admin", "management")));
            user.setTenantIds(new ArrayList<>());
            user.setAuthorizedApps(new HashSet<>(List.of("cockpit", "tasklist", "admin", "welcome")));
            user.setCacheValidationTime(new Date(CREATED + 300_000L));
            Authentications auths = new Authentications();
            auths.addOrReplace(user);
            s.setAttribute("authenticatedUser", auths);
            s.setAttribute("CAMUNDA_CSRF_TOKEN", "8F3A1C9E5B7D2F4A6C0E1B3D5F7A9C2E");
        });
        v2("ecommerce", "web shop: cart, customer (billing and shipping are one Address), FORM login", s -> {
            auth(s, "FORM", principal("sherlock", null, "customer"));
            Address home = new Address("221B Baker Street", "London", "NW1 6XE", "GB");
            Cart cart = new Cart(home, new Date(CREATED - 3_600_000L))
                    .add(new LineItem("SKU-1001", "Espresso beans 1kg", 2, new BigDecimal("19.99")))
                    .add(new LineItem("SKU-2040", "Milk frother", 1, new BigDecimal("49.00")))
                    .add(new LineItem("SKU-0007", "Gift card \u20ac25", 1, new BigDecimal("25")));
            cart.setCouponCode("SPRING10");
            cart.setShippingFee(new BigDecimal("4.95"));
            s.setAttribute("cart", cart);
            s.setAttribute("customer", new Customer(48213L, "Sherlock Holmes", "sh@example.co.uk", false, home, home));
            s.setAttribute("locale", Locale.UK);
            s.setAttribute("lastVisit", new Date(CREATED));
            s.setAttribute("csrfToken", "c0ffee00deadbeef0123456789abcdef");
            s.setAttribute("pageViews", 17);
            s.setAttribute("recentlyViewed", new LinkedList<>(List.of("SKU-2040", "SKU-3300")));
        });
    }

    // ---------------------------------------------------------------------------- attribute streams

    private void attributeStreams() {
        v2("large_1mb", "over 1,000,000 bytes: a 910,000-char log (TC_LONGSTRING), 30,000 CJK chars "
                + "(90,000 bytes, TC_LONGSTRING), a 4 KiB byte[]", s -> {
                    s.setAttribute("exportLog", logText(910_000));
                    StringBuilder cjk = new StringBuilder();
                    for (int i = 0; i < 30_000; i++) cjk.append((char) (0x4e00 + (i * 7919) % 0x5000));
                    s.setAttribute("cjkText", cjk.toString());
                    byte[] data = new byte[4096];
                    for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31 + (i >> 8));
                    s.setAttribute("thumbnail", data);
                });
        v2("many_attributes_500", "500 attributes cycling String, Integer, Date, Boolean (class descriptors reused)",
                s -> {
                    for (int i = 0; i < 500; i++) {
                        String name = String.format("attr%03d", i);
                        switch (i % 4) {
                            case 0 -> s.setAttribute(name, "value-" + i);
                            case 1 -> s.setAttribute(name, Integer.valueOf(i * 1000));
                            case 2 -> s.setAttribute(name, new Date(CREATED + i * 1000L));
                            default -> s.setAttribute(name, (i & 1) == 0);
                        }
                    }
                });
        v2("deep_history_200", "a hand-linked page history 200 nodes deep (com.acme.graph.Node, each holding "
                + "the next): nesting the JVM writes and reads on a default thread stack", s -> {
                    Node head = null;
                    for (int i = 200; i > 0; i--) {
                        Node visit = new Node("/catalog/page-" + i);
                        visit.setNext(head);
                        head = visit;
                    }
                    s.setAttribute("history", head);
                    s.setAttribute("historySize", 200);
                });
        v2("count_integer_shared",
                "three attributes, one is Integer 3: Integer.valueOf caches it, so the value is a back-reference "
                        + "to the count object written first",
                s -> {
                    s.setAttribute("itemsInCart", Integer.valueOf(3));
                    s.setAttribute("userId", "u-1029");
                    s.setAttribute("lastSearch", "running shoes");
                });
        v2("shared_value_two_attributes", "two attributes hold the same ArrayList (the second is a TC_REFERENCE)", s -> {
            List<String> roles = new ArrayList<>(List.of("reader", "editor"));
            s.setAttribute("roles", roles);
            s.setAttribute("effectiveRoles", roles);
            s.setAttribute("user", "heidi");
        });
        v2("attribute_references_other",
                "the Address inside one attribute (cart) is another attribute's value and a field of a third", s -> {
                    Address office = new Address("1 Main Street", "Springfield", "12345", "US");
                    s.setAttribute("cart", new Cart(office, new Date(CREATED))
                            .add(new LineItem("SKU-9", "Stapler", 1, new BigDecimal("7.50"))));
                    s.setAttribute("deliveryAddress", office);
                    s.setAttribute("customer", new Customer(7L, "Ivan", "ivan@example.com", true, office, office));
                });
        v2("attribute_cycle", "two attributes whose lists contain each other (a cycle across attributes)", s -> {
            List<Object> a = new ArrayList<>();
            List<Object> b = new ArrayList<>();
            a.add("a");
            a.add(b);
            b.add("b");
            b.add(a);
            s.setAttribute("listA", a);
            s.setAttribute("listB", b);
        });
        v2("jdk_types", "JDK value types: boxed primitives, dates, java.time, big numbers, Locale, UUID, enums, "
                + "Class, builders, atomics, arrays", Cases::jdkTypes);
        v2("jdk_collections", "JDK collections and maps; immutable ones only with one element (fixed order)",
                Cases::jdkCollections);
        v2("unicode_names", "attribute names: empty, Latin-1, CJK, emoji (surrogate pair), 300 chars; "
                + "values with NUL and non-BMP characters", s -> {
                    s.setAttribute("", "empty name");
                    s.setAttribute("caf\u00e9", "cr\u00e8me br\u00fbl\u00e9e");
                    s.setAttribute("\u65e5\u672c\u8a9e", "\u3053\u3093\u306b\u3061\u306f");
                    s.setAttribute("emoji \ud83d\ude00", "\ud83c\udf89 party");
                    s.setAttribute("n".repeat(300), "long name");
                    s.setAttribute("nul", "a\u0000b");
                });
        v2("excluded_and_non_serializable",
                "attributes msm leaves out: Tomcat's excluded names (a Subject, the crawler valve's) and a "
                        + "non-Serializable value; only 'kept' is written", s -> {
                    s.setAttribute("javax.security.auth.subject", new Subject());
                    s.setAttribute("org.apache.catalina.valves.CrawlerSessionManagerValve", "crawler");
                    s.setAttribute("connection", new DbConnection("jdbc:h2:mem:test"));
                    s.setAttribute("kept", "kept");
                });
        v2("not_serializable_marker",
                "a Serializable value with a non-Serializable field: the JDK writes TC_EXCEPTION mid-object, msm then "
                        + "writes \"___NOT_SERIALIZABLE_EXCEPTION___\"; the stream cannot be read past the failure "
                        + "by msm (it purges such a session)", s -> {
                    List<String> shared = new ArrayList<>(List.of("x", "y"));
                    s.setAttribute("alpha", shared);
                    s.setAttribute("job", new ReportJob("nightly", new DbConnection("jdbc:postgresql://db/prod")));
                    s.setAttribute("omega", shared);
                    s.setAttribute("zeta", "after the failure");
                });
        v2("marker_string_value",
                "an attribute whose value is the string \"___NOT_SERIALIZABLE_EXCEPTION___\": in the stream, but "
                        + "msm's reader drops it", s -> {
                    s.setAttribute("odd", AttributeStream.NOT_SERIALIZED);
                    s.setAttribute("normal", "value");
                });
    }

    private static String logText(int length) {
        StringBuilder sb = new StringBuilder(length + 100);
        for (int i = 0; sb.length() < length; i++) {
            sb.append(String.format("2023-11-14T22:%02d:%02dZ INFO export row %06d status=%s%n",
                    (i / 60) % 60, i % 60, i, (i % 7 == 0) ? "retry" : "ok"));
        }
        sb.setLength(length);
        return sb.toString();
    }

    private static void jdkTypes(BackupSession s) {
        s.setAttribute("string", "plain");
        s.setAttribute("int", Integer.MIN_VALUE);
        s.setAttribute("long", Long.MAX_VALUE);
        s.setAttribute("short", (short) -2);
        s.setAttribute("byte", (byte) 0x7f);
        s.setAttribute("char", '\u00df');
        s.setAttribute("boolean", Boolean.FALSE);
        s.setAttribute("float", 1.5f);
        s.setAttribute("double", Double.NaN);
        s.setAttribute("date", new Date(CREATED + 123));
        java.sql.Timestamp ts = new java.sql.Timestamp(CREATED);
        ts.setNanos(123_456_789);
        s.setAttribute("timestamp", ts);
        s.setAttribute("instant", Instant.ofEpochMilli(CREATED + 456));
        s.setAttribute("localDate", LocalDate.of(2023, 11, 14));
        s.setAttribute("localDateTime", LocalDateTime.of(2023, 11, 14, 22, 13, 20));
        s.setAttribute("localTime", LocalTime.of(8, 30));
        s.setAttribute("zoned", ZonedDateTime.of(2023, 11, 14, 23, 13, 20, 0, ZoneId.of("Europe/Berlin")));
        s.setAttribute("zone", ZoneId.of("America/New_York"));
        s.setAttribute("duration", Duration.ofMinutes(90));
        s.setAttribute("period", Period.of(1, 2, 3));
        s.setAttribute("bigDecimal", new BigDecimal("1234.5600"));
        s.setAttribute("bigInteger", BigInteger.TWO.pow(100).negate());
        s.setAttribute("locale", Locale.CANADA_FRENCH);
        s.setAttribute("uuid", UUID.fromString("123e4567-e89b-42d3-a456-426614174000"));
        s.setAttribute("timeUnit", TimeUnit.SECONDS);
        s.setAttribute("dayOfWeek", DayOfWeek.FRIDAY);
        s.setAttribute("class", String.class);
        s.setAttribute("builder", new StringBuilder("built"));
        s.setAttribute("atomicInt", new AtomicInteger(5));
        s.setAttribute("atomicLong", new AtomicLong(-5));
        s.setAttribute("ints", new int[] {1, -1, 65536});
        s.setAttribute("strings", new String[] {"a", null, "c"});
    }

    private static void jdkCollections(BackupSession s) {
        s.setAttribute("arrayList", new ArrayList<>(List.of("one", "two")));
        s.setAttribute("linkedList", new LinkedList<>(List.of(1, 2)));
        Map<String, Integer> hashMap = new HashMap<>();
        hashMap.put("apples", 3);
        hashMap.put("pears", 0);
        s.setAttribute("hashMap", hashMap);
        Map<String, String> linked = new LinkedHashMap<>();
        linked.put("z", "last letter");
        linked.put("a", "first letter");
        s.setAttribute("linkedHashMap", linked);
        s.setAttribute("treeMap", new TreeMap<>(Map.of("b", 2)));
        s.setAttribute("hashSet", new HashSet<>(List.of("red")));
        s.setAttribute("treeSet", new TreeSet<>(List.of("gamma", "alpha", "beta")));
        ArrayDeque<String> deque = new ArrayDeque<>();
        deque.add("first");
        deque.add("second");
        s.setAttribute("arrayDeque", deque);
        s.setAttribute("vector", new Vector<>(List.of("v")));
        s.setAttribute("singletonList", Collections.singletonList("only"));
        s.setAttribute("emptyList", Collections.emptyList());
        s.setAttribute("listOf1", List.of("immutable"));
        s.setAttribute("mapOf1", Map.of("key", "value"));
        s.setAttribute("unmodifiableList", Collections.unmodifiableList(new ArrayList<>(List.of("u"))));
        s.setAttribute("arraysAsList", Arrays.asList("x", "y"));
        s.setAttribute("concurrentHashMap", new ConcurrentHashMap<>(Map.of("c", "h")));
        s.setAttribute("copyOnWrite", new CopyOnWriteArrayList<>(List.of("cow")));
        EnumMap<TimeUnit, String> enumMap = new EnumMap<>(TimeUnit.class);
        enumMap.put(TimeUnit.HOURS, "h");
        enumMap.put(TimeUnit.DAYS, "d");
        s.setAttribute("enumMap", enumMap);
        s.setAttribute("enumSet", EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        s.setAttribute("bytes", new byte[] {0, 1, -1, 127, -128});
    }

    // ---------------------------------------------------------------------------- session fields

    private void sessionFields() {
        v2("id_jvm_route", "id with a jvmRoute suffix (Tomcat with jvmRoute, as the Redis key)", s -> {
            s.setId("9A0B1C2D3E4F50617283940A1B2C3D4E.tomcat1", false);
            s.setAttribute("node", "tomcat1");
        });
        v2("id_node_and_route", "id with a memcached node id and a jvmRoute (<id>-n1.tomcat1)", s -> {
            s.setId("9A0B1C2D3E4F50617283940A1B2C3D4E-n1.tomcat1", false);
            s.setAttribute("node", "tomcat1");
        });
        v2("never_expires", "maxInactiveInterval -1 (FF FF FF FF)", s -> {
            s.setMaxInactiveInterval(-1);
            s.setAttribute("kiosk", Boolean.TRUE);
        });
        v2("max_inactive_zero", "maxInactiveInterval 0 (also never expires)", s -> {
            s.setMaxInactiveInterval(0);
            s.setAttribute("kiosk", Boolean.TRUE);
        });
        v2("is_new", "isNew '1': stored right after creation (creation = last = this accessed)", s -> {
            s.setNew(true);
            s.times(CREATED, CREATED, CREATED);
            s.lastBackupTime = CREATED + 35;
            s.setAttribute("firstPage", "/");
        });
        v2("is_valid_false", "isValid '0' (attributes were set while it was valid)", s -> {
            s.setAttribute("leftover", "data");
            s.setValid(false);
        });
        v2("times_zero", "all times 0, maxInactiveInterval 0", s -> {
            s.times(0L, 0L, 0L);
            s.lastBackupTime = 0L;
            s.setMaxInactiveInterval(0);
        });
        v2("times_negative", "negative and extreme values: creation -1, lastAccessed Long.MIN_VALUE, "
                + "thisAccessed -1700000000000, lastBackup Long.MAX_VALUE, maxInactiveInterval Integer.MIN_VALUE",
                s -> {
                    s.times(-1L, Long.MIN_VALUE, -1_700_000_000_000L);
                    s.lastBackupTime = Long.MAX_VALUE;
                    s.setMaxInactiveInterval(Integer.MIN_VALUE);
                    s.setAttribute("odd", "times");
                });
    }
}
