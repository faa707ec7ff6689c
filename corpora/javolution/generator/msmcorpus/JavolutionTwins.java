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
import java.util.TreeMap;

import javolution.xml.XMLObjectReader;
import javolution.xml.XMLObjectWriter;
import javolution.xml.XMLReferenceResolver;
import javolution.xml.stream.XMLStreamException;

import de.javakaffee.web.msm.serializer.javolution.ReflectionBinding;

import corpus.DescriberAccess;
import corpus.Json;

/**
 * Writes the Javolution twins of the msm corpus: every session case of corpora/msm, with the same
 * msm header, and the attributes as msm's {@code JavolutionTranscoder} writes them (the
 * session's whole attribute map through msm's own {@link ReflectionBinding}). Beside each
 * {@code <case>.bin}, {@code <case>.json} says what Javolution reads back, and per attribute
 * whether that is what Java had.
 *
 * <p>For a case whose map the binding cannot write or read back, {@code skipped.txt} lists the
 * attributes that fail on their own, with the exception. The twin is then written from the map
 * without them, its {@code .json} naming them in {@code "omitted"}, when that map writes and
 * reads back; otherwise the case is skipped. {@code changes.txt} counts, by class, the attributes
 * whose read-back description differs from the original's ({@code false}), and those with no
 * original description to compare with ({@code null}), with the cases they are in.
 *
 * <p>Usage: {@code java msmcorpus.JavolutionTwins <output-dir> [README.md]}. With a README, its
 * generated sections (between {@code <!-- generated: NAME -->} and {@code <!-- end -->}) are
 * rewritten from these lists and the result written to the output directory.
 */
public final class JavolutionTwins {
    /** msm's JavolutionTranscoder.REFERENCE_ATTRIBUTE_ID and _REF_ID. */
    static final String ID_ATTRIBUTE = "__id";
    static final String REF_ATTRIBUTE = "__ref";

    /**
     * msm builds one binding per transcoder (per manager) and reuses it for every session; the
     * binding caches a format per class, so sharing it here is what a running msm does.
     */
    private static ReflectionBinding binding;

    private JavolutionTwins() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1 && args.length != 2) {
            System.err.println("usage: msmcorpus.JavolutionTwins <output-dir> [README.md]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        int written = 0;
        StringBuilder skipped = new StringBuilder();
        java.util.Set<String> reduced = new java.util.HashSet<>();
        Map<String, Map<String, Integer>> changed = new TreeMap<>();
        for (Generator.SessionCase c : Cases.sessions()) {
            BackupSession session = Generator.newSession(Generator.idFor(c.name()));
            c.fill().fill(session);
            byte[] xml;
            List<String> omitted = List.of();
            String stage = "write";
            try {
                xml = toXml(session.attributeMap());
                stage = "read";
                fromXml(xml);
            } catch (Exception e) {
                // msm stores a map it can write but not read, and then fails every load of the
                // session: such a case is no more a twin than one it cannot write.
                List<String> lines = culprits(c.name(), stage, session.attributeMap(), e);
                for (String line : lines) skipped.append(line).append('\n');
                omitted = failingNames(lines);
                xml = withoutFailing(session, omitted);
                if (xml == null) {
                    for (String line : lines) System.out.println("skipped " + line);
                    continue;
                }
                reduced.add(c.name());
                System.out.println("reduced " + c.name() + ": omitted " + omitted);
            }
            try {
                ByteArrayOutputStream blob = new ByteArrayOutputStream();
                blob.write(Envelope.header(session, c.version(), c.form()));
                blob.write(xml);
                byte[] bytes = blob.toByteArray();
                Map<String, Object> doc = describe(c, session, bytes, omitted, changed);
                Files.write(dir.resolve(c.name() + ".bin"), bytes);
                Files.writeString(dir.resolve(c.name() + ".json"), Json.pretty(doc), StandardCharsets.US_ASCII);
                written++;
            } catch (Throwable t) {
                throw new IllegalStateException("case " + c.name() + " failed", t);
            }
        }
        Files.writeString(dir.resolve("skipped.txt"), skipped.toString(), StandardCharsets.UTF_8);
        StringBuilder changes = new StringBuilder();
        for (Map.Entry<String, Map<String, Integer>> e : changed.entrySet()) {
            int n = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
            changes.append(e.getKey()).append('\t').append(n).append('\t')
                    .append(String.join(",", e.getValue().keySet())).append('\n');
        }
        Files.writeString(dir.resolve("changes.txt"), changes.toString(), StandardCharsets.UTF_8);
        if (args.length == 2) {
            String readme = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
            readme = splice(readme, "skipped", skippedTable(skipped.toString(), reduced));
            readme = splice(readme, "changes", changesTable(changes.toString()));
            Files.writeString(dir.resolve("README.md"), readme, StandardCharsets.UTF_8);
        }
        System.out.println("wrote " + written + " Javolution session twins to " + dir);
    }

    /**
     * The lines of skipped.txt for a case whose map failed at {@code stage}: one per attribute
     * that fails on its own (written alone in a map, then read back), {@code case, stage,
     * attribute, value class, exception}; the whole map's exception when none does.
     */
    private static List<String> culprits(String name, String stage, Map<String, Object> attributes,
            Exception whole) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            Map<String, Object> alone = new java.util.concurrent.ConcurrentHashMap<>();
            alone.put(e.getKey(), e.getValue());
            String failed = "write";
            try {
                byte[] xml = toXml(alone);
                failed = "read";
                fromXml(xml);
            } catch (Exception x) {
                lines.add(String.join("\t", name, failed, e.getKey(), e.getValue().getClass().getName(), chain(x)));
            }
        }
        if (lines.isEmpty()) lines.add(String.join("\t", name, stage, "*", "-", chain(whole)));
        return lines;
    }

    /** The attributes named in culprit lines, sorted; none when only the whole map failed ("*"). */
    private static List<String> failingNames(List<String> lines) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        for (String line : lines) {
            String name = line.split("\t", 5)[2];
            if (!name.equals("*")) names.add(name);
        }
        return new ArrayList<>(names);
    }

    /**
     * The XML of the session's map without the attributes that fail on their own, or null when
     * there are none or the rest still fails to write or read. They are removed from the
     * session's own map, not copied into a new one, so the others keep the order (the table) a
     * ConcurrentHashMap that never held them would not necessarily give.
     */
    private static byte[] withoutFailing(BackupSession session, List<String> names) {
        if (names.isEmpty()) return null;
        Map<String, Object> attributes = session.attributeMap();
        for (String name : names) attributes.remove(name);
        try {
            byte[] xml = toXml(attributes);
            fromXml(xml);
            return xml;
        } catch (Exception e) {
            System.out.println("still fails without " + names + ": " + chain(e));
            return null;
        }
    }

    /** The README with the text between {@code <!-- generated: NAME -->} and {@code <!-- end -->} replaced. */
    private static String splice(String readme, String name, String body) {
        String begin = "<!-- generated: " + name + " -->\n";
        int from = readme.indexOf(begin);
        int to = from < 0 ? -1 : readme.indexOf("<!-- end -->", from);
        if (to < 0) throw new IllegalStateException("README has no generated section " + name);
        return readme.substring(0, from + begin.length()) + body + readme.substring(to);
    }

    private static String skippedTable(String skipped, java.util.Set<String> reduced) {
        StringBuilder sb = new StringBuilder(
                "| case | twin | fails on | attribute | class | exception |\n|---|---|---|---|---|---|\n");
        for (String line : skipped.split("\n")) {
            if (line.isEmpty()) continue;
            String[] f = line.split("\t", 5);
            String exception = f[4].length() > 140 ? f[4].substring(0, 140) + "..." : f[4];
            sb.append("| `").append(f[0]).append("` | ").append(reduced.contains(f[0]) ? "without it" : "none")
                    .append(" | ").append(f[1]).append(" | `").append(f[2]).append("` | `")
                    .append(f[3]).append("` | ").append(exception.replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    private static String changesTable(String changes) {
        StringBuilder sb = new StringBuilder("| `same_as_java` | class of the original value | attributes | cases |\n|---|---|---|---|\n");
        for (String line : changes.split("\n")) {
            if (line.isEmpty()) continue;
            String[] f = line.split("\t", 4);
            sb.append("| ").append(f[0]).append(" | `").append(f[1]).append("` | ").append(f[2]).append(" | ")
                    .append(f[3].replace(",", ", ")).append(" |\n");
        }
        return sb.toString();
    }

    /** The exception and its causes, one after the other: Javolution wraps what the binding throws. */
    static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
            if (sb.length() > 0) sb.append(" <- ");
            // toString, not the message: Javolution's XMLStreamException names its nested
            // exception there and not through getCause.
            sb.append(x.toString().replaceAll("\\s+", " ").trim());
        }
        return sb.toString();
    }

    static synchronized ReflectionBinding binding() {
        if (binding == null) {
            // Javolution logs each growth of its read buffer at INFO through the root logger.
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
            binding = new ReflectionBinding(JavolutionTwins.class.getClassLoader(), false);
        }
        return binding;
    }

    private static XMLReferenceResolver resolver() {
        XMLReferenceResolver r = new XMLReferenceResolver();
        r.setIdentifierAttribute(ID_ATTRIBUTE);
        r.setReferenceAttribute(REF_ATTRIBUTE);
        return r;
    }

    /** What msm's JavolutionTranscoder.serialize does with the attribute map. */
    static byte[] toXml(Map<String, Object> attributes) throws XMLStreamException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        XMLObjectWriter writer = XMLObjectWriter.newInstance(bos);
        try {
            writer.setReferenceResolver(resolver());
            writer.setBinding(binding());
            writer.write(attributes, "attributes");
            writer.flush();
        } finally {
            writer.close();
        }
        return bos.toByteArray();
    }

    /** What msm's JavolutionTranscoder.deserialize does. */
    static Map<String, Object> fromXml(byte[] xml) throws XMLStreamException {
        XMLObjectReader reader = XMLObjectReader.newInstance(new ByteArrayInputStream(xml));
        try {
            reader.setReferenceResolver(resolver());
            reader.setBinding(binding());
            if (!reader.hasNext()) throw new IllegalStateException("reader has no input");
            return reader.read("attributes");
        } finally {
            reader.close();
        }
    }

    /**
     * The description: the header as msm reads it, the attributes as Javolution reads them back
     * in the order the XML lists them (the order the session's map iterated), and per attribute
     * whether that describes the same as the original value.
     */
    private static Map<String, Object> describe(Generator.SessionCase c, BackupSession session, byte[] blob,
            List<String> omitted, Map<String, Map<String, Integer>> changed) throws Exception {
        Envelope.Parsed parsed = Envelope.parse(blob);
        List<String> order = new ArrayList<>(session.attributeMap().keySet());
        Map<String, Object> read = fromXml(parsed.attributes());
        if (!read.keySet().equals(session.attributeMap().keySet())) {
            throw new IllegalStateException("read-back names differ: " + read.keySet());
        }
        List<Object> described = describe(order, read);
        List<Object> original = describe(order, session.attributeMap());

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("case", c.name());
        doc.put("note", c.note());
        doc.put("source", "generated");
        doc.put("bytes", blob.length);
        doc.put("kind", "javolution-session");
        // Only reduced twins carry the key, so the files of the cases written in full stay as they were.
        if (!omitted.isEmpty()) doc.put("omitted", omitted);
        doc.put("session", Generator.sessionFields(parsed, c.form()));
        List<Object> attributes = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", order.get(i));
            a.put("value", described.get(i));
            Boolean same = same(described.get(i), original.get(i));
            a.put("same_as_java", same);
            attributes.add(a);
            if (!Boolean.TRUE.equals(same)) {
                Object value = session.attributeMap().get(order.get(i));
                String key = same + "\t" + value.getClass().getName();
                changed.computeIfAbsent(key, k -> new TreeMap<>()).merge(c.name(), 1, Integer::sum);
            }
        }
        doc.put("attributes", attributes);
        return doc;
    }

    /**
     * Whether the read-back description equals the original's; {@code null} when the original
     * has no description (not Serializable, or a Subject), so there is nothing to compare with.
     */
    static Boolean same(Object read, Object original) {
        if (original instanceof Map<?, ?> m && m.containsKey("not_described")) return null;
        return Json.compact(read).equals(Json.compact(original));
    }

    /**
     * Values in one identity scope, in the given order. A value the describer has no rule for
     * (not Serializable, or a Subject) is {@code {"not_described": "<class>"}}; one whose
     * description throws (Javolution leaves a Locale without its fields, and its getters then
     * fail) is {@code {"not_described": "<class>", "error": "..."}}. Both are left out of the
     * scope, so they number no identities.
     */
    static List<Object> describe(List<String> order, Map<String, Object> values) {
        DescriberAccess.Items items = new DescriberAccess.Items();
        Map<Integer, Map<String, Object>> skipped = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            Object value = values.get(order.get(i));
            Map<String, Object> not = null;
            if (!describable(value)) {
                not = new LinkedHashMap<>();
                not.put("not_described", value.getClass().getName());
            } else {
                try {
                    DescriberAccess.describe(value);
                } catch (RuntimeException | StackOverflowError e) {
                    not = new LinkedHashMap<>();
                    not.put("not_described", value.getClass().getName());
                    not.put("error", e.toString());
                }
            }
            if (not == null) {
                items.object(value);
            } else {
                items.object(null);
                skipped.put(i, not);
            }
        }
        List<Object> out = DescriberAccess.contents(items, false);
        for (Map.Entry<Integer, Map<String, Object>> e : skipped.entrySet()) out.set(e.getKey(), e.getValue());
        return out;
    }

    static boolean describable(Object value) {
        return value == null
                || (value instanceof java.io.Serializable && !(value instanceof javax.security.auth.Subject));
    }
}
