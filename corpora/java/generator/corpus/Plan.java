package corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * The top-level operations of one stream, replayed twice: once on an {@code ObjectOutputStream}
 * to write it, once on an {@code ObjectInputStream} to read it back the same way.
 */
public final class Plan {
    sealed interface Op permits WriteObject, WriteData, Reset, Protocol, NotSerializable, Unsupported {}

    /** {@code writeObject(value)}; read with {@code readObject()}. */
    record WriteObject(Object value) implements Op {}

    /** Top-level primitive data; read with {@code readFully} (consecutive ones as one run). */
    record WriteData(DataWriter writer, byte[] bytes) implements Op {}

    /** {@code reset()}; nothing to read ({@code TC_RESET} is consumed by the next read). */
    record Reset() implements Op {}

    /** {@code useProtocolVersion(version)}; nothing to read. */
    record Protocol(int version) implements Op {}

    /**
     * {@code writeObject(value)} that fails with {@code NotSerializableException}, leaving a
     * {@code TC_EXCEPTION}; reading it throws {@code WriteAbortedException}.
     */
    record NotSerializable(Object value) implements Op {}

    /**
     * {@code writeObject(value)} where the description stops with {@code error}: Java reads it
     * (so its class descriptors are recorded) but it and anything after it are not contents.
     */
    record Unsupported(Object value, String error) implements Op {}

    final List<Op> ops = new ArrayList<>();

    public Plan object(Object value) {
        ops.add(new WriteObject(value));
        return this;
    }

    public Plan objects(Object... values) {
        for (Object v : values) object(v);
        return this;
    }

    public Plan data(DataWriter writer) {
        ops.add(new WriteData(writer, Annotated.bytes(writer)));
        return this;
    }

    public Plan reset() {
        ops.add(new Reset());
        return this;
    }

    public Plan protocol(int version) {
        ops.add(new Protocol(version));
        return this;
    }

    public Plan notSerializable(Object value) {
        ops.add(new NotSerializable(value));
        return this;
    }

    public Plan unsupported(Object value, String error) {
        ops.add(new Unsupported(value, error));
        return this;
    }
}
