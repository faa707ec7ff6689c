package msmcorpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import corpus.DescriberAccess;

/**
 * Public entry to the msm corpus generator (corpora/msm/generator, package-private and compiled
 * unchanged next to the Kryo generator). The Kryo corpus takes from it the session cases, the
 * Tomcat sessions they fill, the msm envelope, and the Java-serialization side of every case,
 * so that a Kryo twin has the very same session and header as its msm-java blob.
 */
public final class KryoBridge {
    private KryoBridge() {}

    /** A filled Tomcat session, ready to be written by a transcoder. */
    public static final class Prepared {
        public final String name;
        public final String note;
        /** The msm header (serializeSessionFields): everything before the attribute bytes. */
        public final byte[] header;
        /** Tomcat's own attribute map (a ConcurrentHashMap), the object msm's Kryo transcoder writes. */
        public final Map<String, Object> attributeMap;
        /** The msm-java blob of the same session (null for a Kryo-only case). */
        public final byte[] javaBlob;
        /** The attribute names in the Java blob, in stream order. */
        public final List<String> javaOrder;
        /** {@code session}, {@code attributes}, {@code attributes_error} of the msm corpus JSON. */
        public final Map<String, Object> javaDoc;

        Prepared(String name, String note, byte[] header, Map<String, Object> attributeMap, byte[] javaBlob,
                List<String> javaOrder, Map<String, Object> javaDoc) {
            this.name = name;
            this.note = note;
            this.header = header;
            this.attributeMap = attributeMap;
            this.javaBlob = javaBlob;
            this.javaOrder = javaOrder;
            this.javaDoc = javaDoc;
        }
    }

    /** What a Kryo-only case does to its session. */
    @FunctionalInterface
    public interface Fill {
        void fill(Attributes session) throws Exception;
    }

    /** The part of a Tomcat session a Kryo-only case may touch. */
    public static final class Attributes {
        private final BackupSession session;

        Attributes(BackupSession session) {
            this.session = session;
        }

        public void setAttribute(String name, Object value) {
            session.setAttribute(name, value);
        }

        public void removeAttribute(String name) {
            session.removeAttribute(name);
        }
    }

    /** The names of the msm corpus session cases, in the msm generator's order. */
    public static List<String> sessionCaseNames() {
        List<String> names = new ArrayList<>();
        for (Generator.SessionCase c : Cases.sessions()) names.add(c.name());
        return names;
    }

    /** The msm session case {@code name}: its session, header and Java-serialization side. */
    public static Prepared msmCase(String name) throws Exception {
        for (Generator.SessionCase c : Cases.sessions()) {
            if (!c.name().equals(name)) continue;
            BackupSession session = Generator.newSession(Generator.idFor(c.name()));
            c.fill().fill(session);
            return prepare(c.name(), c.note(), session, c.version(), c.form());
        }
        throw new IllegalArgumentException("no msm session case " + name);
    }

    /**
     * A Kryo-only case: a version 2 session without authentication, the msm corpus times, and an
     * id derived from the case name like every msm case. It has no Java-serialization side.
     */
    public static Prepared kryoCase(String name, String note, Fill fill) throws Exception {
        BackupSession session = Generator.newSession(Generator.idFor(name));
        fill.fill(new Attributes(session));
        byte[] header = Envelope.header(session, Envelope.VERSION_2, Envelope.PrincipalForm.TC8);
        return new Prepared(name, note, header, session.attributeMap(), null, null, null);
    }

    /**
     * A Kryo-only case made from an msm case's session: the msm case fills it, then {@code edit}
     * changes it. Own id (from {@code name}), version 2, no authentication.
     */
    public static Prepared kryoCaseFrom(String msmCase, String name, String note, Fill edit) throws Exception {
        for (Generator.SessionCase c : Cases.sessions()) {
            if (!c.name().equals(msmCase)) continue;
            return kryoCase(name, note, a -> {
                c.fill().fill(a.session);
                edit.fill(a);
            });
        }
        throw new IllegalArgumentException("no msm session case " + msmCase);
    }

    private static Prepared prepare(String name, String note, BackupSession session, int version,
            Envelope.PrincipalForm form) throws Exception {
        byte[] header = Envelope.header(session, version, form);
        AttributeStream.Written written = AttributeStream.write(session);
        byte[] javaBlob = Generator.blob(session, version, form, written);
        Envelope.Parsed parsed = Envelope.parse(javaBlob);
        List<Object> read = DescriberAccess.contents(AttributeStream.read(parsed.attributes(), written.steps()), false);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("session", Generator.sessionFields(parsed, form));
        Descriptions.attributes(written.steps(), read, doc);
        List<String> order = new ArrayList<>();
        for (AttributeStream.Step step : written.steps()) {
            if (step instanceof AttributeStream.Name n) order.add(n.name());
        }
        return new Prepared(name, note, header, session.attributeMap(), javaBlob, order, doc);
    }

    // ---------------------------------------------------------------------------- reading blobs

    /** msm's {@code deserializeSessionFields} view of a blob's header. */
    public static final class Header {
        public final int version;
        public final int headerLength;
        /** {@code session} of the corpus JSON. */
        public final Map<String, Object> fields;
        /** Everything from the header length on. */
        public final byte[] attributes;

        Header(int version, int headerLength, Map<String, Object> fields, byte[] attributes) {
            this.version = version;
            this.headerLength = headerLength;
            this.fields = fields;
            this.attributes = attributes;
        }
    }

    /**
     * Parses a blob's envelope as msm does and describes it. The principal form is taken from the
     * principal blobs themselves (byte 4: 0x73 for tc8, 0x77/0x7A for tc7).
     */
    public static Header header(byte[] blob) throws Exception {
        Envelope.Parsed parsed = Envelope.parse(blob);
        Envelope.PrincipalForm form = Envelope.PrincipalForm.TC8;
        byte[] principal = parsed.principal() != null ? parsed.principal() : parsed.savedPrincipal();
        if (principal != null && principal.length > 4 && (principal[4] == 0x77 || principal[4] == 0x7a)) {
            form = Envelope.PrincipalForm.TC7;
        }
        return new Header(parsed.version(), parsed.headerLength(), Generator.sessionFields(parsed, form),
                parsed.attributes());
    }

    /** The Kryo blob of msm-format.md §8.3 (made there by msm's KryoTranscoder), as the msm corpus holds it. */
    public static byte[] notesKryoBlob() {
        return java.util.HexFormat.of().parseHex(SelfCheck.KRYO_8_3);
    }

    /** Fails with both texts when two JSON values differ (msm generator's comparison). */
    public static void same(String what, Object actual, Object expected) {
        Descriptions.same(what, actual, expected);
    }
}
