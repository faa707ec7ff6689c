package corpus;

import java.util.List;

/**
 * Implemented by application classes whose {@code writeObject} (or {@code writeExternal}) writes
 * data of its own after the serializable fields, so a description can list that data.
 */
public interface Annotated {
    /**
     * What {@code declaringClass}'s {@code writeObject} wrote after its fields (for an
     * {@code Externalizable} class: everything {@code writeExternal} wrote), in stream order:
     * a {@code byte[]} for each run of primitive data (consecutive block-data bytes concatenated),
     * any other value (including {@code null}) for each {@code writeObject}. Empty or {@code null}
     * when that class wrote nothing extra.
     */
    List<Object> serialAnnotation(Class<?> declaringClass);

    /** Builds a block-data run the way {@code ObjectOutputStream}'s data methods encode it. */
    static byte[] bytes(DataWriter writer) {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bos)) {
            writer.write(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bos.toByteArray();
    }
}
