package kryocorpus;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import corpus.Json;
import msmcorpus.KryoBridge;

/**
 * Writes the msm-kryo corpus: for every msm corpus session case Kryo can represent, a Kryo twin
 * (same session, same header bytes, attributes written by msm's Kryo transcoder), plus the
 * Kryo-only cases of {@link KryoCases}; each as {@code <case>.bin} and {@code <case>.json}, and
 * {@code cases.md}.
 *
 * <p>Usage: {@code java kryocorpus.Generator <output-dir>}. It fails, writing nothing, when a
 * self-check of kryo-format.md's bytes fails, when a twin does not read back exactly as its
 * msm-java blob does, or when a case's status differs from {@link KryoCases#NOT_TWINNED}.
 */
public final class Generator {
    private static final int MIN_TWINS = 30;

    /** One written case. */
    record Written(String name, String note, byte[] blob, Map<String, Object> doc, Set<Harness> harness,
            String twinOf, String notesCheck, Map<String, String> layouts) {}

    /** An msm case without a twin: the declared reason and what the attempt ran into. */
    record Untwinned(String name, String reason, String observed) {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: kryocorpus.Generator <output-dir>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);

        List<String> selfChecks = SelfCheck.run();
        List<Written> written = new ArrayList<>();
        List<Untwinned> untwinned = new ArrayList<>();

        for (String name : KryoBridge.sessionCaseNames()) {
            KryoBridge.Prepared p = KryoBridge.msmCase(name);
            String reason = KryoCases.NOT_TWINNED.get(name);
            Written twin;
            try {
                twin = twin(p);
            } catch (Exception | AssertionError e) {
                if (reason == null) throw new IllegalStateException("twin of " + name + " failed", e);
                untwinned.add(new Untwinned(name, reason, oneLine(e)));
                continue;
            }
            if (reason != null) {
                throw new IllegalStateException(name + " is listed as not twinned, but its twin reads back exactly");
            }
            written.add(twin);
        }
        if (written.size() < MIN_TWINS) throw new IllegalStateException("only " + written.size() + " twins");
        if (untwinned.size() != KryoCases.NOT_TWINNED.size()) {
            throw new IllegalStateException("NOT_TWINNED names a case the msm corpus does not have");
        }
        int twins = written.size();

        for (KryoCases.KryoCase c : KryoCases.all()) {
            try {
                written.add(kryoOnly(c));
            } catch (Exception e) {
                throw new IllegalStateException("case " + c.name() + " failed", e);
            }
        }

        Set<String> names = new HashSet<>();
        for (Written w : written) {
            if (!w.name().matches("[a-z0-9]+(_[a-z0-9]+)*") || !names.add(w.name())) {
                throw new IllegalStateException("bad or duplicate case name: " + w.name());
            }
        }
        for (Written w : written) {
            Files.write(dir.resolve(w.name() + ".bin"), w.blob());
            Files.writeString(dir.resolve(w.name() + ".json"), Json.pretty(w.doc()), StandardCharsets.US_ASCII);
        }
        Files.writeString(dir.resolve("cases.md"), CasesPage.render(written, untwinned, selfChecks),
                StandardCharsets.UTF_8);
        for (String line : selfChecks) System.out.println("self-check ok: " + line);
        for (Written w : written) {
            if (w.notesCheck() != null) System.out.println("self-check ok: " + w.notesCheck());
        }
        System.out.println("wrote " + twins + " twins of corpora/msm cases and " + (written.size() - twins)
                + " Kryo-only cases to " + dir + "; " + untwinned.size() + " msm cases not twinned");
    }

    /**
     * The Kryo twin of an msm case. It must carry the same header bytes, hold the same attributes
     * in the same order, and read back to the same description as the msm-java blob.
     */
    private static Written twin(KryoBridge.Prepared p) throws Exception {
        MsmKryo writer = MsmKryo.create();
        byte[] attributes = KryoBlob.writeAttributes(writer, p.attributeMap);
        byte[] blob = KryoBlob.blob(p.header, attributes);
        if (!Arrays.equals(Arrays.copyOf(p.javaBlob, p.header.length), p.header)) {
            throw new IllegalStateException("header differs from the msm-java blob's");
        }
        KryoBridge.Header header = KryoBridge.header(blob);
        if (header.headerLength != p.header.length || !Arrays.equals(header.attributes, attributes)) {
            throw new IllegalStateException("header length " + header.headerLength + " != " + p.header.length);
        }

        List<KryoBlob.Entry> read;
        try {
            read = KryoBlob.readAttributes(MsmKryo.create(), attributes);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Kryo cannot read the attributes back", e);
        }
        List<String> order = new ArrayList<>();
        for (KryoBlob.Entry e : read) order.add(String.valueOf(e.key()));
        if (!order.equals(p.javaOrder)) {
            throw new IllegalStateException("attributes " + order + " where the Java blob has " + p.javaOrder);
        }
        if (p.javaDoc.get("attributes_error") != null) {
            throw new IllegalStateException("the Java blob holds a TC_EXCEPTION (attributes_error)");
        }
        KryoBlob.checkDescribable(writer);
        List<Object> described = KryoBlob.describe(read);
        KryoBridge.same("session", header.fields, p.javaDoc.get("session"));
        // Values first, so that the report names a lost value before a naming difference.
        Object javaAttributes = JsonTree.normalise(p.javaDoc.get("attributes"));
        Object kryoAttributes = JsonTree.normalise(described);
        String diff = JsonTree.firstDifference(values(javaAttributes), values(kryoAttributes));
        if (diff == null) diff = JsonTree.firstDifference(javaAttributes, kryoAttributes);
        if (diff != null) throw new IllegalStateException("Kryo reads back " + diff + " (msm-java blob)");
        if (p.name.equals("example_v2") && !Arrays.equals(blob, KryoBridge.notesKryoBlob())) {
            throw new IllegalStateException("example_v2 differs from the Kryo blob of msm-format.md section 8.3");
        }

        String note = "Kryo twin of corpora/msm/" + p.name + ": the same session and header, attributes written "
                + "by msm's Kryo transcoder";
        Map<String, Object> doc = KryoBlob.document(p.name, note, blob, header, described);
        return new Written(p.name, note, blob, doc, writer.wrote, p.name, null, layouts(writer));
    }

    /** A Kryo-only case: it must read back to the description of what was written. */
    private static Written kryoOnly(KryoCases.KryoCase c) throws Exception {
        KryoBridge.Prepared p = c.source().prepare(c.name(), c.note());
        MsmKryo writer = MsmKryo.create();
        byte[] attributes = KryoBlob.writeAttributes(writer, p.attributeMap);
        String notesCheck = null;
        if (c.notesHex() != null) {
            SelfCheck.expect(c.name() + " (kryo-format.md section 7)", attributes, c.notesHex());
            notesCheck = c.name() + ": " + attributes.length + " attribute bytes equal kryo-format.md section "
                    + c.name().substring("kryo_".length()).replace('_', '.');
        }
        byte[] blob = KryoBlob.blob(p.header, attributes);
        KryoBridge.Header header = KryoBridge.header(blob);
        List<KryoBlob.Entry> read = KryoBlob.readAttributes(MsmKryo.create(), attributes);
        KryoBlob.checkDescribable(writer);
        List<Object> described = KryoBlob.describe(read);

        // What was written, in write order (the map's iteration order), as Kryo should read it.
        Map<String, Object> writtenValues = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : p.attributeMap.entrySet()) writtenValues.put(e.getKey(), e.getValue());
        Map<String, Object> expected = c.expectedRead().apply(writtenValues);
        List<KryoBlob.Entry> expectedEntries = new ArrayList<>();
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            expectedEntries.add(new KryoBlob.Entry(e.getKey(), e.getValue()));
        }
        String diff = JsonTree.firstDifference(JsonTree.normalise(KryoBlob.describe(expectedEntries)),
                JsonTree.normalise(described));
        if (diff != null) throw new IllegalStateException("Kryo reads back " + diff + " (written values)");

        Map<String, Object> doc = KryoBlob.document(c.name(), c.note(), blob, header, described);
        return new Written(c.name(), c.note(), blob, doc, writer.wrote, null, notesCheck, layouts(writer));
    }

    private static Map<String, String> layouts(MsmKryo kryo) {
        Map<String, String> layouts = new LinkedHashMap<>();
        for (Class<?> type : kryo.fieldSerialized) layouts.put(type.getName(), kryo.layout(type));
        return layouts;
    }

    private static List<Object> values(Object attributes) {
        List<Object> values = new ArrayList<>();
        for (Object a : (List<?>) attributes) values.add(((Map<?, ?>) a).get("value"));
        return values;
    }

    private static String oneLine(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable x = t; x != null; x = x.getCause()) {
            if (sb.length() > 0) sb.append(" <- ");
            String message = x.getMessage() == null ? "" : x.getMessage().lines().findFirst().orElse("");
            sb.append(x.getClass().getSimpleName()).append(": ").append(message);
            if (x.getCause() == x) break;
        }
        String s = sb.toString();
        return s.length() <= 400 ? s : s.substring(0, 400) + "...";
    }
}
