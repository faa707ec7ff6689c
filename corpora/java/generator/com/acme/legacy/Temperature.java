package com.acme.legacy;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamField;
import java.io.Serializable;
import java.util.List;

import corpus.Annotated;
import corpus.SerialFields;

/**
 * Serial form declared with {@code serialPersistentFields} (deliberately not in sorted order) and
 * written with {@code putFields()} / {@code writeFields()}; none of them is a real field.
 */
public class Temperature implements Serializable, SerialFields, Annotated {
    private static final long serialVersionUID = 1L;

    private static final ObjectStreamField[] serialPersistentFields = {
        new ObjectStreamField("unit", String.class),
        new ObjectStreamField("tenths", int.class),
        new ObjectStreamField("sensor", String.class),
        new ObjectStreamField("calibrated", boolean.class),
    };

    private transient double celsius;
    private transient String sensorId;
    private transient boolean calibrated;

    public Temperature(double celsius, String sensorId, boolean calibrated) {
        this.celsius = celsius;
        this.sensorId = sensorId;
        this.calibrated = calibrated;
    }

    private int tenths() {
        return (int) Math.round(celsius * 10);
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        ObjectOutputStream.PutField f = out.putFields();
        f.put("unit", "C");
        f.put("tenths", tenths());
        f.put("sensor", sensorId);
        f.put("calibrated", calibrated);
        out.writeFields();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        ObjectInputStream.GetField f = in.readFields();
        celsius = f.get("tenths", 0) / 10.0;
        sensorId = (String) f.get("sensor", null);
        calibrated = f.get("calibrated", false);
    }

    @Override
    public Object serialFieldValue(Class<?> declaringClass, String name) {
        return switch (name) {
            case "unit" -> "C";
            case "tenths" -> tenths();
            case "sensor" -> sensorId;
            case "calibrated" -> calibrated;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** writeObject writes only the fields. */
    @Override
    public List<Object> serialAnnotation(Class<?> declaringClass) {
        return List.of();
    }
}
