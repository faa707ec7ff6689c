package kryocorpus;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import com.example.PublicFields;

import de.javakaffee.web.msm.serializer.kryo.KryoTranscoder;
import msmcorpus.RealMsm;

/**
 * Compares real Kryo 4.0.0, configured by real msm's KryoTranscoder, with byte strings of
 * kryo-format.md before anything is written: single values from §1.3-§1.5, §5.6 and §6 (with
 * {@code writeClassAndObject}, as a map value is written). The §7 examples are corpus cases of
 * their own and are compared where they are written ({@link Generator}). Where the real bytes
 * differ from the notes, the bytes win: the difference must be listed in {@link #DISAGREE} (and
 * is reported in cases.md); an unlisted difference, or a listed one that no longer differs,
 * stops generation.
 */
final class SelfCheck {
    private SelfCheck() {}

    /** One value, its expected bytes, and where the expectation comes from. */
    private record Expect(String what, Object value, String hex) {
        boolean derived() {
            return what.contains("derived");
        }
    }

    /** The outcome of one comparison. */
    record Result(String what, int bytes, String notesHex, String realHex, String disagreement) {
        String line() {
            if (disagreement == null) return what + ": " + bytes + " bytes as in the notes";
            String[] r = realHex.split(" ");
            String[] n = notesHex.split(" ");
            int d = 0;
            while (d < Math.min(r.length, n.length) && r[d].equals(n[d])) d++;
            return what + ": " + bytes + " bytes, the notes " + n.length + "; from offset " + d + " real Kryo writes `"
                    + window(r, d) + "`, the notes `" + window(n, d) + "` (" + disagreement + ")";
        }

        private static String window(String[] bytes, int from) {
            int to = Math.min(bytes.length, from + 10);
            return String.join(" ", Arrays.copyOfRange(bytes, from, to)) + (to < bytes.length ? " ..." : "");
        }
    }

    /** Comparisons whose real bytes differ from the notes, and why. */
    static final Map<String, String> DISAGREE = new java.util.LinkedHashMap<>();

    /**
     * Why real msm writes class tags where the notes have none: msm's KryoTranscoder builds its
     * Kryo in its own {@code createKryo} override, which bypasses {@code KryoBuilder.createKryo},
     * the only place calling {@code setOptimizedGenerics(true)}; so optimizedGenerics stays false
     * (Kryo 4's default) and a field's type arguments never reach the collection and map
     * serializers.
     */
    static final String NO_OPTIMIZED_GENERICS = "msm's KryoTranscoder leaves optimizedGenerics false, so the "
            + "elements of a List<String> field (and the keys and values of a Map<String, Integer> field) carry class "
            + "tags: `03 01 41 b1` where the notes have `01 41 b1`";

    static {
        DISAGREE.put("§5.2 public generic fields (derived from the rules)", NO_OPTIMIZED_GENERICS);
        DISAGREE.put("kryo_7_2: attribute bytes of kryo-format.md section 7.2", NO_OPTIMIZED_GENERICS);
        DISAGREE.put("kryo_7_3: attribute bytes of kryo-format.md section 7.3", NO_OPTIMIZED_GENERICS);
    }

    static List<Result> run() {
        List<Expect> checks = List.of(
                new Expect("§5.6 Integer 3", 3, "02 06"),
                new Expect("§5.6 Long 5", 5L, "09 0a"),
                new Expect("§5.6 Long -1", -1L, "09 01"),
                new Expect("§1.3 Double 1.5", 1.5d, "0a 3f f8 00 00 00 00 00 00"),
                new Expect("§1.3 Float 1.5", 1.5f, "04 3f c0 00 00"),
                new Expect("§1.4 \"\"", "", "03 01 81"),
                new Expect("§1.4 \"a\"", "a", "03 01 82 61"),
                new Expect("§1.4 \"h\\u00e9\"", "h\u00e9", "03 01 83 68 c3 a9"),
                new Expect("§1.4 \"\\u20ac\"", "\u20ac", "03 01 82 e2 82 ac"),
                new Expect("§1.4 U+1F600", "\ud83d\ude00", "03 01 83 ed a0 bd ed b8 80"),
                new Expect("§1.4 64 x 'a'", "a".repeat(64), "03 01 c1 01 " + "61 ".repeat(64)),
                new Expect("§1.4 StringBuilder \"ab\"", new StringBuilder("ab"),
                        "01 00 <java.lang.StringBuilder> 01 83 61 62"),
                new Expect("§5.6 BigInteger 300", BigInteger.valueOf(300), "01 00 <java.math.BigInteger> 01 03 01 2c"),
                new Expect("§5.6 BigDecimal 1.50", new BigDecimal("1.50"), "01 00 <java.math.BigDecimal> 01 03 00 96 04"),
                new Expect("§5.6 Date 1000", new Date(1000), "01 00 <java.util.Date> 01 e8 07"),
                new Expect("§5.6 Locale de_DE", Locale.GERMANY, "01 00 <java.util.Locale> 01 64 e5 44 c5 81"),
                new Expect("§5.6 String.class", String.class, "01 00 <java.lang.Class> 01 03 00"),
                new Expect("§5.6 int.class", int.class, "01 00 <java.lang.Class> 01 02 01"),
                new Expect("§1.5 int[]{1,-1}", new int[] {1, -1}, "01 00 <[I> 01 03 02 01"),
                new Expect("§6 Arrays.asList(1, 2)", Arrays.asList(1, 2), "0c 01 02 02 02 02 02 04"),
                new Expect("§6 unmodifiableList(ArrayList [1])",
                        Collections.unmodifiableList(new ArrayList<>(Arrays.asList(1))),
                        "0f 01 01 01 00 <java.util.ArrayList> 01 01 02 02"),
                // Not in the notes as hex: derived from the §5.2-§5.4 rules (public fields get their
                // generic type arguments; String and Integer are final, so no class tags).
                new Expect("§5.2 public generic fields (derived from the rules)",
                        new PublicFields(2, new ArrayList<>(List.of("A1", "B2")), new HashMap<>(Map.of("k", 1))),
                        "01 00 <com.example.PublicFields> 01 | 04 | 01 01 <java.util.HashMap> 01 01 01 82 6b 01 02 | "
                                + "01 02 <java.util.ArrayList> 01 02 01 41 b1 01 42 b2"));
        List<Result> results = new ArrayList<>();
        for (Expect e : checks) {
            byte[] actual = writeClassAndObject(e.value());
            results.add(compare(e.what(), actual, e.hex()));
        }
        return results;
    }

    /** What the Kryo of a real msm KryoTranscoder writes for one value with writeClassAndObject. */
    static byte[] writeClassAndObject(Object value) {
        KryoTranscoder transcoder = (KryoTranscoder) RealMsm.transcoder(RealMsm.Format.KRYO,
                RealMsm.manager(RealMsm.PrincipalForm.TC8));
        Kryo kryo = transcoder.getKryoPool().borrow();
        try {
            Output out = kryo.getStreamFactory().getOutput(KryoTranscoder.DEFAULT_INITIAL_BUFFER_SIZE,
                    KryoTranscoder.DEFAULT_MAX_BUFFER_SIZE);
            kryo.writeClassAndObject(out, value);
            return out.toBytes();
        } finally {
            kryo.reset();
            transcoder.getKryoPool().release(kryo);
        }
    }

    /** Compares real bytes with the notes' hex; fails unless the outcome is the one {@link #DISAGREE} records. */
    static Result compare(String what, byte[] actual, String expectedHex) {
        byte[] expected = hex(expectedHex);
        HexFormat h = HexFormat.ofDelimiter(" ");
        boolean same = Arrays.equals(actual, expected);
        String known = DISAGREE.get(what);
        if (same && known != null) {
            throw new IllegalStateException(what + ": listed as differing from kryo-format.md, but real Kryo writes "
                    + "the notes' bytes");
        }
        if (!same && known == null) {
            throw new IllegalStateException(what + ": bytes differ from kryo-format.md\n  notes " + h.formatHex(expected)
                    + "\n  real  " + h.formatHex(actual));
        }
        return new Result(what, actual.length, h.formatHex(expected), h.formatHex(actual), known);
    }

    /**
     * Hex as the notes print it: spaces and {@code |} separators are ignored, and {@code <name>}
     * stands for the class name as {@code writeString} writes it (an ASCII run, last byte | 0x80).
     */
    static byte[] hex(String text) {
        StringBuilder digits = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '<') {
                int end = text.indexOf('>', i);
                byte[] name = text.substring(i + 1, end).getBytes(StandardCharsets.US_ASCII);
                if (name.length < 2 || name.length > 63) throw new IllegalArgumentException("not an ASCII run: " + text);
                name[name.length - 1] |= (byte) 0x80;
                digits.append(HexFormat.of().formatHex(name));
                i = end + 1;
            } else {
                if (Character.digit(c, 16) >= 0) digits.append(c);
                i++;
            }
        }
        return HexFormat.of().parseHex(digits.toString());
    }
}
