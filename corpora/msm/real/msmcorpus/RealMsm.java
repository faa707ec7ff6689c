package msmcorpus;

import java.beans.PropertyChangeListener;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.catalina.Context;
import org.apache.catalina.Loader;
import org.apache.catalina.authenticator.Constants;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.realm.GenericPrincipal;

import de.javakaffee.web.msm.JavaSerializationTranscoderFactory;
import de.javakaffee.web.msm.MemcachedBackupSession;
import de.javakaffee.web.msm.MemcachedBackupSessionManager;
import de.javakaffee.web.msm.SessionAttributesTranscoder;
import de.javakaffee.web.msm.TranscoderFactory;
import de.javakaffee.web.msm.TranscoderService;
import de.javakaffee.web.msm.serializer.kryo.KryoTranscoder;
import de.javakaffee.web.msm.serializer.xstream.XStreamTranscoder;

/**
 * The real memcached-session-manager (msm 716e147, its Tomcat 9 module) writing and reading
 * sessions: a real {@code MemcachedBackupSessionManager} makes the {@code MemcachedBackupSession},
 * attributes go in through Tomcat's {@code setAttribute}, and the blob is what
 * {@code TranscoderService.serializeAttributes(session, session.getAttributesFiltered())} and
 * {@code serialize(session, attributes)} return. Reading is {@code TranscoderService.deserialize}
 * with a fresh transcoder.
 *
 * <p>Two things msm's Tomcat 9 module cannot do itself are reached as msm's own code reaches them:
 * a version 1 header is msm's {@code TranscoderService.serializeSessionFields(session, VERSION_1)}
 * (package-private, called by reflection), and the tc6/tc7 principal form is msm-tomcat7's
 * {@code writePrincipal}/{@code readPrincipal}, whose Tomcat 7 {@code SerializablePrincipal} calls
 * (gone from Tomcat 9) are corpora/msm's {@link Envelope#writeTc7Principal} and
 * {@link #readTc7Principal}.
 */
public final class RealMsm {
    private RealMsm() {}

    static {
        // msm logs every transcoder start (INFO) and every refused value (WARN, with a stack
        // trace); the generators report what happened themselves.
        Logger.getLogger("").setLevel(Level.SEVERE);
    }

    /** The attribute transcoders compared here. */
    public enum Format {
        JAVA("java"), KRYO("kryo"), XSTREAM("xstream");

        public final String id;

        Format(String id) {
            this.id = id;
        }
    }

    /** Which msm Tomcat module writes the principals (msm-format.md §2). */
    public enum PrincipalForm {
        /** msm-tomcat8/9: {@code oos.writeObject(principal)}. */
        TC8,
        /** msm-tomcat6/7: Tomcat 7's {@code SerializablePrincipal} block data. */
        TC7
    }

    // ---------------------------------------------------------------------------- manager, transcoders

    /**
     * A real msm Tomcat 9 manager in a (not started) Tomcat context whose loader is this JVM's
     * class loader: the webapp class loader msm hands to its transcoders.
     */
    public static MemcachedBackupSessionManager manager(PrincipalForm form) {
        MemcachedBackupSessionManager manager = form == PrincipalForm.TC7 ? new Tc7Manager()
                : new MemcachedBackupSessionManager();
        StandardContext context = new StandardContext();
        context.setLoader(new JvmLoader());
        manager.setContext(context);
        return manager;
    }

    /**
     * The transcoder msm's factory for {@code format} creates for {@code manager} with msm's
     * defaults (no customConverter, copyCollectionsForSerialization false, no msm.kryo.* system
     * properties):
     * <ul>
     * <li>java: {@code JavaSerializationTranscoderFactory.createTranscoder(manager)};
     * <li>kryo: what {@code KryoTranscoderFactory.getTranscoder(manager.getContainerClassLoader())}
     * constructs (the factory class itself is not in the msm jar built here);
     * <li>xstream: what {@code XStreamTranscoderFactory.getTranscoder(manager)} constructs (likewise).
     * </ul>
     */
    public static SessionAttributesTranscoder transcoder(Format format, MemcachedBackupSessionManager manager) {
        return switch (format) {
            case JAVA -> new JavaSerializationTranscoderFactory().createTranscoder(manager);
            case KRYO -> new KryoTranscoder(manager.getContainerClassLoader(), null, false,
                    KryoTranscoder.DEFAULT_INITIAL_BUFFER_SIZE, KryoTranscoder.DEFAULT_MAX_BUFFER_SIZE,
                    KryoTranscoder.DEFAULT_SERIALIZER_FACTORY_CLASS);
            case XSTREAM -> new XStreamTranscoder(manager);
        };
    }

    /** msm's FlexJSON transcoder factory (flexjson-serializer), loaded by name: see {@link #flexJsonTranscoder}. */
    public static final String JSON_TRANSCODER_FACTORY = "de.javakaffee.web.msm.serializer.json.JSONTranscoderFactory";

    /**
     * msm's FlexJSON transcoder for {@code manager}, made by msm's own factory as msm's
     * {@code MemcachedSessionService} makes it: {@code new JSONTranscoderFactory().createTranscoder(manager)},
     * that is {@code new JSONTranscoder(manager)} (FlexJSON 3.3's {@code JSONSerializer} and
     * {@code JSONDeserializer}; the factory's copyCollectionsForSerialization and customConverter
     * setters do nothing). Not a {@link Format}: the factory is loaded by name, so only the generator
     * that puts the msm-flexjson and FlexJSON jars on its class path (corpora/flexjson) needs them, and
     * the generators that write every {@link Format} are unchanged.
     */
    public static SessionAttributesTranscoder flexJsonTranscoder(MemcachedBackupSessionManager manager) {
        TranscoderFactory factory;
        try {
            factory = (TranscoderFactory) Class.forName(JSON_TRANSCODER_FACTORY).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(JSON_TRANSCODER_FACTORY + " (msm-flexjson jar) is not on the class path", e);
        }
        return factory.createTranscoder(manager);
    }

    // ---------------------------------------------------------------------------- sessions

    /** The session header fields msm stores (msm-format.md §1.2), set directly as msm's reader does. */
    public record Fields(long creationTime, long lastAccessedTime, int maxInactiveInterval, boolean isNew,
            boolean isValid, long thisAccessedTime, long lastBackupTime, String id) {}

    /** The corpora/msm session fields: the msm-format.md §8 times, an id derived from {@code caseName}. */
    public static Fields fields(String caseName) {
        return new Fields(Generator.CREATED, Generator.LAST_ACCESSED, Generator.MAX_INACTIVE, false, true,
                Generator.THIS_ACCESSED, Generator.LAST_BACKUP, Generator.idFor(caseName));
    }

    /**
     * {@code manager.newMemcachedBackupSession()}, made valid so that Tomcat accepts attributes.
     * Put the attributes in with {@code setAttribute}, then call {@link #setFields}.
     */
    public static MemcachedBackupSession newSession(MemcachedBackupSessionManager manager) {
        MemcachedBackupSession session = manager.newMemcachedBackupSession();
        session.setValid(true);
        return session;
    }

    /** Sets the header fields with msm's own (package-private) setters, as its reader does. */
    public static void setFields(MemcachedBackupSession s, Fields f) {
        call(s, "setCreationTimeInternal", long.class, f.creationTime());
        call(s, "setLastAccessedTimeInternal", long.class, f.lastAccessedTime());
        s.setMaxInactiveInterval(f.maxInactiveInterval());
        call(s, "setIsNewInternal", boolean.class, f.isNew());
        call(s, "setIsValidInternal", boolean.class, f.isValid());
        call(s, "setThisAccessedTimeInternal", long.class, f.thisAccessedTime());
        call(s, "setLastBackupTime", long.class, f.lastBackupTime());
        call(s, "setIdInternal", String.class, f.id());
    }

    /** The header fields as a real session holds them (msm's getters). */
    public static Fields fieldsOf(MemcachedBackupSession s) {
        return new Fields(s.getCreationTimeInternal(), s.getLastAccessedTimeInternal(), s.getMaxInactiveInterval(),
                (Boolean) call(s, "isNewInternal"), s.isValidInternal(), s.getThisAccessedTimeInternal(),
                (Long) call(s, "getLastBackupTime"), s.getIdInternal());
    }

    /**
     * A real msm session holding what the corpora/msm case filled into {@code original}: the same
     * {@code setAttribute}/{@code removeAttribute} calls in the same order (so the attribute map
     * iterates in the same order; checked), the fields, the authentication and the two FORM notes
     * msm stores.
     */
    @SuppressWarnings("deprecation") // FORM_PRINCIPAL_NOTE: unused by Tomcat 9, stored by msm
    static MemcachedBackupSession copy(BackupSession original, MemcachedBackupSessionManager manager) {
        MemcachedBackupSession s = newSession(manager);
        for (BackupSession.AttributeCall call : original.attributeCalls) {
            if (call.value() == null) {
                s.removeAttribute(call.name());
            } else {
                s.setAttribute(call.name(), call.value());
            }
        }
        List<String> before = new ArrayList<>(original.attributeMap().keySet());
        List<String> after = new ArrayList<>(s.getAttributesInternal().keySet());
        if (!before.equals(after)) {
            throw new IllegalStateException("the real session iterates " + after + ", the case's " + before);
        }
        setFields(s, new Fields(original.creationTimeInternal(), original.lastAccessedTimeInternal(),
                original.maxInactiveIntervalInternal(), original.newInternal(), original.validInternal(),
                original.thisAccessedTimeInternal(), original.lastBackupTime, original.getIdInternal()));
        s.setAuthTypeInternal(original.getAuthType());
        s.setPrincipalInternal(original.getPrincipal());
        for (String note : List.of(Constants.FORM_REQUEST_NOTE, Constants.FORM_PRINCIPAL_NOTE)) {
            Object value = original.getNote(note);
            if (value != null) s.setNote(note, value);
        }
        return s;
    }

    // ---------------------------------------------------------------------------- writing, reading

    /**
     * The blob msm stores: {@code serializeAttributes(session, session.getAttributesFiltered())},
     * then {@code serialize(session, attributes)} (version 2). Version 1: msm's
     * {@code serializeSessionFields(session, VERSION_1)} followed by the same attribute bytes, the
     * concatenation {@code serialize} does.
     */
    public static byte[] serialize(MemcachedBackupSession session, SessionAttributesTranscoder transcoder, int version) {
        TranscoderService service = new TranscoderService(transcoder);
        byte[] attributes = service.serializeAttributes(session, session.getAttributesFiltered());
        if (version == TranscoderService.VERSION_2) return service.serialize(session, attributes);
        if (version != TranscoderService.VERSION_1) throw new IllegalArgumentException("version " + version);
        byte[] header;
        try {
            Method m = TranscoderService.class.getDeclaredMethod("serializeSessionFields", MemcachedBackupSession.class,
                    int.class);
            m.setAccessible(true);
            header = (byte[]) m.invoke(null, session, version);
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        byte[] blob = Arrays.copyOf(header, header.length + attributes.length);
        System.arraycopy(attributes, 0, blob, header.length, attributes.length);
        return blob;
    }

    /** {@code TranscoderService.deserialize(blob, manager)} with the given (fresh) transcoder. */
    public static MemcachedBackupSession deserialize(byte[] blob, SessionAttributesTranscoder transcoder,
            MemcachedBackupSessionManager manager) {
        MemcachedBackupSession s = new TranscoderService(transcoder).deserialize(blob, manager);
        if (s == null) throw new IllegalStateException("msm returned no session (unsupported header version)");
        return s;
    }

    /**
     * Fails unless a session msm read back has the header fields, authentication and notes of the
     * session it wrote (principals compared by name, password and roles).
     */
    @SuppressWarnings("deprecation")
    public static void checkSameSession(MemcachedBackupSession written, MemcachedBackupSession read, int version) {
        if (!fieldsOf(written).equals(fieldsOf(read))) {
            throw new IllegalStateException("msm reads the fields back as " + fieldsOf(read) + ", not " + fieldsOf(written));
        }
        same("authType", written.getAuthType(), read.getAuthType());
        same("principal", principal(written.getPrincipal()), principal(read.getPrincipal()));
        if (version == TranscoderService.VERSION_1) return;
        same("saved principal", principal((Principal) written.getNote(Constants.FORM_PRINCIPAL_NOTE)),
                principal((Principal) read.getNote(Constants.FORM_PRINCIPAL_NOTE)));
        same("saved request", written.getNote(Constants.FORM_REQUEST_NOTE) != null,
                read.getNote(Constants.FORM_REQUEST_NOTE) != null);
    }

    private static Object principal(Principal p) {
        if (p == null) return null;
        if (!(p instanceof GenericPrincipal g)) return p.getClass().getName() + ":" + p.getName();
        return List.of(g.getName(), String.valueOf(g.getPassword()), Arrays.asList(g.getRoles()));
    }

    private static void same(String what, Object written, Object read) {
        if (!java.util.Objects.equals(written, read)) {
            throw new IllegalStateException("msm reads the " + what + " back as " + read + ", not " + written);
        }
    }

    /** The attributes of a session msm read back, in the given order (names it does not hold are left out). */
    public static Map<String, Object> attributesIn(MemcachedBackupSession read, List<String> order) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> map = read.getAttributesInternal();
        for (String name : order) if (map.containsKey(name)) out.put(name, map.get(name));
        if (out.size() != map.size()) {
            throw new IllegalStateException("msm read attributes " + map.keySet() + ", written in the order " + order);
        }
        return out;
    }

    /**
     * The {@code session} object of corpora/msm/DESCRIPTION.md: the header of {@code blob} as msm's
     * {@code deserializeSessionFields} reads it (principal form taken from byte 4 of its principals).
     */
    public static Map<String, Object> sessionDescription(byte[] blob) throws Exception {
        Envelope.Parsed parsed = Envelope.parse(blob);
        byte[] principal = parsed.principal() != null ? parsed.principal() : parsed.savedPrincipal();
        Envelope.PrincipalForm form = principal != null && principal.length > 4
                && (principal[4] == 0x77 || principal[4] == 0x7a) ? Envelope.PrincipalForm.TC7
                        : Envelope.PrincipalForm.TC8;
        return Generator.sessionFields(parsed, form);
    }

    /**
     * {@code MemcachedBackupSession.exclude(name, value)}: Tomcat's rule (excluded names, the
     * manager's attribute filters) that msm's JavaSerializationTranscoder applies to every value.
     */
    public static boolean excludes(MemcachedBackupSession session, String name, Object value) {
        try {
            Method m = find(session.getClass(), "exclude", null, String.class, Object.class);
            return (Boolean) m.invoke(session, name, value);
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------- tc7 principals

    /**
     * msm-tomcat7's manager, as far as principals go: its {@code writePrincipal} is
     * {@code SerializablePrincipal.writePrincipal((GenericPrincipal) principal, oos)} and its
     * {@code readPrincipal} {@code SerializablePrincipal.readPrincipal(ois)} (Tomcat 7's
     * org.apache.catalina.ha.session.SerializablePrincipal, which Tomcat 8 removed).
     */
    static final class Tc7Manager extends MemcachedBackupSessionManager {
        @Override
        public void writePrincipal(Principal principal, ObjectOutputStream oos) throws IOException {
            Envelope.writeTc7Principal((GenericPrincipal) principal, oos);
        }

        @Override
        public Principal readPrincipal(ObjectInputStream ois) throws ClassNotFoundException, IOException {
            return readTc7Principal(ois);
        }
    }

    /** Tomcat 7's {@code SerializablePrincipal.readPrincipal(ObjectInput)}. */
    static GenericPrincipal readTc7Principal(ObjectInput in) throws IOException, ClassNotFoundException {
        String name = in.readUTF();
        String password = in.readBoolean() ? in.readUTF() : null;
        String[] roles = new String[in.readInt()];
        for (int i = 0; i < roles.length; i++) roles[i] = in.readUTF();
        Principal userPrincipal = in.readBoolean() ? (Principal) in.readObject() : null;
        return new GenericPrincipal(name, password, Arrays.asList(roles), userPrincipal);
    }

    // ---------------------------------------------------------------------------- plumbing

    /** A Tomcat Loader whose class loader is the one that loaded the generator and the application classes. */
    private static final class JvmLoader implements Loader {
        private Context context;

        @Override
        public void backgroundProcess() {}

        @Override
        public ClassLoader getClassLoader() {
            return RealMsm.class.getClassLoader();
        }

        @Override
        public Context getContext() {
            return context;
        }

        @Override
        public void setContext(Context context) {
            this.context = context;
        }

        @Override
        public boolean getDelegate() {
            return false;
        }

        @Override
        public void setDelegate(boolean delegate) {}

        @Override
        public boolean getReloadable() {
            return false;
        }

        @Override
        public void setReloadable(boolean reloadable) {}

        @Override
        public void addPropertyChangeListener(PropertyChangeListener listener) {}

        @Override
        public boolean modified() {
            return false;
        }

        @Override
        public void removePropertyChangeListener(PropertyChangeListener listener) {}
    }

    private static Object call(Object target, String name, Class<?> type, Object arg) {
        try {
            Method m = find(target.getClass(), name, type);
            return m.invoke(target, arg);
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(name, e);
        }
    }

    private static Object call(Object target, String name) {
        try {
            return find(target.getClass(), name, null).invoke(target);
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(name, e);
        }
    }

    private static Method find(Class<?> c, String name, Class<?> type, Class<?>... more) throws NoSuchMethodException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                Method m = more.length > 0 ? k.getDeclaredMethod(name, more)
                        : type == null ? k.getDeclaredMethod(name) : k.getDeclaredMethod(name, type);
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException e) {
                // superclass
            }
        }
        throw new NoSuchMethodException(c.getName() + "." + name);
    }

    private static RuntimeException rethrow(InvocationTargetException e) {
        Throwable t = e.getCause();
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error err) throw err;
        return new IllegalStateException(t);
    }
}
