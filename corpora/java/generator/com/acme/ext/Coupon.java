package com.acme.ext;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import corpus.Annotated;

/** Externalizable: ints, a UTF string, an object, then another int. */
public class Coupon implements Externalizable, Annotated {
    private static final long serialVersionUID = 7L;

    private int version = 2;
    private int percentOff;
    private String code;
    private Date expires;
    private int redemptions;

    public Coupon() {}

    public Coupon(int percentOff, String code, Date expires, int redemptions) {
        this.percentOff = percentOff;
        this.code = code;
        this.expires = expires;
        this.redemptions = redemptions;
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        out.writeInt(version);
        out.writeInt(percentOff);
        out.writeUTF(code);
        out.writeObject(expires);
        out.writeInt(redemptions);
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException, ClassNotFoundException {
        version = in.readInt();
        percentOff = in.readInt();
        code = in.readUTF();
        expires = (Date) in.readObject();
        redemptions = in.readInt();
    }

    @Override
    public List<Object> serialAnnotation(Class<?> declaringClass) {
        return Arrays.asList(Annotated.bytes(out -> {
            out.writeInt(version);
            out.writeInt(percentOff);
            out.writeUTF(code);
        }), expires, Annotated.bytes(out -> out.writeInt(redemptions)));
    }
}
