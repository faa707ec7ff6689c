package kryocorpus;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;


/**
 * Reads msm-kryo blobs written elsewhere (e.g. by jsess's encoder) with real msm and Kryo 4.0.0,
 * as the generator reads its own, and compares what Java sees with the corpus JSON.
 *
 * <p>Usage: {@code java kryocorpus.Readback <dir> <corpus-dir> [--exact]}. For every
 * {@code <dir>/<case>.bin} real msm's {@code TranscoderService.deserialize} (fresh
 * KryoTranscoder) reads it; the attributes are described in stream order, and {@code session},
 * {@code attributes} and {@code attributes_error} are compared with
 * {@code <corpus-dir>/<case>.json}. With {@code --exact} the
 * file must also equal {@code <corpus-dir>/<case>.bin} byte for byte. Prints {@code ok <case>} or
 * {@code DIFF <case>: <first difference>} per file; exits 1 if any file differs or cannot be read.
 */
public final class Readback {
    private static final List<String> COMPARED = List.of("session", "attributes", "attributes_error");

    public static void main(String[] args) throws Exception {
        boolean exact = args.length == 3 && args[2].equals("--exact");
        if (args.length != 2 && !exact) {
            System.err.println("usage: kryocorpus.Readback <dir> <corpus-dir> [--exact]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Path corpus = Path.of(args[1]);
        List<Path> blobs;
        try (Stream<Path> files = Files.list(dir)) {
            blobs = files.filter(f -> f.getFileName().toString().endsWith(".bin")).sorted().toList();
        }
        if (blobs.isEmpty()) {
            System.out.println("DIFF " + dir + ": no .bin files");
            System.exit(1);
        }
        int failed = 0;
        for (Path blob : blobs) {
            String name = blob.getFileName().toString();
            name = name.substring(0, name.length() - ".bin".length());
            String problem;
            try {
                problem = check(name, Files.readAllBytes(blob), corpus, exact);
            } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                problem = "cannot read: " + e.getClass().getSimpleName() + ": " + firstLine(e);
            }
            if (problem == null) {
                System.out.println("ok " + name);
            } else {
                failed++;
                System.out.println("DIFF " + name + ": " + problem);
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    /** {@code null} when the blob holds what the corpus JSON says, else the first difference. */
    static String check(String name, byte[] blob, Path corpus, boolean exact) throws Exception {
        Path json = corpus.resolve(name + ".json");
        if (!Files.exists(json)) return "no " + json;
        @SuppressWarnings("unchecked")
        Map<String, Object> expected = (Map<String, Object>) JsonTree.parse(Files.readString(json, StandardCharsets.US_ASCII));
        if (!"kryo-session".equals(expected.get("kind"))) return json + " is not a kryo-session description";

        KryoBlob.Read read = KryoBlob.read(blob);
        Map<String, Object> doc = KryoBlob.document(name, "", blob, read.header(), KryoBlob.describe(read.entries()));
        @SuppressWarnings("unchecked")
        Map<String, Object> actual = (Map<String, Object>) JsonTree.normalise(doc);
        for (String key : COMPARED) {
            String diff = JsonTree.firstDifference(expected.get(key), actual.get(key));
            if (diff != null) return diff.replaceFirst("^\\$", key);
        }
        if (exact) {
            byte[] original = Files.readAllBytes(corpus.resolve(name + ".bin"));
            if (!Arrays.equals(original, blob)) return "not byte-identical: " + firstByteDifference(original, blob);
        }
        return null;
    }

    private static String firstByteDifference(byte[] expected, byte[] actual) {
        int n = Math.min(expected.length, actual.length);
        for (int i = 0; i < n; i++) {
            if (expected[i] != actual[i]) {
                return String.format("offset %d: %02x, expected %02x", i, actual[i] & 0xff, expected[i] & 0xff);
            }
        }
        return actual.length + " bytes, expected " + expected.length;
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        if (root != e) message += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        return message;
    }
}
