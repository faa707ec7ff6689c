import com.example.shop.Cart;
import com.example.shop.Holder;
import com.example.shop.LineItem;
import com.example.shop.Node;
import com.example.shop.Step;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.catalina.authenticator.SavedRequest;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.session.FileStore;
import org.apache.catalina.session.ManagerBase;
import org.apache.catalina.session.PersistentManager;
import org.apache.catalina.session.StandardManager;
import org.apache.catalina.session.StandardSession;

/**
 * Writes Tomcat's own session streams with Tomcat 9's classes: FileStore.save for
 * `<id>.session` files (what JDBCStore keeps in its data column is the same stream) and
 * StandardManager.unload for SESSIONS.ser. Times are fixed so the output is reproducible.
 */
public class Sessions {
    static final long T0 = 1_700_000_000_000L;

    /** Sets the fields StandardSession only changes from the clock. */
    static final class Session extends StandardSession {
        private static final long serialVersionUID = 1L;

        Session(ManagerBase manager, String id, long created, boolean isNew) {
            super(manager);
            setValid(true);
            setCreationTime(created);
            lastAccessedTime = created + 60_000;
            thisAccessedTime = created + 61_000;
            setMaxInactiveInterval(1800);
            setNew(isNew);
            setId(id);
        }
    }

    static StandardContext context() {
        StandardContext context = new StandardContext();
        context.setName("/shop");
        context.setPath("/shop");
        return context;
    }

    static <M extends ManagerBase> M manager(M manager, boolean persistLogin, boolean notes) {
        manager.setContext(context());
        manager.setPersistAuthentication(persistLogin);
        manager.setPersistAuthenticationNotes(notes);
        return manager;
    }

    static GenericPrincipal alice() {
        return new GenericPrincipal("alice", "secret", Arrays.asList("admin", "user"));
    }

    static Cart cart() {
        return new Cart()
                .add(new LineItem("SKU-1", 2, new BigDecimal("19.99")))
                .add(new LineItem("SKU-42", 1, new BigDecimal("5.00")))
                .coupon("WINTER");
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
        Cart cart = cart();
        s.setAttribute("cart", cart);
        s.setAttribute("checkoutCart", cart);
        s.setAttribute("step", Step.CHECKOUT);
        s.setAttribute("token", UUID.fromString("0b7d3f6e-8c1a-4d2b-9e5f-1a2b3c4d5e6f"));
        Node a = new Node("a");
        Node b = new Node("b");
        a.link(b);
        b.link(a);
        s.setAttribute("ring", a);
        // Not Serializable at all: Tomcat leaves it out of the stream.
        s.setAttribute("socket", new Object());
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(out);

        // FileStore: one file per session.
        PersistentManager plainManager = manager(new PersistentManager(), false, false);
        FileStore plainStore = new FileStore();
        plainStore.setDirectory(out.toString());
        plainManager.setStore(plainStore);
        Session plain = new Session(plainManager, "8F3A2C1B4D5E6F708192A3B4C5D6E7F8", T0, false);
        fill(plain);
        plainStore.save(plain);

        PersistentManager loginManager = manager(new PersistentManager(), true, false);
        FileStore loginStore = new FileStore();
        loginStore.setDirectory(out.toString());
        loginManager.setStore(loginStore);
        Session login = new Session(loginManager, "A1B2C3D4E5F60718293A4B5C6D7E8F90", T0 + 1000, false);
        login.setAuthType("FORM");
        login.setPrincipal(alice());
        fill(login);
        loginStore.save(login);

        Session fresh = new Session(loginManager, "00000000000000000000000000000001", T0 + 2000, true);
        fresh.setMaxInactiveInterval(-1);
        loginStore.save(fresh);

        // A Serializable value holding one that is not: the stream aborts inside it
        // (TC_EXCEPTION) and the attributes after it start a fresh handle table.
        Session broken = new Session(plainManager, "B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0", T0 + 3000, false);
        broken.setAttribute("user", "alice");
        broken.setAttribute("held", new Holder("keep", new Object()));
        broken.setAttribute("visits", 12);
        broken.setAttribute("when", new Date(T0));
        broken.setAttribute("again", "alice");
        plainStore.save(broken);

        // The same with many values after the abort that share class descriptors and strings
        // among themselves: whether Tomcat's loader still reads them is what this file tests.
        Session broken2 = new Session(plainManager, "B1B1B1B1B1B1B1B1B1B1B1B1B1B1B1B1", T0 + 3500, false);
        broken2.setAttribute("held", new Holder("keep", new Object()));
        for (int i = 0; i < 6; i++) {
            broken2.setAttribute("date" + i, new Date(T0 + i));
            broken2.setAttribute("number" + i, 1000 + i);
            broken2.setAttribute("text" + i, "same");
        }
        plainStore.save(broken2);

        // Notes (persistAuthenticationNotes, 9.0.66+): a FORM login in progress.
        PersistentManager notesManager = manager(new PersistentManager(), true, true);
        FileStore notesStore = new FileStore();
        notesStore.setDirectory(out.toString());
        notesManager.setStore(notesStore);
        Session notes = new Session(notesManager, "C0FFEE00C0FFEE00C0FFEE00C0FFEE00", T0 + 4000, true);
        notes.setNote("org.apache.catalina.authenticator.SESSION_ID", "C0FFEE00C0FFEE00C0FFEE00C0FFEE00");
        SavedRequest saved = new SavedRequest();
        saved.setMethod("GET");
        saved.setRequestURI("/shop/account");
        saved.setQueryString("tab=orders");
        saved.setDecodedRequestURI("/shop/account");
        saved.addHeader("Accept", "text/html");
        saved.addLocale(Locale.US);
        notes.setNote("org.apache.catalina.authenticator.REQUEST", saved);
        notes.setAttribute("user", "alice");
        notesStore.save(notes);

        // StandardManager.unload: SESSIONS.ser, an Integer count then every session on one
        // ObjectOutputStream.
        StandardManager standard = manager(new StandardManager(), true, false);
        standard.setPathname(new File(out.toFile(), "SESSIONS.ser").getAbsolutePath());
        Session one = new Session(standard, "5E55105E55105E55105E55105E551001", T0, false);
        fill(one);
        Session two = new Session(standard, "5E55105E55105E55105E55105E551002", T0 + 5000, false);
        two.setAuthType("BASIC");
        two.setPrincipal(alice());
        two.setAttribute("user", "alice");
        two.setAttribute("visits", 12);
        two.setAttribute("lastSeen", new Date(T0 + 59_000));
        Session three = new Session(standard, "5E55105E55105E55105E55105E551003", T0 + 6000, true);
        standard.unload();
    }
}
