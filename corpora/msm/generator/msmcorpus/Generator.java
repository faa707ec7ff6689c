package msmcorpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.catalina.authenticator.Constants;
import org.apache.catalina.authenticator.SavedRequest;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.session.StandardManager;

import corpus.DescriberAccess;
import corpus.Json;

/**
 * Writes the msm corpus: {@code <case>.bin} (a value as msm stores it in Redis) and
 * {@code <case>.json} (what Java reads back from it, see DESCRIPTION.md).
 *
 * <p>Usage: {@code java msmcorpus.Generator <output-dir>}. Before writing anything it rebuilds
 * the hex examples of msm-format.md §8 and stops if a byte differs.
 */
public final class Generator {
    /** The times of msm-format.md §8, used by every case unless it sets its own. */
    static final long CREATED = 1_700_000_000_000L;
    static final long LAST_ACCESSED = 1_700_000_060_000L;
    static final long THIS_ACCESSED = 1_700_000_120_000L;
    static final long LAST_BACKUP = 1_700_000_120_500L;
    static final int MAX_INACTIVE = 1800;
    static final String EXAMPLE_ID = "8F3A2C1B4D5E6F708192A3B4C5D6E7F8";

    private static final int MIN_SESSION_CASES = 32;
    private static final String GENERATED = "generated";

    /** One session case: a Tomcat session filled by {@code fill}, written with msm's envelope. */
    record SessionCase(String name, String note, int version, Envelope.PrincipalForm form, Fill fill) {}

    @FunctionalInterface
    interface Fill {
        void fill(BackupSession session) throws Exception;
    }

    /** One output file pair. */
    private record Output(String name, byte[] bytes, Map<String, Object> doc) {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: msmcorpus.Generator <output-dir>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        SelfCheck.run();

        List<SessionCase> sessions = Cases.sessions();
        if (sessions.size() < MIN_SESSION_CASES) {
            throw new IllegalStateException("only " + sessions.size() + " session cases");
        }
        List<Output> outputs = new ArrayList<>();
        for (SessionCase c : sessions) {
            try {
                outputs.add(session(c));
            } catch (Throwable t) {
                throw new IllegalStateException("case " + c.name() + " failed", t);
            }
        }
        outputs.addAll(others());

        Set<String> names = new HashSet<>();
        for (Output o : outputs) {
            if (!o.name().matches("[a-z0-9]+(_[a-z0-9]+)*") || !names.add(o.name())) {
                throw new IllegalStateException("bad or duplicate case name: " + o.name());
            }
        }
        for (Output o : outputs) {
            Files.write(dir.resolve(o.name() + ".bin"), o.bytes());
            Files.writeString(dir.resolve(o.name() + ".json"), Json.pretty(o.doc()), StandardCharsets.US_ASCII);
        }
        System.out.println("wrote " + sessions.size() + " session cases and " + (outputs.size() - sessions.size())
                + " other values to " + dir);
    }

    // ---------------------------------------------------------------------------- sessions

    /**
     * A valid, not new session in a fresh StandardManager/StandardContext, with the §8 times and
     * a fixed id derived from the case name.
     */
    static BackupSession newSession(String id) {
        StandardManager manager = new StandardManager();
        manager.setContext(new StandardContext());
        BackupSession session = new BackupSession(manager);
        session.setValid(true);
        session.setNew(false);
        session.times(CREATED, LAST_ACCESSED, THIS_ACCESSED);
        session.setMaxInactiveInterval(MAX_INACTIVE);
        session.setId(id, false);
        session.lastBackupTime = LAST_BACKUP;
        return session;
    }

    /** A Tomcat-style id (32 uppercase hex digits) that depends only on the case name. */
    static String idFor(String caseName) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("msm-corpus:" + caseName).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(hash, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** msm's {@code serialize(session)} with the given header version: header, then attributes. */
    static byte[] blob(BackupSession session, int version, Envelope.PrincipalForm form,
            AttributeStream.Written attributes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Envelope.header(session, version, form));
        out.write(attributes.bytes());
        return out.toByteArray();
    }

    private static Output session(SessionCase c) throws Exception {
        BackupSession session = newSession(idFor(c.name()));
        c.fill().fill(session);
        AttributeStream.Written attributes = AttributeStream.write(session);
        byte[] blob = blob(session, c.version(), c.form(), attributes);

        Envelope.Parsed parsed = Envelope.parse(blob);
        checkHeader(session, c.version(), parsed, attributes.bytes());
        Map<String, Object> fields = sessionFields(parsed, c.form());
        checkAuthentication(session, c.form(), parsed, fields);

        // One identity scope for the whole attribute stream, on both sides.
        List<Object> read = DescriberAccess.contents(
                AttributeStream.read(parsed.attributes(), attributes.steps()), false);
        List<Object> original = DescriberAccess.contents(AttributeStream.originals(attributes.steps()), true);
        Descriptions.same("attributes", read, original);

        Map<String, Object> doc = head(c.name(), c.note(), GENERATED, blob, "session");
        doc.put("session", fields);
        Descriptions.attributes(attributes.steps(), read, doc);
        return new Output(c.name(), blob, doc);
    }

    /** The fields msm's reader sees must be exactly the session's. */
    private static void checkHeader(BackupSession s, int version, Envelope.Parsed p, byte[] attributes) {
        List<Object> expected = Arrays.asList(version, s.creationTimeInternal(), s.lastAccessedTimeInternal(),
                s.maxInactiveIntervalInternal(), s.newInternal(), s.validInternal(), s.thisAccessedTimeInternal(),
                s.lastBackupTime, s.getIdInternal(), Envelope.authTypeId(s.getAuthType()));
        List<Object> actual = Arrays.asList(p.version(), p.creationTime(), p.lastAccessedTime(),
                p.maxInactiveInterval(), p.isNew(), p.isValid(), p.thisAccessedTime(), p.lastBackupTime(), p.id(),
                p.authTypeId());
        if (!expected.equals(actual)) {
            throw new IllegalStateException("header reads back as " + actual + ", not " + expected);
        }
        if (!Arrays.equals(p.attributes(), attributes)) throw new IllegalStateException("attribute slice differs");
    }

    /** The principal, saved request and saved principal read back must describe the originals. */
    @SuppressWarnings("deprecation") // FORM_PRINCIPAL_NOTE: unused by Tomcat 9, read by msm
    private static void checkAuthentication(BackupSession s, Envelope.PrincipalForm form, Envelope.Parsed p,
            Map<String, Object> fields) {
        Principal principal = s.getPrincipal();
        Descriptions.same("principal", fields.get("principal"), principal == null ? null
                : Descriptions.originalPrincipal(principal, form, p.principal().length));
        if (p.version() == Envelope.VERSION_1) return; // V1 has no room for the notes
        Principal saved = (Principal) s.getNote(Constants.FORM_PRINCIPAL_NOTE);
        Descriptions.same("saved principal", fields.get("saved_principal"), saved == null ? null
                : Descriptions.originalPrincipal(saved, form, p.savedPrincipal().length));
        SavedRequest request = (SavedRequest) s.getNote(Constants.FORM_REQUEST_NOTE);
        Object readRequest = fields.get("saved_request");
        Object originalRequest = request == null ? null
                : Descriptions.savedRequestContents(Envelope.savedRequestObjects(request));
        Descriptions.same("saved request", readRequest == null ? null : ((Map<?, ?>) readRequest).get("contents"),
                originalRequest);
    }

    /** The {@code session} object of DESCRIPTION.md, from the header as msm reads it. */
    static Map<String, Object> sessionFields(Envelope.Parsed p, Envelope.PrincipalForm form) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", p.version());
        m.put("header_length", p.headerLength());
        m.put("creation_time", p.creationTime());
        m.put("last_accessed_time", p.lastAccessedTime());
        m.put("max_inactive_interval", p.maxInactiveInterval());
        m.put("is_new", p.isNew());
        m.put("is_valid", p.isValid());
        m.put("this_accessed_time", p.thisAccessedTime());
        m.put("last_backup_time", p.lastBackupTime());
        m.put("id", p.id());
        m.put("auth_type", Envelope.AUTH_TYPES.get(p.authTypeId()));
        m.put("principal", p.principal() == null ? null : Descriptions.readPrincipal(p.principal(), form));
        Map<String, Object> request = null;
        if (p.savedRequest() != null) {
            request = new LinkedHashMap<>();
            request.put("bytes", p.savedRequest().length);
            List<Object> objects = Descriptions.readSavedRequest(p.savedRequest());
            request.put("contents", Descriptions.savedRequestContents(objects));
        }
        m.put("saved_request", request);
        m.put("saved_principal",
                p.savedPrincipal() == null ? null : Descriptions.readPrincipal(p.savedPrincipal(), form));
        return m;
    }

    private static Map<String, Object> head(String name, String note, String source, byte[] bytes, String kind) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("case", name);
        doc.put("note", note);
        doc.put("source", source);
        doc.put("bytes", bytes.length);
        doc.put("kind", kind);
        return doc;
    }

    // ---------------------------------------------------------------------------- other values

    /** Values a scanner of msm's Redis keys meets besides sessions (msm-format.md §4). */
    private static List<Output> others() throws Exception {
        List<Output> out = new ArrayList<>();
        byte[] ping = {0x01}; // LockingStrategy.BYTE_1, stored by a ping whose SETNX found no key
        out.add(new Output("ping_1byte", ping, head("ping_1byte",
                "what msm's non-sticky ping leaves when the session key had vanished: add(key, 5, [0x01])",
                GENERATED, ping, "ping")));

        out.add(validity("validity_example", "the validity key of msm-format.md section 8.7 (1800 s)",
                MAX_INACTIVE, LAST_ACCESSED, THIS_ACCESSED));
        out.add(validity("validity_never_expires", "maxInactiveInterval -1 (FF FF FF FF): never expires",
                -1, LAST_ACCESSED, THIS_ACCESSED));
        out.add(validity("validity_zero", "maxInactiveInterval 0 and both times 0", 0, 0L, 0L));
        out.add(validity("validity_extremes", "Integer.MIN_VALUE seconds, Long.MIN_VALUE and Long.MAX_VALUE times",
                Integer.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE));

        byte[] lock = "locked".getBytes(StandardCharsets.US_ASCII); // LockingStrategy.LOCK_VALUE
        out.add(new Output("lock", lock, head("lock", "value of a lock:<id> key (lockingMode other than none)",
                GENERATED, lock, "lock")));

        byte[] kryo = HexFormat.of().parseHex(SelfCheck.KRYO_8_3);
        Map<String, Object> doc = head("kryo_example",
                "the Kryo-transcoder blob of msm-format.md section 8.3: the section 8.1 header, then Kryo bytes "
                        + "for the map {foo=bar}",
                "hand-copied from shared/reference/msm-format.md section 8.3 (bytes made there by msm's KryoTranscoder)",
                kryo, "kryo-session");
        doc.put("session", sessionFields(Envelope.parse(kryo), Envelope.PrincipalForm.TC8));
        out.add(new Output("kryo_example", kryo, doc));
        return out;
    }

    private static Output validity(String name, String note, int maxInactive, long lastAccessed, long thisAccessed) {
        byte[] bytes = Envelope.validity(maxInactive, lastAccessed, thisAccessed);
        Map<String, Object> doc = head(name, note, GENERATED, bytes, "validity");
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("max_inactive_interval", maxInactive);
        v.put("last_accessed_time", lastAccessed);
        v.put("this_accessed_time", thisAccessed);
        doc.put("validity", v);
        return new Output(name, bytes, doc);
    }

    /** A principal as Tomcat's realms make it (roles are sorted by the constructor). */
    static GenericPrincipal principal(String name, String password, String... roles) {
        return new GenericPrincipal(name, password, List.of(roles));
    }
}
