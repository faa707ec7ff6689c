package com.shop.prefs;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.util.List;

import corpus.Annotated;

/** Externalizable: writeExternal writes the three fields as primitive data. */
public class UserPreferences implements Externalizable, Annotated {
    private static final long serialVersionUID = 1L;

    private String theme;
    private int pageSize;
    private boolean newsletter;

    public UserPreferences() {
    }

    public UserPreferences(String theme, int pageSize, boolean newsletter) {
        this.theme = theme;
        this.pageSize = pageSize;
        this.newsletter = newsletter;
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        out.writeUTF(theme);
        out.writeInt(pageSize);
        out.writeBoolean(newsletter);
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
        theme = in.readUTF();
        pageSize = in.readInt();
        newsletter = in.readBoolean();
    }

    @Override
    public List<Object> serialAnnotation(Class<?> declaringClass) {
        return List.of(Annotated.bytes(out -> {
            out.writeUTF(theme);
            out.writeInt(pageSize);
            out.writeBoolean(newsletter);
        }));
    }
}
