package beyondcorpus;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.Stack;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Vector;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.shop.Order;
import com.shop.Price;
import com.shop.account.PremiumAccount;
import com.shop.audit.LoginHistory;
import com.shop.cart.CartDraft;
import com.shop.cart.Wishlist;
import com.shop.catalog.DigitalItem;
import com.shop.catalog.ProductView;
import com.shop.catalog.PromoBanner;
import com.shop.checkout.Checkout;
import com.shop.checkout.PaymentDeclinedException;
import com.shop.pricing.DiscountPolicy;
import com.shop.pricing.PolicyHandler;
import com.shop.prefs.UserPreferences;

/**
 * The sessions of corpora/beyond: values Java serialization cannot write, or writes differently
 * from msm's Kryo and XStream transcoders, grouped so that a value one format refuses does not hide
 * what happens to the others. Every case builds new objects on each call, so each format writes
 * its own copy.
 */
final class BeyondCases {
    private BeyondCases() {}

    /** One session: attributes in the order they are put into the session. */
    record Case(String name, String note, Fill fill) {}

    @FunctionalInterface
    interface Fill {
        void fill(Map<String, Object> attributes);
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        applicationObjects(cases);
        serializationHooks(cases);
        jdk(cases);
        collections(cases);
        return cases;
    }

    // ---------------------------------------------------------------------------- application objects

    private static void applicationObjects(List<Case> cases) {
        cases.add(new Case("non_serializable_beans",
                "application objects of classes that are not Serializable: a plain bean, a bean with a List and a "
                        + "Map field, a bean shadowing its superclass's field; and a String",
                a -> {
                    a.put("cartDraft", new CartDraft("C-1042", 3, true, new BigDecimal("59.90")));
                    Map<String, Integer> priorities = new HashMap<>();
                    priorities.put("SKU-7", 1);
                    priorities.put("SKU-9", 2);
                    a.put("wishlist", new Wishlist("alice", new ArrayList<>(List.of("SKU-7", "SKU-9")), priorities));
                    a.put("promoBanner", new PromoBanner("Spring sale", "-20% on shoes", 5));
                    a.put("lastSearch", "running shoes");
                }));
        cases.add(new Case("non_serializable_in_map",
                "a HashMap attribute whose values are objects of a non-Serializable class; and a String",
                a -> {
                    Map<String, Object> recentlyViewed = new HashMap<>();
                    recentlyViewed.put("SKU-7", new ProductView("SKU-7", 1_700_000_050_000L));
                    recentlyViewed.put("SKU-9", new ProductView("SKU-9", 1_700_000_055_000L));
                    a.put("recentlyViewed", recentlyViewed);
                    a.put("lastSearch", "running shoes");
                }));
        cases.add(new Case("serializable_plain_superclass",
                "a Serializable class whose superclass is not Serializable and has fields (region, tier)",
                a -> a.put("account", new PremiumAccount("US", 3, "M-0042", 12_500L))));
        cases.add(new Case("inner_anonymous_shadowed",
                "a checkout, its non-static inner Payment (this$0), an anonymous Promotion subclass (Checkout$1, "
                        + "this$0), and a Serializable subclass shadowing its superclass's field",
                a -> {
                    Checkout checkout = new Checkout("payment");
                    a.put("checkout", checkout);
                    a.put("payment", checkout.payment("card"));
                    a.put("promotion", checkout.promotion("WELCOME10"));
                    a.put("download", new DigitalItem("E-book bundle", 100, "bundle.zip", "https://cdn.example.com/b"));
                }));
    }

    // ---------------------------------------------------------------------------- serialization hooks

    private static void serializationHooks(List<Case> cases) {
        cases.add(new Case("externalizable", "an Externalizable class (writeExternal writes its three fields)",
                a -> a.put("preferences", new UserPreferences("dark", 48, true))));
        cases.add(new Case("write_replace",
                "com.shop.Price, whose private writeReplace returns a Price$Proxy (readResolve back to a Price); "
                        + "alone and twice in a list",
                a -> {
                    Price price = new Price(1299, "EUR");
                    a.put("price", price);
                    a.put("priceHistory", new ArrayList<>(List.of(price, new Price(1499, "EUR"), price)));
                }));
        cases.add(new Case("custom_write_object",
                "a class whose writeObject writes a transient list itself after its fields (a count, then writeUTF "
                        + "per address)",
                a -> a.put("loginHistory",
                        new LoginHistory("alice", new ArrayList<>(List.of("203.0.113.7", "198.51.100.23"))))));
        cases.add(new Case("dynamic_proxy",
                "a JDK dynamic proxy of an application interface with a Serializable application invocation handler",
                a -> a.put("discountPolicy", Proxy.newProxyInstance(DiscountPolicy.class.getClassLoader(),
                        new Class<?>[] {DiscountPolicy.class}, new PolicyHandler("SPRING-24", 20)))));
        cases.add(new Case("throwables",
                "a Throwable, an IllegalStateException with a RuntimeException cause and a suppressed exception, and "
                        + "an application RuntimeException with a field; fixed stack traces",
                a -> {
                    Throwable plain = new Throwable("checkout timed out");
                    plain.setStackTrace(new StackTraceElement[] {
                        new StackTraceElement("com.shop.checkout.CheckoutService", "submit", "CheckoutService.java", 88)});
                    a.put("lastFailure", plain);

                    RuntimeException cause = new RuntimeException("connection reset");
                    cause.setStackTrace(new StackTraceElement[] {
                        new StackTraceElement("com.shop.payment.GatewayClient", "post", "GatewayClient.java", 131),
                        new StackTraceElement("com.shop.payment.PaymentService", "charge", "PaymentService.java", 57)});
                    IllegalStateException error = new IllegalStateException("payment failed", cause);
                    IllegalStateException suppressed = new IllegalStateException("rollback failed");
                    suppressed.setStackTrace(new StackTraceElement[] {
                        new StackTraceElement("com.shop.payment.PaymentService", "rollback", "PaymentService.java", 74)});
                    error.addSuppressed(suppressed);
                    error.setStackTrace(new StackTraceElement[] {
                        new StackTraceElement("com.shop.payment.PaymentService", "charge", "PaymentService.java", 61),
                        new StackTraceElement("com.shop.checkout.CheckoutService", "submit", "CheckoutService.java", 90)});
                    a.put("lastError", error);

                    PaymentDeclinedException declined = new PaymentDeclinedException("card declined", "51", null);
                    declined.setStackTrace(new StackTraceElement[] {
                        new StackTraceElement("com.shop.payment.PaymentService", "charge", "PaymentService.java", 66)});
                    a.put("declined", declined);
                }));
    }

    // ---------------------------------------------------------------------------- JDK values

    private static void jdk(List<Case> cases) {
        cases.add(new Case("jdk_legacy_collections",
                "java.util.Stack, Vector, and Properties with defaults", a -> {
                    Stack<String> stack = new Stack<>();
                    stack.push("/home");
                    stack.push("/shoes");
                    stack.push("/shoes/running");
                    a.put("navigation", stack);
                    a.put("compareList", new Vector<>(List.of("SKU-7", "SKU-9")));
                    Properties defaults = new Properties();
                    defaults.setProperty("currency", "EUR");
                    defaults.setProperty("locale", "en_GB");
                    Properties settings = new Properties(defaults);
                    settings.setProperty("locale", "fr_FR");
                    a.put("settings", settings);
                }));
        cases.add(new Case("jdk_concurrent_atomic",
                "ConcurrentSkipListMap, ConcurrentSkipListSet, AtomicBoolean, AtomicInteger, AtomicLong, "
                        + "AtomicReference", a -> {
                    ConcurrentSkipListMap<String, Integer> stock = new ConcurrentSkipListMap<>();
                    stock.put("SKU-9", 4);
                    stock.put("SKU-7", 12);
                    a.put("stock", stock);
                    a.put("visitedCategories", new ConcurrentSkipListSet<>(List.of("shoes", "bags", "hats")));
                    a.put("consent", new AtomicBoolean(true));
                    a.put("pageViews", new AtomicInteger(42));
                    a.put("sequence", new AtomicLong(-7L));
                    a.put("checkoutState", new AtomicReference<>("PENDING"));
                }));
        cases.add(new Case("comparators",
                "TreeMap/TreeSet ordered by String.CASE_INSENSITIVE_ORDER, Collections.reverseOrder(), "
                        + "Collections.reverseOrder(cmp), Comparator.naturalOrder(), Comparator.reverseOrder()",
                a -> {
                    TreeMap<String, String> aliases = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    aliases.put("sku-7", "Trail runner");
                    aliases.put("SKU-10", "Rain jacket");
                    a.put("skuAliases", aliases);
                    TreeSet<Integer> orders = new TreeSet<>(Collections.reverseOrder());
                    orders.addAll(List.of(1001, 1003, 1002));
                    a.put("recentOrderIds", orders);
                    TreeMap<String, Integer> brands = new TreeMap<>(Collections.reverseOrder(String.CASE_INSENSITIVE_ORDER));
                    brands.put("acme", 3);
                    brands.put("Zenith", 1);
                    brands.put("bolt", 2);
                    a.put("brandsDescending", brands);
                    TreeSet<String> tags = new TreeSet<>(Comparator.naturalOrder());
                    tags.addAll(List.of("sale", "new", "eco"));
                    a.put("tags", tags);
                    TreeMap<Integer, String> scores = new TreeMap<>(Comparator.reverseOrder());
                    scores.put(80, "silver");
                    scores.put(95, "gold");
                    a.put("scoreBoard", scores);
                }));
        cases.add(new Case("arrays_and_chars",
                "int[][], String[][], Object[] holding an int[] and a String[], Character 0, 0xD800 and 0xFFFF", a -> {
                    a.put("seatMap", new int[][] {{1, 2}, {3}, {}});
                    a.put("sizeChart", new String[][] {{"EU 42", null}, {"US 9"}});
                    a.put("mixed", new Object[] {new int[] {7, 8}, new String[] {"x", "y"}, null});
                    a.put("charNul", '\u0000');
                    a.put("charLoneSurrogate", '\ud800');
                    a.put("charMax", '\uffff');
                }));
        cases.add(new Case("jdk_values",
                "BitSet, java.sql.Timestamp with nanoseconds, Locale with a script (zh-Hant-TW), ZonedDateTime in "
                        + "Europe/Paris and at offset +05:30", a -> {
                    BitSet flags = new BitSet();
                    flags.set(1);
                    flags.set(5);
                    flags.set(64);
                    flags.set(130);
                    a.put("featureFlags", flags);
                    Timestamp placed = new Timestamp(1_700_000_000_123L);
                    placed.setNanos(123_456_789);
                    a.put("orderPlaced", placed);
                    a.put("locale", Locale.forLanguageTag("zh-Hant-TW"));
                    a.put("deliveryParis", ZonedDateTime.of(2023, 11, 14, 23, 13, 20, 500_000_000, ZoneId.of("Europe/Paris")));
                    a.put("deliveryOffset", ZonedDateTime.of(2023, 11, 15, 3, 43, 20, 0, ZoneOffset.ofHoursMinutes(5, 30)));
                }));
        cases.add(new Case("nested_enums",
                "com.shop.Order$Ship_Mode (nested enum, '_' and '$' in its name; EXPRESS_24H has a body): a constant, "
                        + "an EnumSet, an EnumMap", a -> {
                    a.put("shipMode", Order.Ship_Mode.EXPRESS_24H);
                    a.put("allowedShipModes", EnumSet.of(Order.Ship_Mode.STANDARD, Order.Ship_Mode.EXPRESS_24H));
                    EnumMap<Order.Ship_Mode, String> eta = new EnumMap<>(Order.Ship_Mode.class);
                    eta.put(Order.Ship_Mode.PICKUP_IN_STORE, "store 12");
                    eta.put(Order.Ship_Mode.STANDARD, "3-5 days");
                    a.put("shipModeEta", eta);
                }));
    }

    // ---------------------------------------------------------------------------- collections

    private static void collections(List<Case> cases) {
        cases.add(new Case("wrappers_unmodifiable",
                "Collections.unmodifiable* of a Collection, a random-access List, a LinkedList, a Set, SortedSet, "
                        + "NavigableSet, Map, SortedMap, NavigableMap",
                a -> wrappers(a, "unmodifiable", Collections::unmodifiableCollection, Collections::unmodifiableList,
                        Collections::unmodifiableSet, Collections::unmodifiableSortedSet,
                        Collections::unmodifiableNavigableSet, Collections::unmodifiableMap,
                        Collections::unmodifiableSortedMap, Collections::unmodifiableNavigableMap)));
        cases.add(new Case("wrappers_synchronized",
                "Collections.synchronized* of the same nine collections",
                a -> wrappers(a, "synchronized", Collections::synchronizedCollection, Collections::synchronizedList,
                        Collections::synchronizedSet, Collections::synchronizedSortedSet,
                        Collections::synchronizedNavigableSet, Collections::synchronizedMap,
                        Collections::synchronizedSortedMap, Collections::synchronizedNavigableMap)));
        cases.add(new Case("wrappers_checked",
                "Collections.checked* (element type String, values Integer) of the same nine collections",
                a -> wrappers(a, "checked", c -> Collections.checkedCollection(c, String.class),
                        l -> Collections.checkedList(l, String.class), s -> Collections.checkedSet(s, String.class),
                        s -> Collections.checkedSortedSet(s, String.class),
                        s -> Collections.checkedNavigableSet(s, String.class),
                        m -> Collections.checkedMap(m, String.class, Integer.class),
                        m -> Collections.checkedSortedMap(m, String.class, Integer.class),
                        m -> Collections.checkedNavigableMap(m, String.class, Integer.class))));
        cases.add(new Case("singletons_and_empties",
                "Collections.singleton/singletonList/singletonMap, the seven empty* collections, nCopies", a -> {
                    a.put("singleton", Collections.singleton("gift"));
                    a.put("singletonList", Collections.singletonList("SKU-1"));
                    a.put("singletonMap", Collections.singletonMap("currency", "EUR"));
                    a.put("emptyList", Collections.emptyList());
                    a.put("emptySet", Collections.emptySet());
                    a.put("emptyMap", Collections.emptyMap());
                    a.put("emptySortedSet", Collections.emptySortedSet());
                    a.put("emptySortedMap", Collections.emptySortedMap());
                    a.put("emptyNavigableSet", Collections.emptyNavigableSet());
                    a.put("emptyNavigableMap", Collections.emptyNavigableMap());
                    a.put("nCopies", Collections.nCopies(3, "tbd"));
                }));
        cases.add(new Case("immutable_collections",
                "List.of with three elements, List.of(), Set.of and Map.of with one element each (one element: the "
                        + "iteration order of larger Set.of/Map.of changes with every JVM)", a -> {
                    a.put("listOf3", List.of("S", "M", "L"));
                    a.put("listOf0", List.of());
                    a.put("setOf1", Set.of("gift"));
                    a.put("mapOf1", Map.of("currency", "EUR"));
                }));
    }

    interface Wrap<T> {
        Object wrap(T t);
    }

    private static void wrappers(Map<String, Object> a, String prefix, Wrap<Collection<String>> collection,
            Wrap<List<String>> list, Wrap<Set<String>> set, Wrap<SortedSet<String>> sortedSet,
            Wrap<NavigableSet<String>> navigableSet, Wrap<Map<String, Integer>> map,
            Wrap<SortedMap<String, Integer>> sortedMap, Wrap<NavigableMap<String, Integer>> navigableMap) {
        a.put(prefix + "Collection", collection.wrap(new ArrayList<>(List.of("c1", "c2"))));
        a.put(prefix + "RandomAccessList", list.wrap(new ArrayList<>(List.of("r1", "r2"))));
        a.put(prefix + "LinkedList", list.wrap(new LinkedList<>(List.of("l1", "l2"))));
        a.put(prefix + "Set", set.wrap(new HashSet<>(List.of("s1", "s2"))));
        a.put(prefix + "SortedSet", sortedSet.wrap(new TreeSet<>(List.of("t2", "t1"))));
        a.put(prefix + "NavigableSet", navigableSet.wrap(new TreeSet<>(List.of("n2", "n1"))));
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("k2", 2);
        m.put("k1", 1);
        a.put(prefix + "Map", map.wrap(m));
        a.put(prefix + "SortedMap", sortedMap.wrap(new TreeMap<>(Map.of("b", 2, "a", 1))));
        a.put(prefix + "NavigableMap", navigableMap.wrap(new TreeMap<>(Map.of("y", 2, "x", 1))));
    }
}
