package census;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The census of the JDK's serializable classes: enumerates modules java.base and java.sql from
 * jrt:/, describes every Serializable class, asks Kryo 4 (as msm configures it) and XStream 1.4.20
 * how they would write it, and round-trips sample instances through Java serialization, msm's
 * KryoTranscoder and msm's XStreamTranscoder.
 *
 * Usage: census.Census OUTDIR  (writes OUTDIR/census.jsonl and OUTDIR/readback.md)
 */
public final class Census {
    static final String[] MODULES = {"java.base", "java.sql"};

    /** Per-module counts for the summary. */
    static final class Counts {
        int classFiles, loaded, serializable;
        final Map<String, Integer> skipped = new TreeMap<>();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: census.Census OUTDIR");
        Path outDir = Path.of(args[0]);
        // Tomcat, msm (juli -> java.util.logging) and Kryo (minlog) log every transcoder they start and
        // every failure they catch; the failures are recorded in the output instead.
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.OFF);
        for (java.util.logging.Handler h : root.getHandlers()) root.removeHandler(h);
        com.esotericsoftware.minlog.Log.NONE();
        Files.createDirectories(outDir);

        Map<String, Counts> counts = new LinkedHashMap<>();
        TreeMap<String, Map<String, Object>> entries = new TreeMap<>();
        Map<String, Class<?>> classes = new TreeMap<>();
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        ClassLoader loader = ClassLoader.getPlatformClassLoader();
        for (String module : MODULES) {
            Counts n = new Counts();
            counts.put(module, n);
            List<Path> files;
            try (Stream<Path> s = Files.walk(jrt.getPath("/modules", module))) {
                files = s.filter(p -> p.toString().endsWith(".class"))
                        .filter(p -> !p.getFileName().toString().equals("module-info.class"))
                        .sorted().collect(Collectors.toList());
            }
            for (Path p : files) {
                n.classFiles++;
                String rel = jrt.getPath("/modules", module).relativize(p).toString();
                String name = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
                byte[] bytes = Files.readAllBytes(p);
                Class<?> c;
                try {
                    c = Class.forName(name, false, loader);
                } catch (Throwable t) {
                    n.skipped.merge("not loadable: " + t.getClass().getName(), 1, Integer::sum);
                    continue;
                }
                n.loaded++;
                if (!Serializable.class.isAssignableFrom(c)) continue;
                n.serializable++;
                ClassFile cf = new ClassFile(bytes);
                if (!cf.thisClass.equals(name)) throw new IOException(p + " holds " + cf.thisClass);
                Map<String, Object> e = Describe.describe(c, cf);
                if (c.isEnum()) e.put("enum_constants", Describe.enumConstants(cf));
                entries.put(name, e);
                classes.put(name, c);
            }
        }
        // Array classes: every array type a serializable field of a census class is declared with
        // (ObjectStreamClass type strings such as "[Ljava/util/concurrent/ConcurrentHashMap$Segment;"),
        // plus the primitive arrays. Sampled array types are added with the samples below.
        java.util.TreeSet<String> arrayNames = new java.util.TreeSet<>();
        for (String p : new String[] {"[Z", "[B", "[C", "[S", "[I", "[J", "[F", "[D"}) arrayNames.add(p);
        for (Map<String, Object> e : entries.values()) {
            @SuppressWarnings("unchecked")
            List<List<Object>> fields = (List<List<Object>>) e.getOrDefault("fields", List.of());
            for (List<Object> f : fields) {
                String t = (String) f.get(1);
                if (t.startsWith("[")) arrayNames.add(t.replace('/', '.'));
            }
        }
        for (String a : arrayNames) {
            Class<?> c = Class.forName(a, false, loader);
            entries.put(c.getName(), Describe.describe(c, null));
            classes.put(c.getName(), c);
            arrays++;
        }

        Formats formats = new Formats();
        for (Map.Entry<String, Class<?>> e : classes.entrySet()) {
            Map<String, Object> entry = entries.get(e.getKey());
            entry.put("kryo", formats.kryoForm(e.getValue()));
            entry.put("xstream", formats.xstreamForm(e.getValue()));
        }

        // Samples: each one built afresh per format and compared with what the format reads back.
        List<Samples.Sample> samples = Samples.all();
        ReadBack readBack = new ReadBack(formats);
        for (Samples.Sample sample : samples) {
            Object probe = sample.maker.make();
            String attach = sample.attach != null ? sample.attach : probe.getClass().getName();
            if (sample.attach == null && (probe.getClass().isHidden() || probe.getClass().isAnonymousClass())) {
                throw new IllegalStateException(sample.name + ": say which census class a " + probe.getClass() + " belongs to");
            }
            if (sample.attach != null && !isAttachable(probe.getClass(), attach)) {
                throw new IllegalStateException(sample.name + " is a " + probe.getClass().getName() + ", not a " + attach);
            }
            Map<String, Object> entry = entries.get(attach);
            if (entry == null) {
                Class<?> c = Class.forName(attach, false, loader);
                entry = Describe.describe(c, c.isArray() ? null : classFile(jrt, c));
                if (c.isEnum()) entry.put("enum_constants", Describe.enumConstants(classFile(jrt, c)));
                entry.put("kryo", formats.kryoForm(c));
                entry.put("xstream", formats.xstreamForm(c));
                entries.put(attach, entry);
                if (c.isArray()) arrays++;
                else if (Serializable.class.isAssignableFrom(c)) throw new IllegalStateException(attach + " missed by the walk");
                else nonSerializable++;
            }
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) entry.computeIfAbsent("samples", k -> new ArrayList<>());
            list.add(readBack.run(sample, attach));
        }

        StringBuilder jsonl = new StringBuilder();
        for (Map<String, Object> e : entries.values()) jsonl.append(Json.write(e)).append('\n');
        Files.writeString(outDir.resolve("census.jsonl"), jsonl);
        Files.writeString(outDir.resolve("readback.md"), readBack.markdown(counts, arrays, nonSerializable));

        for (Map.Entry<String, Counts> e : counts.entrySet()) {
            Counts n = e.getValue();
            System.err.printf("%s: %d class files, %d loaded, %d serializable, skipped %s%n",
                    e.getKey(), n.classFiles, n.loaded, n.serializable, n.skipped);
        }
        System.err.printf("added: %d array classes, %d sampled classes that are not Serializable%n", arrays, nonSerializable);
        System.err.printf("reflection order differs: %d, reflection hides fields: %d, suid failures: %d%n",
                Describe.reflectionOrderDiffers, Describe.reflectionHidesFields, Describe.suidFailures);
        System.err.println(readBack.summary());
    }

    static int arrays, nonSerializable;

    /** A sample may sit under its own class, a superclass (Proxy, Calendar zones) or SerializedLambda for a lambda. */
    private static boolean isAttachable(Class<?> actual, String attach) {
        if (actual.getName().equals(attach)) return true;
        if (actual.isHidden()) return attach.equals("java.lang.invoke.SerializedLambda");
        if (java.lang.reflect.Proxy.isProxyClass(actual)) return attach.equals("java.lang.reflect.Proxy");
        return false;
    }

    private static ClassFile classFile(FileSystem jrt, Class<?> c) throws IOException {
        Path p = jrt.getPath("/modules", c.getModule().getName(), c.getName().replace('.', '/') + ".class");
        return new ClassFile(Files.readAllBytes(p));
    }
}
