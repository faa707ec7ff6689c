package msmcorpus;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import corpus.DescriberAccess;
import corpus.Json;
import de.javakaffee.web.msm.MemcachedBackupSession;
import de.javakaffee.web.msm.MemcachedBackupSessionManager;
import de.javakaffee.web.msm.SessionAttributesTranscoder;
import de.javakaffee.web.msm.TranscoderDeserializationException;
import flexjson.JSONDeserializer;
import flexjson.JSONSerializer;
import flexjson.JSONTokener;

/**
 * Writes the FlexJSON twins of the msm corpus with the real msm (716e147): every session case of
 * corpora/msm, filled into a real {@code MemcachedBackupSession} and written by msm's
 * {@code TranscoderService} with the {@code JSONTranscoder} msm's {@code JSONTranscoderFactory}
 * makes ({@code new JSONSerializer().deepSerialize(attributes).getBytes()}, FlexJSON 3.3). The
 * header must be corpora/msm's, byte for byte. Beside each {@code <case>.bin}, {@code <case>.json}
 * says what real msm's {@code TranscoderService.deserialize} (fresh transcoder:
 * {@code deserializeInto(reader, new ConcurrentHashMap())}) reads back; when it cannot read the
 * session, each attribute is read alone the same way. Cases msm cannot write are listed, with what
 * was thrown, in {@code not_written.txt}.
 *
 * <p>Usage: {@code java msmcorpus.FlexJsonTwins <output-dir>}.
 */
public final class FlexJsonTwins {
    private FlexJsonTwins() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: msmcorpus.FlexJsonTwins <output-dir>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        int written = 0;
        int unread = 0;
        StringBuilder notWritten = new StringBuilder();
        notWritten.append("# Cases of corpora/msm that msm 716e147's JSONTranscoder (FlexJSON 3.3) cannot write\n");
        notWritten.append("# (no .bin/.json here). Written by generator/msmcorpus/FlexJsonTwins.java.\n");
        notWritten.append("# case: what msm's TranscoderService.serializeAttributes threw; the exception FlexJSON threw\n");
        for (Generator.SessionCase c : Cases.sessions()) {
            try {
                BackupSession session = Generator.newSession(Generator.idFor(c.name()));
                c.fill().fill(session);
                RealMsm.PrincipalForm form = form(c.form());
                MemcachedBackupSessionManager manager = RealMsm.manager(form);
                MemcachedBackupSession real = RealMsm.copy(session, manager);
                byte[] bytes;
                try {
                    bytes = RealMsm.serialize(real, RealMsm.flexJsonTranscoder(manager), c.version());
                } catch (RuntimeException | StackOverflowError e) {
                    notWritten.append(c.name()).append(": ").append(writeFailure(e, real)).append('\n');
                    continue;
                }
                byte[] header = Envelope.header(session, c.version(), c.form());
                if (!Arrays.equals(Arrays.copyOf(bytes, header.length), header)
                        || Envelope.parse(bytes).headerLength() != header.length) {
                    throw new IllegalStateException("real msm's header differs from corpora/msm's");
                }
                Map<String, Object> doc = describe(c, session, real, bytes);
                if (doc.get("msm_reads") != null) unread++;
                Files.write(dir.resolve(c.name() + ".bin"), bytes);
                Files.writeString(dir.resolve(c.name() + ".json"), Json.pretty(doc), StandardCharsets.US_ASCII);
                written++;
            } catch (Throwable t) {
                throw new IllegalStateException("case " + c.name() + " failed", t);
            }
        }
        Files.writeString(dir.resolve("not_written.txt"), notWritten.toString(), StandardCharsets.UTF_8);
        System.out.println("wrote " + written + " FlexJSON session twins to " + dir + " (msm cannot read " + unread
                + " of them); not written: see not_written.txt");
    }

    static RealMsm.PrincipalForm form(Envelope.PrincipalForm form) {
        return form == Envelope.PrincipalForm.TC7 ? RealMsm.PrincipalForm.TC7 : RealMsm.PrincipalForm.TC8;
    }

    /**
     * Why msm could not write the session: msm's JSONTranscoder turns every Exception FlexJSON throws
     * into a bare {@code IllegalArgumentException} (and lets Errors through), so FlexJSON's own
     * exception is taken from the same {@code new JSONSerializer().deepSerialize(attributes)} call.
     */
    private static String writeFailure(Throwable msm, MemcachedBackupSession real) {
        String what = msm.getClass().getName() + (msm.getMessage() != null ? ": " + msm.getMessage() : "");
        if (msm instanceof StackOverflowError) return what + " (FlexJSON's own; JSONTranscoder only catches Exception)";
        try {
            new JSONSerializer().deepSerialize(real.getAttributesFiltered());
            return what + "; FlexJSON alone writes it";
        } catch (RuntimeException | StackOverflowError e) {
            return what + "; " + chain(e);
        }
    }

    /** An exception and its causes, {@code class: message} each, joined by " <- caused by ". */
    static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable e = t; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (sb.length() > 0) sb.append(" <- caused by ");
            sb.append(e.getClass().getName());
            if (e.getMessage() != null) sb.append(": ").append(e.getMessage().replace('\n', ' '));
        }
        return sb.toString();
    }

    /**
     * The description: the header as msm reads it, the attributes as real msm reads them back, in
     * the order the JSON lists them (checked to be the order the session's map iterated).
     */
    private static Map<String, Object> describe(Generator.SessionCase c, BackupSession session,
            MemcachedBackupSession real, byte[] blob) throws Exception {
        Envelope.Parsed parsed = Envelope.parse(blob);
        List<String> order = new ArrayList<>(session.attributeMap().keySet());
        String json = new String(parsed.attributes(), StandardCharsets.UTF_8);
        List<String[]> members = members(json);
        List<String> names = new ArrayList<>();
        for (String[] m : members) names.add((String) new JSONTokener(m[0]).nextValue());
        if (!names.equals(order)) throw new IllegalStateException("the JSON lists " + names + ", the session " + order);

        RealMsm.PrincipalForm form = form(c.form());
        MemcachedBackupSessionManager manager = RealMsm.manager(form);
        SessionAttributesTranscoder transcoder = RealMsm.flexJsonTranscoder(manager);
        String msmReads = null;
        Map<String, Object> read = new LinkedHashMap<>();
        Map<String, String> notRead = new LinkedHashMap<>();
        try {
            MemcachedBackupSession back = RealMsm.deserialize(blob, transcoder, manager);
            RealMsm.checkSameSession(real, back, c.version());
            read.putAll(RealMsm.attributesIn(back, order));
        } catch (TranscoderDeserializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            msmReads = cause.getClass().getName();
            // Each attribute alone, read as msm reads the whole map.
            for (String[] m : members) {
                String name = (String) new JSONTokener(m[0]).nextValue();
                try {
                    ConcurrentMap<String, Object> one = new JSONDeserializer<ConcurrentMap<String, Object>>()
                            .deserializeInto(new StringReader("{" + m[0] + ":" + m[1] + "}"),
                                    new ConcurrentHashMap<String, Object>());
                    read.put(name, one.get(name));
                } catch (RuntimeException | StackOverflowError f) {
                    notRead.put(name, chain(f));
                }
            }
        }

        List<Object> described = describe(order, read);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("case", c.name());
        doc.put("note", c.note());
        doc.put("source", "generated");
        doc.put("bytes", blob.length);
        doc.put("kind", "flexjson-session");
        doc.put("session", Generator.sessionFields(parsed, c.form()));
        List<Object> attributes = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            String name = order.get(i);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", name);
            if (notRead.containsKey(name)) {
                a.put("value", Map.of("not_read", notRead.get(name)));
                a.put("same_as_written", false);
            } else {
                a.put("value", described.get(i));
                a.put("same_as_written", Json.compact(alone(read.get(name)))
                        .equals(Json.compact(alone(session.attributeMap().get(name)))));
            }
            attributes.add(a);
        }
        doc.put("attributes", attributes);
        doc.put("msm_reads", msmReads);
        return doc;
    }

    /** One value described in its own identity scope (for same_as_written). */
    private static Object alone(Object value) {
        return describable(value) ? DescriberAccess.describe(value) : Map.of("not_described", value.getClass().getName());
    }

    /** Values in one identity scope, in the given order: as corpora/xstream describes them. */
    static List<Object> describe(List<String> order, Map<String, Object> values) {
        return XStreamValues.describe(order, values);
    }

    static boolean describable(Object value) {
        return XStreamValues.describable(value);
    }

    // ---------------------------------------------------------------------------- top-level members

    /**
     * The members of the JSON object FlexJSON wrote (no whitespace), each as {raw key, raw value}:
     * the text between the braces, split at the top level.
     */
    static List<String[]> members(String json) {
        if (!json.startsWith("{") || !json.endsWith("}")) throw new IllegalStateException("not an object: " + json);
        List<String[]> out = new ArrayList<>();
        int end = json.length() - 1;
        int i = 1;
        while (i < end) {
            int keyEnd = endOfString(json, i);
            if (json.charAt(keyEnd) != ':') throw new IllegalStateException("no ':' at " + keyEnd);
            int valueEnd = endOfValue(json, keyEnd + 1);
            out.add(new String[] {json.substring(i, keyEnd), json.substring(keyEnd + 1, valueEnd)});
            if (valueEnd == end) break;
            if (json.charAt(valueEnd) != ',') throw new IllegalStateException("no ',' at " + valueEnd);
            i = valueEnd + 1;
        }
        return out;
    }

    private static int endOfString(String s, int i) {
        if (s.charAt(i) != '"') throw new IllegalStateException("no string at " + i);
        int j = i + 1;
        while (s.charAt(j) != '"') j += s.charAt(j) == '\\' ? 2 : 1;
        return j + 1;
    }

    private static int endOfValue(String s, int i) {
        int depth = 0;
        int j = i;
        while (true) {
            char c = s.charAt(j);
            if (c == '"') {
                j = endOfString(s, j);
            } else if (c == '{' || c == '[') {
                depth++;
                j++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) return j;
                depth--;
                j++;
            } else if (c == ',' && depth == 0) {
                return j;
            } else {
                j++;
            }
        }
    }
}
