package msmcorpus;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.WriteAbortedException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import corpus.DescriberAccess;
import corpus.Json;

/**
 * The JDK reads msm-java blobs another writer (jsess) made, as msm reads them, and describes
 * what it read with the corpus describer, one JSON line per blob (corpora/readback/README.md).
 *
 * <p>Usage: {@code java msmcorpus.JavaReadback DIR}. For every {@code DIR/<label>.bin}, in name
 * order: the header as msm's {@code deserializeSessionFields} reads it ({@link Envelope#parse},
 * the {@code session} object of corpora/msm/DESCRIPTION.md), then the attributes as msm's
 * {@code JavaSerializationTranscoder.deserializeAttributes} reads them: one
 * {@code ObjectInputStream} over the bytes after the header, an {@code Integer} count, then that
 * many name/value pairs. A label ending in {@code .extended} is described with the extended rules
 * of corpora/beyond/DESCRIPTION.md, any other with the rules of corpora/java/DESCRIPTION.md.
 *
 * <p>{@code DIR/classes.txt}, when present, names one class per line: for each, a line says
 * whether this JVM (with the same classpath) has it and whether it is {@code Serializable}.
 */
public final class JavaReadback {
    private JavaReadback() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: msmcorpus.JavaReadback DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        List<Path> blobs;
        try (Stream<Path> files = Files.list(dir)) {
            blobs = files.filter(p -> p.getFileName().toString().endsWith(".bin")).sorted().toList();
        }
        for (Path p : blobs) {
            String file = p.getFileName().toString();
            String label = file.substring(0, file.length() - ".bin".length());
            out.println(Json.compact(readBlob(label, Files.readAllBytes(p), label.endsWith(".extended"))));
        }
        Path classes = dir.resolve("classes.txt");
        if (Files.exists(classes)) {
            for (String name : Files.readAllLines(classes, StandardCharsets.UTF_8)) {
                if (!name.isBlank()) out.println(Json.compact(classLine(name.strip())));
            }
        }
        out.flush();
    }

    // ---------------------------------------------------------------------------- one blob

    /**
     * {@code {"file", "session", "session_error", "attributes", "attributes_error", "trailing",
     * "error"}}: {@code error} when the attributes cannot be read at all (the exception chain);
     * {@code attributes_error} as in corpora/msm/DESCRIPTION.md when a value is a
     * {@code TC_EXCEPTION} (msm itself then fails to load the session).
     */
    static Map<String, Object> readBlob(String label, byte[] blob, boolean extended) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", label);
        m.put("session", null);
        m.put("session_error", null);
        m.put("attributes", null);
        m.put("attributes_error", null);
        m.put("trailing", null);
        m.put("error", null);
        Envelope.Parsed parsed;
        try {
            parsed = Envelope.parse(blob);
        } catch (RuntimeException e) {
            m.put("error", "header: " + chain(e));
            return m;
        }
        try {
            m.put("session", sessionFields(parsed));
        } catch (Exception | LinkageError e) {
            m.put("session_error", chain(e));
        }
        try {
            readAttributes(parsed.attributes(), extended, m);
        } catch (Exception | LinkageError e) {
            m.put("attributes", null);
            m.put("attributes_error", null);
            m.put("error", chain(e));
        }
        return m;
    }

    /**
     * The {@code session} object of corpora/msm/DESCRIPTION.md. The principal form is taken from
     * the principal blobs themselves (byte 4: 0x73 for tc8, 0x77/0x7A for tc7).
     */
    private static Map<String, Object> sessionFields(Envelope.Parsed parsed) throws Exception {
        byte[] principal = parsed.principal() != null ? parsed.principal() : parsed.savedPrincipal();
        Envelope.PrincipalForm form = principal != null && principal.length > 4
                && (principal[4] == 0x77 || principal[4] == 0x7a) ? Envelope.PrincipalForm.TC7
                        : Envelope.PrincipalForm.TC8;
        return Generator.sessionFields(parsed, form);
    }

    /** The attribute pairs msm reads, described; past a TC_EXCEPTION, what the stream still holds. */
    private static void readAttributes(byte[] bytes, boolean extended, Map<String, Object> m)
            throws IOException, ClassNotFoundException {
        ByteArrayInputStream bis = new ByteArrayInputStream(bytes);
        ObjectInputStream in = new ObjectInputStream(bis);
        Object countObject = in.readObject();
        if (!(countObject instanceof Integer count)) {
            throw new IllegalStateException("attribute count is " + describeClass(countObject));
        }
        List<String> names = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        String abortedName = null;
        Throwable aborted = null;
        List<Object> rest = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Object name = in.readObject();
            if (!(name instanceof String s)) throw new IllegalStateException("attribute name is " + describeClass(name));
            Object value;
            try {
                value = in.readObject();
            } catch (WriteAbortedException e) {
                // msm fails here (it cannot load the session); read on like corpora/msm does.
                abortedName = s;
                aborted = e.getCause();
                while (bis.available() > 0) rest.add(in.readObject());
                break;
            }
            names.add(s);
            values.add(value);
        }
        m.put("trailing", bis.available());

        List<Object> all = new ArrayList<>(values);
        all.addAll(rest);
        List<Object> described = describe(all, extended);
        List<Object> attributes = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Object value = values.get(i);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", text(names.get(i)));
            a.put("class", runtimeClass(value));
            a.put("stream_class", streamClass(value));
            a.put("value", described.get(i));
            attributes.add(a);
        }
        m.put("attributes", attributes);
        if (aborted != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("name", text(abortedName));
            Map<String, Object> ex = new LinkedHashMap<>();
            ex.put("class", aborted.getClass().getName());
            ex.put("message", aborted.getMessage());
            error.put("exception", ex);
            error.put("rest", new ArrayList<>(described.subList(names.size(), described.size())));
            m.put("attributes_error", error);
        }
    }

    /**
     * The values in one identity scope. When that fails (a value whose methods throw), each value
     * alone, and one that cannot be described is {@code {"broken": "<exception>"}} (as
     * corpora/beyond's generator does).
     */
    private static List<Object> describe(List<Object> values, boolean extended) {
        try {
            return scope(values, extended);
        } catch (RuntimeException e) {
            List<Object> out = new ArrayList<>();
            for (Object v : values) {
                try {
                    out.add(scope(List.of(v), extended).get(0));
                } catch (RuntimeException x) {
                    out.add(Map.of("broken", chain(x)));
                }
            }
            return out;
        }
    }

    private static List<Object> scope(List<Object> values, boolean extended) {
        DescriberAccess.Items items = new DescriberAccess.Items();
        for (Object v : values) items.object(v);
        return extended ? DescriberAccess.contentsExtended(items) : DescriberAccess.contents(items, false);
    }

    /** {@code getClass().getName()}; a JDK proxy is {@code java.lang.reflect.Proxy}. */
    private static String runtimeClass(Object value) {
        if (value == null) return null;
        if (Proxy.isProxyClass(value.getClass())) return Proxy.class.getName();
        return value.getClass().getName();
    }

    /** The class the value's top-level record names in a Java stream (corpora/msm's {@code class}). */
    private static String streamClass(Object value) {
        if (value == null) return null;
        try {
            return Descriptions.streamClass(value);
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    private static String describeClass(Object o) {
        return o == null ? "null" : "a " + o.getClass().getName();
    }

    // ---------------------------------------------------------------------------- classes

    /** {@code {"class", "exists", "serializable"}} for one class name. */
    private static Map<String, Object> classLine(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", name);
        Class<?> c = null;
        try {
            c = Class.forName(name, false, JavaReadback.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // not on the classpath
        }
        m.put("exists", c != null);
        m.put("serializable", c != null && Serializable.class.isAssignableFrom(c));
        return m;
    }

    // ---------------------------------------------------------------------------- text

    /** A string for the JSON output: lone surrogates (which JSON text cannot hold) become U+FFFD. */
    private static String text(String s) {
        if (!Json.hasUnpairedSurrogate(s)) return s;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else {
                b.append(Character.isSurrogate(c) ? '\ufffd' : c);
            }
        }
        return b.toString();
    }

    /** The exception chain, {@code class: message <- cause ...}. */
    static String chain(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (sb.length() > 0) sb.append(" <- ");
            String message = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
            sb.append(t.getClass().getName()).append(message.isEmpty() ? "" : ": " + message);
        }
        return text(sb.toString());
    }
}
