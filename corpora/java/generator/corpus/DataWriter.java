package corpus;

import java.io.DataOutput;
import java.io.IOException;

/** Writes primitive data ({@code writeInt}, {@code writeUTF}, raw bytes, ...). */
@FunctionalInterface
public interface DataWriter {
    void write(DataOutput out) throws IOException;
}
