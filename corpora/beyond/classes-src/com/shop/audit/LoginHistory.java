package com.shop.audit;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import corpus.Annotated;

/**
 * Its addresses are a transient field that writeObject writes after the fields itself: a count
 * (-1 for none), then each address with writeUTF.
 */
public class LoginHistory implements Serializable, Annotated {
    private static final long serialVersionUID = 1L;

    private final String user;
    private transient List<String> addresses;

    public LoginHistory(String user, List<String> addresses) {
        this.user = user;
        this.addresses = addresses;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        writeAddresses(out);
    }

    private void writeAddresses(java.io.DataOutput out) throws IOException {
        if (addresses == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(addresses.size());
        for (String a : addresses) out.writeUTF(a);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        int n = in.readInt();
        if (n < 0) return;
        addresses = new ArrayList<>(n);
        for (int i = 0; i < n; i++) addresses.add(in.readUTF());
    }

    @Override
    public List<Object> serialAnnotation(Class<?> declaringClass) {
        return List.of(Annotated.bytes(this::writeAddresses));
    }
}
