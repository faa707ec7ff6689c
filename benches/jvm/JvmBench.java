import java.io.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.ConcurrentHashMap;

import de.javakaffee.web.msm.MemcachedBackupSession;
import de.javakaffee.web.msm.MemcachedBackupSessionManager;
import de.javakaffee.web.msm.SessionAttributesTranscoder;
import msmcorpus.RealMsm;

/**
 * The JVM side of jsess's benchmarks: on the same msm session blobs, times what a Tomcat node
 * running msm does with the attributes, with msm's own transcoders (msm 716e147, Kryo 4.0.0,
 * kryo-serializers 0.41, built from their sources): {@code JavaSerializationTranscoder} reading
 * and writing the attribute map, {@code KryoTranscoder} (msm's defaults) writing and reading the
 * same map, and a Java → Kryo transcode. Warm-up first, then the median of timed passes over all
 * sessions. Prints the same JSON shape as `jsess bench --json`, and the names of the sessions
 * each side could handle.
 */
public class JvmBench {
    static final int WARMUP_PASSES = 200;
    static final int SAMPLES = 15;
    static final String KRYO_NAME = "kryo-4.0.0";

    static final MemcachedBackupSessionManager MANAGER = RealMsm.manager(RealMsm.PrincipalForm.TC8);
    static final SessionAttributesTranscoder JAVA = RealMsm.transcoder(RealMsm.Format.JAVA, MANAGER);
    static final SessionAttributesTranscoder KRYO = RealMsm.transcoder(RealMsm.Format.KRYO, MANAGER);
    /** The session the transcoders are handed when writing (they write the map they are given). */
    static final MemcachedBackupSession SESSION = RealMsm.newSession(MANAGER);

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.bin")) { ds.forEach(files::add); }
        Collections.sort(files);
        List<String> names = new ArrayList<>();
        List<byte[]> blobs = new ArrayList<>();
        List<byte[]> attributeBytes = new ArrayList<>();
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Path f : files) {
            byte[] blob = Files.readAllBytes(f);
            if (blob.length < 52 || blob[0] != 0 || (blob[1] != 1 && blob[1] != 2)) continue;
            int h = ((blob[2] & 0xFF) << 8) | (blob[3] & 0xFF);
            byte[] attrs = Arrays.copyOfRange(blob, h, blob.length);
            if (attrs.length < 4 || (attrs[0] & 0xFF) != 0xAC) continue;
            try {
                Map<String, Object> map = readAttributes(attrs);
                kryoRead(kryoWrite(map));   // both sides must handle the session to be compared
                names.add(f.getFileName().toString());
                blobs.add(blob);
                attributeBytes.add(attrs);
                maps.add(map);
            } catch (Throwable e) {
                System.err.println("skipped " + f.getFileName() + ": " + e);
            }
        }
        long input = 0;
        for (byte[] b : blobs) input += b.length;
        List<byte[]> kryoBytes = new ArrayList<>();
        long kryoSize = 0, javaSize = 0;
        for (Map<String, Object> m : maps) {
            byte[] k = kryoWrite(m);
            kryoBytes.add(k);
            kryoSize += k.length;
        }
        for (byte[] a : attributeBytes) javaSize += a.length;
        long headers = input - javaSize;

        List<String> results = new ArrayList<>();
        results.add(result("jdk-serialization", "decode", names.size(), input, input, time(() -> {
            long n = 0;
            for (byte[] a : attributeBytes) n += readAttributes(a).size();
            return n;
        })));
        results.add(result("jdk-serialization", "encode", names.size(), input, input, time(() -> {
            long n = 0;
            for (Map<String, Object> m : maps) n += writeAttributes(m).length;
            return n;
        })));
        results.add(result(KRYO_NAME, "decode", names.size(), input, kryoSize + headers, time(() -> {
            long n = 0;
            for (byte[] k : kryoBytes) n += kryoRead(k).size();
            return n;
        })));
        results.add(result(KRYO_NAME, "encode", names.size(), input, kryoSize + headers, time(() -> {
            long n = 0;
            for (Map<String, Object> m : maps) n += kryoWrite(m).length;
            return n;
        })));
        results.add(result(KRYO_NAME, "transcode", names.size(), input, kryoSize + headers, time(() -> {
            long n = 0;
            for (byte[] a : attributeBytes) n += kryoWrite(readAttributes(a)).length;
            return n;
        })));
        // Session by session (each timed alone in every pass), for per-session ratios.
        long[] jdkDecode = perSession(attributeBytes.size(), i -> readAttributes(attributeBytes.get(i)).size());
        long[] jdkEncode = perSession(maps.size(), i -> writeAttributes(maps.get(i)).length);
        long[] kryoDecode = perSession(kryoBytes.size(), i -> kryoRead(kryoBytes.get(i)).size());
        long[] kryoEncode = perSession(maps.size(), i -> kryoWrite(maps.get(i)).length);
        List<String> perSession = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            perSession.add(sessionRow("jdk-serialization", names.get(i), jdkDecode[i], jdkEncode[i]));
            perSession.add(sessionRow(KRYO_NAME, names.get(i), kryoDecode[i], kryoEncode[i]));
        }
        StringBuilder out = new StringBuilder("{\"sessions\": [");
        for (int i = 0; i < names.size(); i++) out.append(i == 0 ? "" : ", ").append('"').append(names.get(i)).append('"');
        // Per session: the msm blob as it would be with Kryo attributes (same header).
        out.append("],\n \"kryo_sizes\": {");
        for (int i = 0; i < names.size(); i++) {
            long size = blobs.get(i).length - attributeBytes.get(i).length + kryoBytes.get(i).length;
            out.append(i == 0 ? "" : ", ").append('"').append(names.get(i)).append("\": ").append(size);
        }
        out.append("},\n \"results\": [\n  ").append(String.join(",\n  ", results)).append("\n],\n");
        out.append(" \"per_session\": [\n  ").append(String.join(",\n  ", perSession)).append("\n]}");
        System.out.println(out);
    }

    /** msm's JavaSerializationTranscoder.deserializeAttributes: the count, then name/value pairs. */
    static Map<String, Object> readAttributes(byte[] bytes) {
        return JAVA.deserializeAttributes(bytes);
    }

    /** msm's JavaSerializationTranscoder.serializeAttributes. */
    static byte[] writeAttributes(Map<String, Object> map) {
        return JAVA.serializeAttributes(SESSION, asConcurrent(map));
    }

    /** msm's KryoTranscoder.serializeAttributes (Kryo 4.0.0 as msm configures it). */
    static byte[] kryoWrite(Map<String, Object> map) {
        return KRYO.serializeAttributes(SESSION, asConcurrent(map));
    }

    /** msm's KryoTranscoder.deserializeAttributes. */
    static Map<String, Object> kryoRead(byte[] bytes) {
        return KRYO.deserializeAttributes(bytes);
    }

    /** The transcoders return ConcurrentHashMaps; the cast is free for those. */
    static ConcurrentHashMap<String, Object> asConcurrent(Map<String, Object> map) {
        return map instanceof ConcurrentHashMap<String, Object> c ? c : new ConcurrentHashMap<>(map);
    }

    interface Pass { long run() throws Exception; }
    interface One { long run(int i) throws Exception; }

    /** Each of `n` sessions' median time in nanoseconds, each timed alone in every pass. */
    static long[] perSession(int n, One one) throws Exception {
        long sink = 0;
        for (int w = 0; w < WARMUP_PASSES; w++) for (int i = 0; i < n; i++) sink += one.run(i);
        long[][] samples = new long[n][SAMPLES];
        for (int s = 0; s < SAMPLES; s++) {
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                sink += one.run(i);
                samples[i][s] = System.nanoTime() - t;
            }
        }
        if (sink == 42) System.err.print("");
        long[] medians = new long[n];
        for (int i = 0; i < n; i++) {
            Arrays.sort(samples[i]);
            medians[i] = samples[i][SAMPLES / 2];
        }
        return medians;
    }

    static String sessionRow(String format, String file, long decode, long encode) {
        return String.format(Locale.ROOT,
            "{\"format\": \"%s\", \"file\": \"%s\", \"decode_ns\": %d, \"encode_ns\": %d}",
            format, file, decode, encode);
    }

    /** Median, fastest and slowest pass in nanoseconds, after a warm-up. */
    static long[] time(Pass pass) throws Exception {
        long sink = 0;
        for (int i = 0; i < WARMUP_PASSES; i++) sink += pass.run();
        long[] samples = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long t = System.nanoTime();
            sink += pass.run();
            samples[i] = System.nanoTime() - t;
        }
        if (sink == 42) System.err.print("");
        Arrays.sort(samples);
        return new long[] {samples[SAMPLES / 2], samples[0], samples[SAMPLES - 1]};
    }

    static String result(String format, String op, int files, long input, long output, long[] t) {
        double seconds = Math.max(t[0], 1) / 1e9;
        return String.format(Locale.ROOT,
            "{\"format\": \"%s\", \"operation\": \"%s\", \"files\": %d, \"input_bytes\": %d, \"output_bytes\": %d, "
                + "\"median_ns\": %d, \"min_ns\": %d, \"max_ns\": %d, \"mb_per_s\": %.1f, \"sessions_per_s\": %.1f}",
            format, op, files, input, output, t[0], t[1], t[2], input / 1e6 / seconds, files / seconds);
    }
}
