import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.ObjectInputStream;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.catalina.authenticator.SavedRequest;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.session.StandardManager;
import org.apache.catalina.session.StandardSession;

/**
 * Reads session streams with Tomcat's own StandardSession.readObjectData, the way
 * FileStore.load (one session) and StandardManager.doLoad (an Integer count, then that many
 * sessions on one stream) do, and prints one line per session: the file, then id, the times,
 * flags, authType, principal name and roles, the attribute names in sorted order and the
 * saved-login notes, tab separated. A file Tomcat cannot read prints the file and the exception.
 */
public class Load {
    public static void main(String[] args) throws Exception {
        StandardContext context = new StandardContext();
        context.setName("/shop");
        context.setPath("/shop");
        StandardManager manager = new StandardManager();
        manager.setContext(context);
        for (String path : args) {
            try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(new FileInputStream(path)))) {
                int n = path.endsWith(".ser") ? (Integer) in.readObject() : 1;
                for (int i = 0; i < n; i++) {
                    StandardSession session = new StandardSession(manager);
                    session.readObjectData(in);
                    System.out.println(path + "\t" + describe(session));
                }
            } catch (Exception e) {
                System.out.println(path + "\tERROR " + e.getClass().getName());
            }
        }
    }

    /** The saved-login notes: the expected session id, then the saved request's method and URI. */
    static String notes(StandardSession s) {
        Object id = s.getNote("org.apache.catalina.authenticator.SESSION_ID");
        SavedRequest saved = (SavedRequest) s.getNote("org.apache.catalina.authenticator.REQUEST");
        return (id == null ? "-" : id) + " " + (saved == null ? "-" : saved.getMethod() + " " + saved.getRequestURI());
    }

    static boolean isNew(StandardSession s) throws ReflectiveOperationException {
        java.lang.reflect.Field field = StandardSession.class.getDeclaredField("isNew");
        field.setAccessible(true);
        return field.getBoolean(s);
    }

    static String describe(StandardSession s) throws ReflectiveOperationException {
        // isValid() would expire a session whose last access is long past: read the field.
        java.lang.reflect.Field valid = StandardSession.class.getDeclaredField("isValid");
        valid.setAccessible(true);
        boolean isValid = valid.getBoolean(s);
        // getAttributeNames() refuses an invalidated session: read the map itself.
        java.lang.reflect.Field attributes = StandardSession.class.getDeclaredField("attributes");
        attributes.setAccessible(true);
        List<String> names = new ArrayList<>(((java.util.Map<String, ?>) attributes.get(s)).keySet());
        Collections.sort(names);
        Principal p = s.getPrincipal();
        String principal = p == null ? "-" : p.getName();
        if (p instanceof GenericPrincipal) {
            principal += " " + String.join(",", ((GenericPrincipal) p).getRoles());
        } else if (p != null) {
            principal += " (" + p.getClass().getName() + ")";
        }
        return String.join("\t", s.getIdInternal(), Long.toString(s.getCreationTimeInternal()),
                Long.toString(s.getLastAccessedTimeInternal()), Integer.toString(s.getMaxInactiveInterval()),
                Boolean.toString(isNew(s)), Boolean.toString(isValid),
                String.valueOf(s.getAuthType()), principal, String.join(",", names), notes(s));
    }
}
