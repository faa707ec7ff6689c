package msmcorpus;

import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

import corpus.Json;

/**
 * Makes real XStream read back what another writer (jsess) wrote: every {@code <case>.bin} of
 * a directory is an msm blob with XStream attributes, converted from the Java-serialized blob of
 * the same name in the source directory. XStream must read the XML, and every attribute must
 * equal (Java's {@code equals}, where the class defines it) and describe the same (the rules of
 * corpora/java/DESCRIPTION.md, one identity scope) as what {@code ObjectInputStream} reads from
 * the source. The header must be the source's, field for field.
 *
 * <p>Usage: {@code java msmcorpus.XStreamReadback <dir> <source-dir>}. Prints one line per case
 * and {@code N passed, M failed}; exits 1 when a case failed.
 */
public final class XStreamReadback {
    private XStreamReadback() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: msmcorpus.XStreamReadback <dir> <source-dir>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Path source = Path.of(args[1]);
        List<Path> blobs;
        try (Stream<Path> s = Files.list(dir)) {
            blobs = s.filter(p -> p.toString().endsWith(".bin")).sorted().toList();
        }
        int passed = 0;
        int failed = 0;
        for (Path blob : blobs) {
            String name = blob.getFileName().toString().replaceAll("\\.bin$", "");
            try {
                String note = check(Files.readAllBytes(blob), Files.readAllBytes(source.resolve(name + ".bin")));
                System.out.println("ok   " + name + note);
                passed++;
            } catch (Throwable t) {
                System.out.println("FAIL " + name + ": " + t);
                failed++;
            }
        }
        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 && passed > 0 ? 0 : 1);
    }

    private static String check(byte[] blob, byte[] sourceBlob) throws Exception {
        Envelope.Parsed ours = Envelope.parse(blob);
        Envelope.Parsed java = Envelope.parse(sourceBlob);
        List<Object> header = Arrays.asList(ours.version(), ours.creationTime(), ours.lastAccessedTime(),
                ours.maxInactiveInterval(), ours.isNew(), ours.isValid(), ours.thisAccessedTime(),
                ours.lastBackupTime(), ours.id(), ours.authTypeId());
        List<Object> expected = Arrays.asList(java.version(), java.creationTime(), java.lastAccessedTime(),
                java.maxInactiveInterval(), java.isNew(), java.isValid(), java.thisAccessedTime(),
                java.lastBackupTime(), java.id(), java.authTypeId());
        if (!header.equals(expected)
                || !Arrays.equals(ours.principal(), java.principal())
                || !Arrays.equals(ours.savedRequest(), java.savedRequest())
                || !Arrays.equals(ours.savedPrincipal(), java.savedPrincipal())) {
            throw new IllegalStateException("header differs: " + header + " vs " + expected);
        }

        // The source as msm's Java transcoder reads it: the Integer count, then the pairs.
        Map<String, Object> original = new LinkedHashMap<>();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(java.attributes()))) {
            int n = (Integer) in.readObject();
            for (int i = 0; i < n; i++) {
                String key = (String) in.readObject();
                original.put(key, in.readObject());
            }
        }
        @SuppressWarnings("unchecked")
        ConcurrentMap<String, Object> read = (ConcurrentMap<String, Object>) XStreamValues.permissive()
                .fromXML(new ByteArrayInputStream(ours.attributes()));
        if (!read.keySet().equals(original.keySet())) {
            throw new IllegalStateException("names " + read.keySet() + " vs " + original.keySet());
        }
        List<String> order = new ArrayList<>(original.keySet());
        String a = Json.compact(XStreamValues.describe(order, read));
        String b = Json.compact(XStreamValues.describe(order, original));
        if (!a.equals(b)) {
            throw new IllegalStateException("descriptions differ\n  xstream: " + a + "\n  java:    " + b);
        }
        int compared = 0;
        for (String key : order) {
            Object x = read.get(key);
            Object y = original.get(key);
            if (!definesEquals(y)) continue;
            try {
                if (!Objects.deepEquals(x, y)) throw new IllegalStateException(key + ": not equal: " + x + " vs " + y);
                compared++;
            } catch (StackOverflowError cyclic) {
                // equals() of a collection that contains itself recurses forever; the
                // description above compared it.
            }
        }
        String plain = XStreamValues.plainReadError(ours.attributes());
        return " (" + order.size() + " attributes, " + compared + " compared with equals()"
                + (plain == null ? "" : "; msm's plain XStream refuses it: " + plain) + ")";
    }

    /** Arrays, and classes whose own or inherited equals() is not Object's. */
    private static boolean definesEquals(Object value) throws NoSuchMethodException {
        if (value == null || value.getClass().isArray()) return true;
        Method m = value.getClass().getMethod("equals", Object.class);
        return m.getDeclaringClass() != Object.class;
    }
}
