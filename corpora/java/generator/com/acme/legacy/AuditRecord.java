package com.acme.legacy;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

import corpus.Annotated;

/** Custom writeObject: default fields, then an int, an object and a long of its own. */
public class AuditRecord implements Serializable, Annotated {
    private static final long serialVersionUID = 1L;

    private final String user;
    private final int level;
    private transient int checksum;
    private transient String comment;
    private transient long timestamp;

    public AuditRecord(String user, int level, int checksum, String comment, long timestamp) {
        this.user = user;
        this.level = level;
        this.checksum = checksum;
        this.comment = comment;
        this.timestamp = timestamp;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeInt(checksum);
        out.writeObject(comment);
        out.writeLong(timestamp);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        checksum = in.readInt();
        comment = (String) in.readObject();
        timestamp = in.readLong();
    }

    @Override
    public List<Object> serialAnnotation(Class<?> declaringClass) {
        if (declaringClass != AuditRecord.class) return null;
        return Arrays.asList(Annotated.bytes(out -> out.writeInt(checksum)), comment,
                Annotated.bytes(out -> out.writeLong(timestamp)));
    }
}
