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
import msmcorpus.RealMsm;

/**
 * Writes the msm-kryo corpus with the real msm (716e147) and Kryo 4.0.0: for every msm corpus
 * session case Kryo can represent, a Kryo twin (the same session in a real MemcachedBackupSession,
 * written by msm's KryoTranscoder through TranscoderService), plus the Kryo-only cases of
 * {@link KryoCases}; each as {@code <case>.bin} and {@code <case>.json}, and {@code cases.md}.
 *
 * <p>Usage: {@code java kryocorpus.Generator <output-dir>}. It fails, writing nothing, when a
 * comparison with kryo-format.md's bytes has an outcome {@link SelfCheck#DISAGREE} does not
 * record, when real msm's header differs from corpora/msm's, when a twin does not read back
 * exactly as its msm-java blob does, or when a case's status differs from
 * {@link KryoCases#NOT_TWINNED}.
 */
public final class Generator {
    private static final int MIN_TWINS = 30;

    /** One written case. */
    record Written(String name, String note, byte[] blob, Map<String, Object> doc, String twinOf,
            SelfCheck.Result notesCheck, Map<String, String> layouts) {}

    /** An msm case without a twin: the declared reason and what the attempt ran into. */
    record Untwinned(String name, String reason, String observed) {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: kryocorpus.Generator <output-dir>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);

        List<SelfCheck.Result> selfChecks = SelfCheck.run();
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
        for (SelfCheck.Result r : selfChecks) System.out.println("notes: " + r.line());
        for (Written w : written) {
            if (w.notesCheck() != null) System.out.println("notes: " + w.notesCheck().line());
        }
        System.out.println("wrote " + twins + " twins of corpora/msm cases and " + (written.size() - twins)
                + " Kryo-only cases to " + dir + "; " + untwinned.size() + " msm cases not twinned");
    }

    /**
     * The Kryo twin of an msm case, written by real msm. Its header must be corpora/msm's header
     * byte for byte, it must hold the same attributes in the same order, and what real msm reads
     * back must describe exactly as the msm-java blob does.
     */
    private static Written twin(KryoBridge.Prepared p) throws Exception {
        KryoBlob.Written w = KryoBlob.write(p);
        if (KryoBlob.headerLength(w.blob()) != p.header.length
                || !Arrays.equals(Arrays.copyOf(w.blob(), p.header.length), p.header)) {
            throw new IllegalStateException("real msm's header differs from corpora/msm's");
        }
        KryoBlob.Read read;
        try {
            read = KryoBlob.read(w.blob());
        } catch (RuntimeException e) {
            throw new IllegalStateException("msm cannot read the attributes back", e);
        }
        RealMsm.checkSameSession(w.session(), read.session(), p.version);
        List<String> order = new ArrayList<>();
        for (KryoBlob.Entry e : read.entries()) order.add(String.valueOf(e.key()));
        if (!order.equals(p.javaOrder)) {
            throw new IllegalStateException("attributes " + order + " where the Java blob has " + p.javaOrder);
        }
        if (p.javaDoc.get("attributes_error") != null) {
            throw new IllegalStateException("the Java blob holds a TC_EXCEPTION (attributes_error)");
        }
        KryoBlob.checkDescribable(w.kryo(), w.session().getAttributesInternal());
        List<Object> described = KryoBlob.describe(read.entries());
        KryoBridge.same("session", read.header().fields, p.javaDoc.get("session"));
        // Values first, so that the report names a lost value before a naming difference.
        Object javaAttributes = JsonTree.normalise(p.javaDoc.get("attributes"));
        Object kryoAttributes = JsonTree.normalise(described);
        String diff = JsonTree.firstDifference(values(javaAttributes), values(kryoAttributes));
        if (diff == null) diff = JsonTree.firstDifference(javaAttributes, kryoAttributes);
        if (diff != null) throw new IllegalStateException("Kryo reads back " + diff + " (msm-java blob)");
        if (p.name.equals("example_v2") && !Arrays.equals(w.blob(), KryoBridge.notesKryoBlob())) {
            throw new IllegalStateException("example_v2 differs from the Kryo blob of msm-format.md section 8.3");
        }

        String note = "Kryo twin of corpora/msm/" + p.name + ": the same session and header, attributes written "
                + "by msm's Kryo transcoder";
        Map<String, Object> doc = KryoBlob.document(p.name, note, w.blob(), read.header(), described);
        return new Written(p.name, note, w.blob(), doc, p.name, null, layouts(w));
    }

    /** A Kryo-only case: what real msm reads back must describe as the values written. */
    private static Written kryoOnly(KryoCases.KryoCase c) throws Exception {
        KryoBridge.Prepared p = c.source().prepare(c.name(), c.note());
        KryoBlob.Written w = KryoBlob.write(p);
        if (!Arrays.equals(Arrays.copyOf(w.blob(), p.header.length), p.header)) {
            throw new IllegalStateException("real msm's header differs from corpora/msm's");
        }
        SelfCheck.Result notesCheck = null;
        if (c.notesHex() != null) {
            notesCheck = SelfCheck.compare(c.name() + ": attribute bytes of kryo-format.md section "
                    + c.name().substring("kryo_".length()).replace('_', '.'), w.attributes(), c.notesHex());
        }
        KryoBlob.Read read = KryoBlob.read(w.blob());
        RealMsm.checkSameSession(w.session(), read.session(), p.version);
        KryoBlob.checkDescribable(w.kryo(), w.session().getAttributesInternal());
        List<Object> described = KryoBlob.describe(read.entries());

        // What was written, in write order (the map's iteration order), as Kryo should read it.
        Map<String, Object> writtenValues = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : w.session().getAttributesInternal().entrySet()) {
            writtenValues.put(e.getKey(), e.getValue());
        }
        Map<String, Object> expected = c.expectedRead().apply(writtenValues);
        List<KryoBlob.Entry> expectedEntries = new ArrayList<>();
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            expectedEntries.add(new KryoBlob.Entry(e.getKey(), e.getValue()));
        }
        String diff = JsonTree.firstDifference(JsonTree.normalise(KryoBlob.describe(expectedEntries)),
                JsonTree.normalise(described));
        if (diff != null) throw new IllegalStateException("Kryo reads back " + diff + " (written values)");

        Map<String, Object> doc = KryoBlob.document(c.name(), c.note(), w.blob(), read.header(), described);
        return new Written(c.name(), c.note(), w.blob(), doc, null, notesCheck, layouts(w));
    }

    private static Map<String, String> layouts(KryoBlob.Written w) {
        Map<String, String> layouts = new LinkedHashMap<>();
        for (Class<?> type : KryoBlob.fieldSerialized(w.kryo(), w.session().getAttributesInternal())) {
            layouts.put(type.getName(), KryoBlob.layout(w.kryo(), type));
        }
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
