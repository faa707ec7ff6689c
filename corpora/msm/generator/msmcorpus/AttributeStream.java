package msmcorpus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.WriteAbortedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import corpus.DescriberAccess;

/**
 * The attribute part of a blob as msm's {@code JavaSerializationTranscoder} writes it
 * (msm-format.md §3.1), and its read-back with a plain {@code ObjectInputStream}.
 */
final class AttributeStream {
    /** What msm writes in place of a value whose serialization failed half-way. */
    static final String NOT_SERIALIZED = "___NOT_SERIALIZABLE_EXCEPTION___";

    /** One top-level write, in stream order. */
    sealed interface Step permits Count, Name, Value, Aborted, Marker {}

    record Count(Integer count) implements Step {}

    record Name(String name) implements Step {}

    record Value(String name, Object value) implements Step {}

    /** writeObject(value) threw NotSerializableException; the stream holds a TC_EXCEPTION. */
    record Aborted(String name, NotSerializableException thrown) implements Step {}

    /** The NOT_SERIALIZED string msm writes after an aborted value. */
    record Marker() implements Step {}

    record Written(byte[] bytes, List<Step> steps) {}

    private AttributeStream() {}

    /** {@code serializeAttributes} + {@code writeAttributes}, step by step. */
    static Written write(BackupSession session) throws IOException {
        Map<String, Object> attributes = session.attributeMap();
        // Like msm: a snapshot of the keys, then a lookup per key.
        String[] keys = attributes.keySet().toArray(new String[0]);
        List<String> saveNames = new ArrayList<>();
        List<Object> saveValues = new ArrayList<>();
        for (String key : keys) {
            Object value = attributes.get(key);
            if (value == null || session.excludes(key, value)) continue;
            // A value that is not Serializable at the top level is silently left out.
            if (value instanceof Serializable) {
                saveNames.add(key);
                saveValues.add(value);
            }
        }

        List<Step> steps = new ArrayList<>();
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ObjectOutputStream oos = new ObjectOutputStream(bos);
        Integer count = Integer.valueOf(saveNames.size());
        oos.writeObject(count);
        steps.add(new Count(count));
        for (int i = 0; i < saveNames.size(); i++) {
            oos.writeObject(saveNames.get(i));
            steps.add(new Name(saveNames.get(i)));
            try {
                oos.writeObject(saveValues.get(i));
                steps.add(new Value(saveNames.get(i), saveValues.get(i)));
            } catch (NotSerializableException e) {
                steps.add(new Aborted(saveNames.get(i), e));
                oos.writeObject(NOT_SERIALIZED);
                steps.add(new Marker());
            }
        }
        // msm takes the bytes before closing the stream and never flushes: every top-level
        // writeObject has already drained the stream's buffer.
        byte[] bytes = bos.toByteArray();
        oos.close();
        if (bos.size() != bytes.length) throw new IllegalStateException("close() added bytes");
        return new Written(bytes, steps);
    }

    /**
     * The originals as describer items: what was written, with the handle-table resets the
     * writer makes around a TC_EXCEPTION.
     */
    static DescriberAccess.Items originals(List<Step> steps) {
        DescriberAccess.Items items = new DescriberAccess.Items();
        for (Step step : steps) {
            if (step instanceof Count c) items.object(c.count());
            else if (step instanceof Name n) items.object(n.name());
            else if (step instanceof Value v) items.object(v.value());
            else if (step instanceof Aborted a) items.reset().failure(a.thrown()).reset();
            else items.object(NOT_SERIALIZED);
        }
        return items;
    }

    /**
     * Reads the stream back following the write steps: the Integer count, then name/value pairs
     * (msm's reader), and past a TC_EXCEPTION whatever follows it (msm stops there). Returns the
     * read objects as describer items, one per step.
     */
    static DescriberAccess.Items read(byte[] bytes, List<Step> steps) throws IOException, ClassNotFoundException {
        ByteArrayInputStream bis = new ByteArrayInputStream(bytes);
        ObjectInputStream in = new ObjectInputStream(bis);
        DescriberAccess.Items items = new DescriberAccess.Items();
        int names = 0;
        Integer count = null;
        for (Step step : steps) {
            if (step instanceof Aborted) {
                try {
                    Object o = in.readObject();
                    throw new IllegalStateException("expected WriteAbortedException, read " + o);
                } catch (WriteAbortedException e) {
                    items.failure(e.getCause());
                }
                continue;
            }
            Object o = in.readObject();
            if (step instanceof Count) {
                count = (Integer) o;
            } else if (step instanceof Name) {
                names++;
                if (!(o instanceof String)) throw new IllegalStateException("attribute name is " + o);
            }
            items.object(o);
        }
        if (count == null || count != names) throw new IllegalStateException("count " + count + ", names " + names);
        if (bis.available() != 0) throw new IllegalStateException(bis.available() + " bytes left unread");
        return items;
    }
}
