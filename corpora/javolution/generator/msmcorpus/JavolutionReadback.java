package msmcorpus;

import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.WriteAbortedException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.tomcat.util.json.JSONParser;

import corpus.Json;

/**
 * Makes msm's Javolution binding read back what another writer (jsess) wrote: every
 * {@code <case>.bin} of a directory is an msm blob with Javolution attributes, converted from the
 * Java-serialized blob of the same name in the source directory. The header must be the
 * source's, field for field. msm's binding must read the XML, and every attribute must equal
 * (Java's {@code equals}, where the class defines it) and describe the same (the rules of
 * corpora/java/DESCRIPTION.md, one identity scope) as what Javolution itself makes of the
 * source: what {@code ObjectInputStream} reads from it, written with the binding and read back.
 * Javolution loses some values on the way (a Date's time, a BigDecimal's fraction); a writer can
 * only promise what Javolution carries. Where the binding cannot write the source's values at
 * all, the comparison is with what Java read.
 *
 * <p>Two kinds of source cannot be compared in full, and the output says so on the case's line:
 * <ul>
 *   <li>Attributes msm's Java transcoder leaves out of the source (Tomcat's excluded names,
 *       values that are not Serializable) are in a blob written from the live session but not
 *       in the source; such a name is accepted, and its value not compared, only when that rule
 *       would leave it out.</li>
 *   <li>A reduced twin (a {@code .json} beside the blob with {@code "omitted"}) leaves out the
 *       source attributes Javolution cannot write or read back; those are taken out of the
 *       source before comparing, and only those.</li>
 *   <li>A source whose attribute stream holds a {@code TC_EXCEPTION} is one msm cannot load (it
 *       purges the session): there is no session to compare with, and the case is counted as
 *       not checked.</li>
 * </ul>
 *
 * <p>Usage: {@code java msmcorpus.JavolutionReadback <dir> <source-dir>}. Prints one line per
 * case and {@code N passed, M failed}; exits 1 when a case failed or none passed.
 */
public final class JavolutionReadback {
    private JavolutionReadback() {}

    /** A source msm cannot load, so nothing to check the blob against. */
    private static final class NotCheckable extends Exception {
        NotCheckable(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: msmcorpus.JavolutionReadback <dir> <source-dir>");
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
        int unchecked = 0;
        for (Path blob : blobs) {
            String name = blob.getFileName().toString().replaceAll("\\.bin$", "");
            try {
                String note = check(Files.readAllBytes(blob), Files.readAllBytes(source.resolve(name + ".bin")),
                        omitted(dir.resolve(name + ".json")));
                System.out.println("ok   " + name + note);
                passed++;
            } catch (NotCheckable n) {
                System.out.println("skip " + name + ": " + n.getMessage());
                unchecked++;
            } catch (Throwable t) {
                System.out.println("FAIL " + name + ": " + JavolutionTwins.chain(t));
                failed++;
            }
        }
        System.out.println(passed + " passed, " + failed + " failed"
                + (unchecked == 0 ? "" : " (" + unchecked + " not checked: msm cannot load the source)"));
        System.exit(failed == 0 && passed > 0 ? 0 : 1);
    }

    /**
     * The source attributes a reduced twin leaves out, from the {@code "omitted"} of the
     * {@code .json} beside the blob: none when there is no such file or key (any other writer's
     * output, which is checked against the whole source).
     */
    private static List<String> omitted(Path json) throws Exception {
        if (!Files.isRegularFile(json)) return List.of();
        Map<String, Object> doc = new JSONParser(Files.readString(json, StandardCharsets.UTF_8)).parseObject();
        if (!doc.containsKey("omitted")) return List.of();
        List<String> names = new ArrayList<>();
        for (Object n : (List<?>) doc.get("omitted")) names.add((String) n);
        return names;
    }

    private static String check(byte[] blob, byte[] sourceBlob, List<String> omitted) throws Exception {
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

        Map<String, Object> original = readJava(java.attributes());
        for (String name : omitted) {
            // A name the source lacks would say the .json is not this source's twin.
            if (original.remove(name) == null) throw new IllegalStateException("omitted " + name + " is not in the source");
        }
        Map<String, Object> read = JavolutionTwins.fromXml(ours.attributes());

        // Names msm's Java transcoder would have left out of the source.
        BackupSession rules = Generator.newSession(Generator.idFor("readback"));
        List<String> leftOut = new ArrayList<>();
        for (Map.Entry<String, Object> e : read.entrySet()) {
            if (original.containsKey(e.getKey())) continue;
            Object v = e.getValue();
            if (v != null && !(v instanceof Serializable && !rules.excludes(e.getKey(), v))) {
                leftOut.add(e.getKey());
            }
        }
        List<String> readNames = new ArrayList<>(read.keySet());
        readNames.removeAll(leftOut);
        if (!new java.util.HashSet<>(readNames).equals(original.keySet())) {
            throw new IllegalStateException("names " + read.keySet() + " vs " + original.keySet());
        }

        // What Javolution makes of the source: the whole map at once, so values shared between
        // attributes stay shared.
        Map<String, Object> carried;
        String uncarried = null;
        try {
            carried = JavolutionTwins.fromXml(JavolutionTwins.toXml(new ConcurrentHashMap<>(original)));
        } catch (Exception e) {
            carried = original;
            uncarried = JavolutionTwins.chain(e);
        }

        // A second reading of the source: where Javolution's own two readings are not equal()
        // (List.of(x) holds List12's EMPTY sentinel, which comes back as a new Object each
        // time), equals() cannot judge a writer and the descriptions alone do.
        Map<String, Object> again = uncarried != null ? original
                : JavolutionTwins.fromXml(JavolutionTwins.toXml(new ConcurrentHashMap<>(original)));

        List<String> order = new ArrayList<>(original.keySet());
        String a = Json.compact(JavolutionTwins.describe(order, read));
        String b = Json.compact(JavolutionTwins.describe(order, carried));
        if (!a.equals(b)) {
            throw new IllegalStateException("descriptions differ\n  read:     " + a + "\n  expected: " + b);
        }
        int compared = 0;
        List<String> unstable = new ArrayList<>();
        for (String key : order) {
            Object x = read.get(key);
            Object y = carried.get(key);
            if (!definesEquals(y)) continue;
            boolean equal;
            try {
                if (!Objects.deepEquals(y, again.get(key))) {
                    unstable.add(key);
                    continue;
                }
                equal = Objects.deepEquals(x, y);
            } catch (StackOverflowError | RuntimeException notComparable) {
                // equals() of a collection that contains itself recurses forever, and a Locale
                // Javolution left without fields throws; the descriptions above compared both.
                continue;
            }
            if (!equal) throw new IllegalStateException(key + ": not equal: " + x + " vs " + y);
            compared++;
        }
        return " (" + order.size() + " attributes, " + compared + " compared with equals()"
                + (unstable.isEmpty() ? "" : "; not equal() between two of Javolution's own readings: " + unstable)
                + (omitted.isEmpty() ? "" : "; left out as the .json's \"omitted\" says: " + omitted)
                + (leftOut.isEmpty() ? "" : "; not in the source, as msm's Java transcoder leaves them out: " + leftOut)
                + (uncarried == null ? "" : "; Javolution cannot write the source, compared with Java's values: "
                        + uncarried)
                + ")";
    }

    /** The source as msm's Java transcoder reads it: the Integer count, then the pairs. */
    private static Map<String, Object> readJava(byte[] attributes) throws Exception {
        Map<String, Object> original = new LinkedHashMap<>();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(attributes))) {
            int n = (Integer) in.readObject();
            for (int i = 0; i < n; i++) {
                String key = (String) in.readObject();
                original.put(key, in.readObject());
            }
        } catch (WriteAbortedException e) {
            throw new NotCheckable("its attribute stream holds a TC_EXCEPTION (" + e.getCause() + ")");
        }
        return original;
    }

    /** Arrays, and classes whose own or inherited equals() is not Object's. */
    private static boolean definesEquals(Object value) throws NoSuchMethodException {
        if (value == null || value.getClass().isArray()) return true;
        Method m = value.getClass().getMethod("equals", Object.class);
        return m.getDeclaringClass() != Object.class;
    }
}
