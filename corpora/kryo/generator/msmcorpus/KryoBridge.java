package msmcorpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import corpus.DescriberAccess;
import de.javakaffee.web.msm.MemcachedBackupSession;
import de.javakaffee.web.msm.MemcachedBackupSessionManager;
import de.javakaffee.web.msm.SessionAttributesTranscoder;

/**
 * Public entry to the msm corpus generator (corpora/msm/generator, package-private and compiled
 * unchanged next to the Kryo generator) and to the real msm (corpora/msm/real). The Kryo corpus
 * takes from it the session cases, the Tomcat sessions they fill, the Java-serialization side of
 * every case, and real msm sessions holding the same: a Kryo twin is written by real msm from the
 * very same session as its msm-java blob.
 */
public final class KryoBridge {
    private KryoBridge() {}

    /** A filled Tomcat session, ready to be written by a transcoder. */
    public static final class Prepared {
        public final String name;
        public final String note;
        /** The msm header as corpora/msm writes it: everything before the attribute bytes. */
        public final byte[] header;
        /** The filled Tomcat session. */
        final BackupSession session;
        /** Header version (1 or 2) and principal form of the case. */
        public final int version;
        public final RealMsm.PrincipalForm form;
        /** Tomcat's own attribute map (a ConcurrentHashMap), the object msm's Kryo transcoder writes. */
        public final Map<String, Object> attributeMap;
        /** The msm-java blob of the same session (null for a Kryo-only case). */
        public final byte[] javaBlob;
        /** The attribute names in the Java blob, in stream order. */
        public final List<String> javaOrder;
        /** {@code session}, {@code attributes}, {@code attributes_error} of the msm corpus JSON. */
        public final Map<String, Object> javaDoc;

        Prepared(String name, String note, byte[] header, BackupSession session, int version, Envelope.PrincipalForm form,
                Map<String, Object> attributeMap, byte[] javaBlob, List<String> javaOrder, Map<String, Object> javaDoc) {
            this.name = name;
            this.note = note;
            this.header = header;
            this.session = session;
            this.version = version;
            this.form = form == Envelope.PrincipalForm.TC7 ? RealMsm.PrincipalForm.TC7 : RealMsm.PrincipalForm.TC8;
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
        return new Prepared(name, note, header, session, Envelope.VERSION_2, Envelope.PrincipalForm.TC8,
                session.attributeMap(), null, null, null);
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
        return new Prepared(name, note, header, session, version, form, session.attributeMap(), javaBlob, order, doc);
    }

    // ---------------------------------------------------------------------------- real msm

    /** A blob real msm wrote, with the session and transcoder that wrote it. */
    public record RealBlob(byte[] blob, MemcachedBackupSession session, SessionAttributesTranscoder transcoder) {}

    /** A real msm transcoder of {@code format} for a real manager of the case's principal form. */
    public static SessionAttributesTranscoder transcoder(Prepared p, RealMsm.Format format) {
        return RealMsm.transcoder(format, RealMsm.manager(p.form));
    }

    /**
     * The case's session as real msm stores it: a real MemcachedBackupSession filled the same way,
     * written through TranscoderService with {@code transcoder} (made by {@link #transcoder}).
     */
    public static RealBlob writeReal(Prepared p, SessionAttributesTranscoder transcoder) {
        MemcachedBackupSessionManager manager = RealMsm.manager(p.form);
        MemcachedBackupSession session = RealMsm.copy(p.session, manager);
        return new RealBlob(RealMsm.serialize(session, transcoder, p.version), session, transcoder);
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
        /** The principal form the blob's principals are in (tc8 when it has none). */
        public final RealMsm.PrincipalForm form;

        Header(int version, int headerLength, Map<String, Object> fields, byte[] attributes,
                RealMsm.PrincipalForm form) {
            this.version = version;
            this.headerLength = headerLength;
            this.fields = fields;
            this.attributes = attributes;
            this.form = form;
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
                parsed.attributes(), form == Envelope.PrincipalForm.TC7 ? RealMsm.PrincipalForm.TC7
                        : RealMsm.PrincipalForm.TC8);
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
