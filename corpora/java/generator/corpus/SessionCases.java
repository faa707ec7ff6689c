package corpus;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.catalina.realm.GenericPrincipal;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;

import com.shop.model.Address;
import com.shop.model.Cart;
import com.shop.model.Customer;
import com.shop.model.LineItem;

import static corpus.Cases.T0;

/** Streams shaped like real Tomcat session data. */
final class SessionCases {
    private SessionCases() {}

    static void register(Cases c) {
        c.add("session_ecommerce",
                "a Tomcat session's attribute map (ConcurrentHashMap) for a web shop: cart, customer, shared Address",
                p -> {
                    Address home = new Address("221B Baker Street", "London", "NW1 6XE", "GB");
                    Cart cart = new Cart(home, new Date(T0 - 3_600_000L))
                            .add(new LineItem("SKU-1001", "Espresso beans 1kg", 2, new BigDecimal("19.99")))
                            .add(new LineItem("SKU-2040", "Milk frother", 1, new BigDecimal("49.00")))
                            .add(new LineItem("SKU-0007", "Gift card \u20ac25", 1, new BigDecimal("25")));
                    cart.setCouponCode("SPRING10");
                    cart.setShippingFee(new BigDecimal("4.95"));
                    Map<String, Object> attributes = new ConcurrentHashMap<>();
                    attributes.put("cart", cart);
                    attributes.put("customer", new Customer(48213L, "Sherlock Holmes", "sh@example.co.uk", false,
                            home, home));
                    attributes.put("locale", Locale.UK);
                    attributes.put("lastVisit", new Date(T0));
                    attributes.put("csrfToken", "c0ffee00deadbeef0123456789abcdef");
                    attributes.put("pageViews", 17);
                    attributes.put("recentlyViewed", new LinkedList<>(List.of("SKU-2040", "SKU-3300")));
                    p.object(attributes);
                });

        c.add("session_msm_attrs",
                "memcached-session-manager attribute stream: Integer count, then name/value pairs; "
                        + "one value is the count's Integer instance",
                p -> {
                    Map<String, Object> attributes = new ConcurrentHashMap<>();
                    attributes.put("userId", "u-1029");
                    // Integer.valueOf(4) is cached: the same instance as the count written first.
                    attributes.put("itemsInCart", Integer.valueOf(4));
                    Map<String, Object> prefs = new HashMap<>();
                    prefs.put("theme", "dark");
                    prefs.put("pageSize", 25);
                    attributes.put("preferences", prefs);
                    attributes.put("lastSearch", "running shoes");
                    msmAttributes(p, attributes);
                });

        c.add("session_tomcat_login",
                "msm attribute stream holding Tomcat's GenericPrincipal (written as its SerializablePrincipal)",
                p -> {
                    Map<String, Object> attributes = new ConcurrentHashMap<>();
                    attributes.put("org.apache.catalina.realm.GenericPrincipal",
                            new GenericPrincipal("alice", null, List.of("user", "admin")));
                    attributes.put("username", "alice");
                    attributes.put("loginTime", new Date(T0));
                    attributes.put("javax.servlet.jsp.jstl.fmt.locale.session", Locale.GERMANY);
                    msmAttributes(p, attributes);
                });

        c.add("session_camunda",
                "msm attribute stream of a Camunda 7 webapp session: Authentications for engine default, CSRF token",
                p -> {
                    Authentications auths = new Authentications();
                    auths.addOrReplace(user("demo", "default", List.of("camunda-admin", "management")));
                    Map<String, Object> attributes = new ConcurrentHashMap<>();
                    attributes.put("authenticatedUser", auths);
                    attributes.put("CAMUNDA_CSRF_TOKEN", "8F3A1C9E5B7D2F4A6C0E1B3D5F7A9C2E");
                    msmAttributes(p, attributes);
                });

        c.add("session_camunda_two_engines",
                "Camunda 7 webapp session authenticated on two process engines (default, reporting)",
                p -> {
                    Authentications auths = new Authentications();
                    auths.addOrReplace(user("demo", "default", List.of("camunda-admin", "management")));
                    auths.addOrReplace(user("demo", "reporting", List.of("analysts")));
                    Map<String, Object> attributes = new ConcurrentHashMap<>();
                    attributes.put("authenticatedUser", auths);
                    attributes.put("CAMUNDA_CSRF_TOKEN", "0B1D2F3A4C5E6A7B8C9D0E1F2A3B4C5D");
                    msmAttributes(p, attributes);
                });
    }

    private static UserAuthentication user(String id, String engine, List<String> groups) {
        UserAuthentication u = new UserAuthentication(id, engine);
        u.setGroupIds(new ArrayList<>(groups));
        u.setTenantIds(new ArrayList<>());
        u.setAuthorizedApps(new HashSet<>(List.of("cockpit", "tasklist", "admin", "welcome")));
        u.setCacheValidationTime(new Date(T0 + 300_000L));
        return u;
    }

    /**
     * What memcached-session-manager's JavaSerializationTranscoder writes for a session's
     * attributes: {@code Integer.valueOf(n)}, then n times the name and the value, in the order of
     * the session's attribute map.
     */
    private static void msmAttributes(Plan p, Map<String, Object> attributes) {
        p.object(Integer.valueOf(attributes.size()));
        for (Map.Entry<String, Object> e : attributes.entrySet()) p.object(e.getKey()).object(e.getValue());
    }
}
