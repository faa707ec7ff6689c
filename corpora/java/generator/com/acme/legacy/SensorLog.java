package com.acme.legacy;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import corpus.Annotated;

/**
 * Writes 3000 bytes of primitives after its fields (an int count, 374 longs, an int marker),
 * then an object. The writer cuts block data into 1024-byte records, so the 128th long starts at
 * offset 1020 of the first record and straddles into the second.
 */
public class SensorLog implements Serializable, Annotated {
    private static final long serialVersionUID = 1L;
    private static final int MARKER = 0xCAFEBABE;

    private final String sensor;
    private transient long[] readings;
    private transient Date lastReading;

    public SensorLog(String sensor, long[] readings, Date lastReading) {
        this.sensor = sensor;
        this.readings = readings;
        this.lastReading = lastReading;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeInt(readings.length);
        for (long r : readings) out.writeLong(r);
        out.writeInt(MARKER);
        out.writeObject(lastReading);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        readings = new long[in.readInt()];
        for (int i = 0; i < readings.length; i++) readings[i] = in.readLong();
        if (in.readInt() != MARKER) throw new IOException("bad marker");
        lastReading = (Date) in.readObject();
    }

    @Override
    public List<Object> serialAnnotation(Class<?> declaringClass) {
        byte[] data = Annotated.bytes(out -> {
            out.writeInt(readings.length);
            for (long r : readings) out.writeLong(r);
            out.writeInt(MARKER);
        });
        return Arrays.asList(data, lastReading);
    }
}
