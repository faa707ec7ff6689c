package corpus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.WriteAbortedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import corpus.Describer.Data;
import corpus.Describer.Failure;
import corpus.Describer.Item;
import corpus.Describer.Obj;

/**
 * Writes every corpus case: {@code <case>.ser} (the stream) and {@code <case>.json} (what
 * {@code ObjectInputStream} read back from it, see DESCRIPTION.md).
 *
 * <p>Usage: {@code java corpus.Generator <output-dir>}. Exit status 0 on success, 1 when a case
 * fails, {@value #EXIT_RETRY} when this JVM's {@code Set.of}/{@code Map.of} iteration order is not
 * the one the corpus is pinned to (run it again; see {@link #immutableOrderPinned()}).
 */
public final class Generator {
    static final int EXIT_RETRY = 75;
    private static final int MIN_CASES = 55;

    /** One corpus case: its file name, a one-line note and how to build its stream. */
    public record Case(String name, String note, Builder builder) {}

    @FunctionalInterface
    public interface Builder {
        void build(Plan plan) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: corpus.Generator <output-dir>");
            System.exit(2);
        }
        if (!immutableOrderPinned()) System.exit(EXIT_RETRY); // generate.sh retries quietly
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        List<Case> cases = Cases.all();
        Set<String> names = new HashSet<>();
        for (Case c : cases) {
            if (!c.name().matches("[a-z0-9]+(_[a-z0-9]+)*") || !names.add(c.name())) {
                throw new IllegalStateException("bad or duplicate case name: " + c.name());
            }
        }
        if (cases.size() < MIN_CASES) throw new IllegalStateException("only " + cases.size() + " cases");
        for (Case c : cases) {
            try {
                run(c, dir);
            } catch (Throwable t) {
                System.err.println("case " + c.name() + " failed: " + t);
                t.printStackTrace();
                System.exit(1);
            }
        }
        System.out.println("wrote " + cases.size() + " cases to " + dir);
    }

    /**
     * {@code Set.of} and {@code Map.of} iterate in an order derived from a salt the JVM draws from
     * {@code System.nanoTime()} at startup (ImmutableCollections.SALT32L / REVERSE), but their
     * serial form ({@code CollSer}) lists the elements of a two-element set as (e0, e1) and those
     * of a larger set or map in hash-table slot order, whatever the salt. For the same bytes on
     * every run, and for Java's iteration order to match the stream order (what the description
     * records and what a decoder sees), the corpus only accepts a JVM where the set and map of the
     * {@code immutable_collections} case iterate in the order they are written; generate.sh
     * starts another JVM otherwise. About one JVM in eight qualifies.
     */
    static boolean immutableOrderPinned() throws IOException {
        return iteratesInStreamOrder(Set.of("a", "b"), List.of("a", "b"))
                && iteratesInStreamOrder(Map.of("k", 1, "j", 2), List.of("j", "k"));
    }

    /**
     * True when {@code value} (a set of strings, or a map with string keys) iterates as
     * {@code expected} and its serialized form holds those strings in the same order.
     */
    private static boolean iteratesInStreamOrder(Object value, List<String> expected) throws IOException {
        Iterable<?> keys = value instanceof Map<?, ?> m ? m.keySet() : (Iterable<?>) value;
        if (!expected.equals(List.copyOf((java.util.Collection<?>) keys))) return false;
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bos)) {
            out.writeObject(value);
        }
        String stream = bos.toString(StandardCharsets.ISO_8859_1);
        int last = -1;
        for (String key : expected) {
            // TC_STRING, u16 length, bytes (the keys are short ASCII strings)
            int at = stream.indexOf("t\0" + (char) key.length() + key);
            if (at <= last) return false;
            last = at;
        }
        return true;
    }

    private static void run(Case c, Path dir) throws Exception {
        Plan plan = new Plan();
        c.builder().build(plan);

        // Write, collecting the original items for the order/identity cross-check.
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ObjectOutputStream out = new ObjectOutputStream(bos);
        List<Item> originals = new ArrayList<>();
        String error = null;
        for (Plan.Op op : plan.ops) {
            if (error != null) throw new IllegalStateException("operations after an unsupported object");
            if (op instanceof Plan.WriteObject w) {
                out.writeObject(w.value());
                originals.add(new Obj(w.value()));
            } else if (op instanceof Plan.WriteData d) {
                d.writer().write(out);
                addData(originals, d.bytes());
            } else if (op instanceof Plan.Reset) {
                out.reset();
                originals.add(new Describer.Reset());
            } else if (op instanceof Plan.Protocol p) {
                out.useProtocolVersion(p.version());
            } else if (op instanceof Plan.NotSerializable n) {
                try {
                    out.writeObject(n.value());
                    throw new IllegalStateException("expected NotSerializableException");
                } catch (NotSerializableException e) {
                    // The writer cleared its handles before and after writing the exception.
                    originals.add(new Describer.Reset());
                    originals.add(new Failure(e));
                    originals.add(new Describer.Reset());
                }
            } else if (op instanceof Plan.Unsupported u) {
                out.writeObject(u.value());
                error = u.error();
            }
        }
        out.close();
        byte[] bytes = bos.toByteArray();

        // Read back following the same plan.
        ByteArrayInputStream bis = new ByteArrayInputStream(bytes);
        RecordingInputStream in = new RecordingInputStream(bis);
        List<Item> read = new ArrayList<>();
        int pending = 0;
        for (Plan.Op op : plan.ops) {
            if (op instanceof Plan.WriteData d) {
                pending += d.bytes().length;
                continue;
            }
            pending = readData(in, pending, read);
            if (op instanceof Plan.WriteObject) {
                read.add(new Obj(in.readObject()));
            } else if (op instanceof Plan.Reset) {
                read.add(new Describer.Reset());
            } else if (op instanceof Plan.NotSerializable) {
                try {
                    Object o = in.readObject();
                    throw new IllegalStateException("expected WriteAbortedException, read " + o);
                } catch (WriteAbortedException e) {
                    read.add(new Failure(e.getCause())); // the exception the writer caught
                }
            } else if (op instanceof Plan.Unsupported) {
                in.readObject(); // read for its class descriptors; not part of the contents
            }
        }
        readData(in, pending, read);
        if (bis.available() != 0) throw new IllegalStateException(bis.available() + " bytes left unread");

        List<Object> contents = Describer.contents(read, false);
        String readText = Json.compact(contents);
        String originalText = Json.compact(Describer.contents(originals, true));
        if (!readText.equals(originalText)) {
            throw new IllegalStateException("read-back contents differ from the originals:\n  read:     "
                    + abbreviate(readText) + "\n  original: " + abbreviate(originalText));
        }

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("case", c.name());
        doc.put("note", c.note());
        doc.put("bytes", bytes.length);
        doc.put("error", error);
        doc.put("classes", in.classes);
        doc.put("contents", contents);
        Files.write(dir.resolve(c.name() + ".ser"), bytes);
        Files.writeString(dir.resolve(c.name() + ".json"), Json.pretty(doc), StandardCharsets.US_ASCII);
    }

    private static void addData(List<Item> items, byte[] bytes) {
        if (!items.isEmpty() && items.get(items.size() - 1) instanceof Data prev) {
            byte[] both = new byte[prev.bytes().length + bytes.length];
            System.arraycopy(prev.bytes(), 0, both, 0, prev.bytes().length);
            System.arraycopy(bytes, 0, both, prev.bytes().length, bytes.length);
            items.set(items.size() - 1, new Data(both));
        } else {
            items.add(new Data(bytes));
        }
    }

    private static int readData(ObjectInputStream in, int pending, List<Item> read) throws IOException {
        if (pending > 0) {
            byte[] b = new byte[pending];
            in.readFully(b);
            read.add(new Data(b));
        }
        return 0;
    }

    private static String abbreviate(String s) {
        return s.length() <= 4000 ? s : s.substring(0, 4000) + "...";
    }
}
