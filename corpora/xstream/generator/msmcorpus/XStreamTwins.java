package msmcorpus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.security.AnyTypePermission;

import corpus.DescriberAccess;
import corpus.Json;

/**
 * Writes the XStream twins of the msm corpus: every session case of corpora/msm, with the same
 * msm header, and the attributes as msm's {@code XStreamTranscoder} writes them
 * ({@code new XStream().toXML(attributes, out)}: the session's whole attribute map, nothing
 * filtered). Beside each {@code <case>.bin}, {@code <case>.json} says what XStream reads back.
 *
 * <p>Usage: {@code java msmcorpus.XStreamTwins <output-dir>}.
 */
public final class XStreamTwins {
    private XStreamTwins() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: msmcorpus.XStreamTwins <output-dir>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        int written = 0;
        for (Generator.SessionCase c : Cases.sessions()) {
            try {
                BackupSession session = Generator.newSession(Generator.idFor(c.name()));
                c.fill().fill(session);
                byte[] xml = toXml(session.attributeMap());
                ByteArrayOutputStream blob = new ByteArrayOutputStream();
                blob.write(Envelope.header(session, c.version(), c.form()));
                blob.write(xml);
                byte[] bytes = blob.toByteArray();
                Map<String, Object> doc = describe(c, session, bytes);
                Files.write(dir.resolve(c.name() + ".bin"), bytes);
                Files.writeString(dir.resolve(c.name() + ".json"), Json.pretty(doc), StandardCharsets.US_ASCII);
                written++;
            } catch (Throwable t) {
                throw new IllegalStateException("case " + c.name() + " failed", t);
            }
        }
        System.out.println("wrote " + written + " XStream session twins to " + dir);
    }

    /** What msm's XStreamTranscoder.serializeAttributes does. */
    static byte[] toXml(Map<String, Object> attributes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new XStream().toXML(attributes, out);
        return out.toByteArray();
    }

    /** An XStream that reads every class (msm's plain one refuses types outside its allow-list). */
    static XStream permissive() {
        XStream x = new XStream();
        x.addPermission(AnyTypePermission.ANY);
        return x;
    }

    /**
     * The description: the header as msm reads it, the attributes as XStream reads them back, in
     * the order the XML lists them (the order the session's map iterated), and whether msm's own
     * plain {@code new XStream()} can read the value at all.
     */
    private static Map<String, Object> describe(Generator.SessionCase c, BackupSession session, byte[] blob)
            throws Exception {
        Envelope.Parsed parsed = Envelope.parse(blob);
        List<String> order = new ArrayList<>(session.attributeMap().keySet());
        @SuppressWarnings("unchecked")
        ConcurrentMap<String, Object> read = (ConcurrentMap<String, Object>) permissive()
                .fromXML(new ByteArrayInputStream(parsed.attributes()));
        if (!read.keySet().equals(session.attributeMap().keySet())) {
            throw new IllegalStateException("read-back names differ: " + read.keySet());
        }
        List<Object> described = describe(order, read);
        List<Object> original = describe(order, session.attributeMap());
        Descriptions.same("attributes", described, original);

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("case", c.name());
        doc.put("note", c.note());
        doc.put("source", "generated");
        doc.put("bytes", blob.length);
        doc.put("kind", "xstream-session");
        doc.put("session", Generator.sessionFields(parsed, c.form()));
        List<Object> attributes = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", order.get(i));
            a.put("value", described.get(i));
            attributes.add(a);
        }
        doc.put("attributes", attributes);
        doc.put("msm_reads", plainReadError(parsed.attributes()));
        return doc;
    }

    /**
     * Values in one identity scope, in the given order. A value the describer has no rule for
     * (not Serializable, or a Subject, whose writeObject data it cannot describe) is
     * {@code {"not_described": "<class>"}}: XStream writes it, Java serialization never does.
     */
    static List<Object> describe(List<String> order, Map<String, Object> values) {
        DescriberAccess.Items items = new DescriberAccess.Items();
        List<Integer> skipped = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Object value = values.get(order.get(i));
            if (describable(value)) {
                items.object(value);
            } else {
                items.object(null);
                skipped.add(i);
            }
        }
        List<Object> out = DescriberAccess.contents(items, false);
        for (int i : skipped) {
            out.set(i, Map.of("not_described", values.get(order.get(i)).getClass().getName()));
        }
        return out;
    }

    static boolean describable(Object value) {
        return value == null
                || (value instanceof java.io.Serializable && !(value instanceof javax.security.auth.Subject));
    }

    /** {@code null} when msm's plain XStream reads the XML, else the exception class it throws. */
    static String plainReadError(byte[] xml) {
        try {
            new XStream().fromXML(new ByteArrayInputStream(xml));
            return null;
        } catch (RuntimeException e) {
            return e.getClass().getName();
        }
    }
}
