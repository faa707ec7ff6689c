package msmcorpus;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

import corpus.Json;
import de.javakaffee.web.msm.MemcachedBackupSession;
import de.javakaffee.web.msm.MemcachedBackupSessionManager;
import de.javakaffee.web.msm.TranscoderDeserializationException;

/**
 * Writes the XStream twins of the msm corpus with the real msm (716e147): every session case of
 * corpora/msm, filled into a real {@code MemcachedBackupSession} and written by msm's
 * {@code TranscoderService} with its {@code XStreamTranscoder} ({@code new XStream().toXML} of
 * the session's whole attribute map, nothing filtered). The header must be corpora/msm's, byte
 * for byte. Beside each {@code <case>.bin}, {@code <case>.json} says what XStream reads back, and
 * whether real msm's {@code TranscoderService.deserialize} (fresh transcoder) can read it.
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
                RealMsm.PrincipalForm form = form(c.form());
                MemcachedBackupSessionManager manager = RealMsm.manager(form);
                MemcachedBackupSession real = RealMsm.copy(session, manager);
                byte[] bytes = RealMsm.serialize(real, RealMsm.transcoder(RealMsm.Format.XSTREAM, manager), c.version());
                byte[] header = Envelope.header(session, c.version(), c.form());
                if (!Arrays.equals(Arrays.copyOf(bytes, header.length), header)
                        || Envelope.parse(bytes).headerLength() != header.length) {
                    throw new IllegalStateException("real msm's header differs from corpora/msm's");
                }
                Map<String, Object> doc = describe(c, session, real, bytes);
                Files.write(dir.resolve(c.name() + ".bin"), bytes);
                Files.writeString(dir.resolve(c.name() + ".json"), Json.pretty(doc), StandardCharsets.US_ASCII);
                written++;
            } catch (Throwable t) {
                throw new IllegalStateException("case " + c.name() + " failed", t);
            }
        }
        System.out.println("wrote " + written + " XStream session twins to " + dir);
    }

    static RealMsm.PrincipalForm form(Envelope.PrincipalForm form) {
        return form == Envelope.PrincipalForm.TC7 ? RealMsm.PrincipalForm.TC7 : RealMsm.PrincipalForm.TC8;
    }

    /**
     * The description: the header as msm reads it, the attributes as XStream reads them back, in
     * the order the XML lists them (the order the session's map iterated), and whether real msm
     * (its plain {@code new XStream()}) can read the value at all; when it can, what it reads
     * must describe as the rest.
     */
    private static Map<String, Object> describe(Generator.SessionCase c, BackupSession session,
            MemcachedBackupSession real, byte[] blob) throws Exception {
        Envelope.Parsed parsed = Envelope.parse(blob);
        List<String> order = new ArrayList<>(session.attributeMap().keySet());
        @SuppressWarnings("unchecked")
        ConcurrentMap<String, Object> read = (ConcurrentMap<String, Object>) XStreamValues.permissive()
                .fromXML(new ByteArrayInputStream(parsed.attributes()));
        if (!read.keySet().equals(session.attributeMap().keySet())) {
            throw new IllegalStateException("read-back names differ: " + read.keySet());
        }
        List<Object> described = XStreamValues.describe(order, read);
        List<Object> original = XStreamValues.describe(order, session.attributeMap());
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
        RealMsm.PrincipalForm form = form(c.form());
        String msmReads = msmReadError(blob, form);
        if (msmReads == null) {
            MemcachedBackupSessionManager manager = RealMsm.manager(form);
            MemcachedBackupSession back = RealMsm.deserialize(blob,
                    RealMsm.transcoder(RealMsm.Format.XSTREAM, manager), manager);
            RealMsm.checkSameSession(real, back, c.version());
            Descriptions.same("attributes read by msm", XStreamValues.describe(order, RealMsm.attributesIn(back, order)), described);
        }
        doc.put("msm_reads", msmReads);
        return doc;
    }

    /**
     * {@code null} when real msm's {@code TranscoderService.deserialize} (fresh XStreamTranscoder,
     * whose plain XStream refuses types outside its default allow-list) reads the blob, else the
     * class of the exception its XStream throws (the cause of msm's
     * TranscoderDeserializationException).
     */
    static String msmReadError(byte[] blob, RealMsm.PrincipalForm form) {
        MemcachedBackupSessionManager manager = RealMsm.manager(form);
        try {
            RealMsm.deserialize(blob, RealMsm.transcoder(RealMsm.Format.XSTREAM, manager), manager);
            return null;
        } catch (TranscoderDeserializationException e) {
            return (e.getCause() != null ? e.getCause() : e).getClass().getName();
        }
    }
}
