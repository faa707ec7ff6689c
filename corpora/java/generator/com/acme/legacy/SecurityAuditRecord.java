package com.acme.legacy;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;

import corpus.Annotated;

/** A subclass with a writeObject of its own: each class's annotation follows its own fields. */
public class SecurityAuditRecord extends AuditRecord {
    private static final long serialVersionUID = 1L;

    private final String realm;
    private transient String ipAddress;
    private transient List<String> tags;

    public SecurityAuditRecord(String user, int level, int checksum, String comment, long timestamp,
            String realm, String ipAddress, List<String> tags) {
        super(user, level, checksum, comment, timestamp);
        this.realm = realm;
        this.ipAddress = ipAddress;
        this.tags = tags;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeUTF(ipAddress);
        out.writeObject(tags);
        out.writeObject(null);
    }

    @SuppressWarnings("unchecked")
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        ipAddress = in.readUTF();
        tags = (List<String>) in.readObject();
        in.readObject();
    }

    @Override
    public List<Object> serialAnnotation(Class<?> declaringClass) {
        if (declaringClass != SecurityAuditRecord.class) return super.serialAnnotation(declaringClass);
        List<Object> items = new ArrayList<>();
        items.add(Annotated.bytes(out -> out.writeUTF(ipAddress)));
        items.add(tags);
        items.add(null);
        return items;
    }
}
