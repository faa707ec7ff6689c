package census;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.ByteArrayInputStream;
import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The JDK's own view of one class: reflection, the class file, ObjectStreamClass and the bytes Java writes. */
final class Describe {
    private Describe() { }

    /** Counters reported by the README and the summary line. */
    static int reflectionOrderDiffers, reflectionHidesFields, suidFailures;

    private static final Method HAS_WRITE_OBJECT, HAS_READ_OBJECT, HAS_READ_OBJECT_NO_DATA,
            HAS_WRITE_REPLACE, HAS_READ_RESOLVE;

    static {
        try {
            HAS_WRITE_OBJECT = osc("hasWriteObjectMethod");
            HAS_READ_OBJECT = osc("hasReadObjectMethod");
            HAS_READ_OBJECT_NO_DATA = osc("hasReadObjectNoDataMethod");
            HAS_WRITE_REPLACE = osc("hasWriteReplaceMethod");
            HAS_READ_RESOLVE = osc("hasReadResolveMethod");
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Method osc(String name) throws NoSuchMethodException {
        Method m = ObjectStreamClass.class.getDeclaredMethod(name);
        m.setAccessible(true); // needs --add-opens java.base/java.io
        return m;
    }

    static String kind(Class<?> c) {
        if (c.isArray()) return "array";
        if (c.isEnum()) return "enum";
        if (c.isRecord()) return "record";
        if (c.isInterface()) return "interface";
        if (Modifier.isAbstract(c.getModifiers())) return "abstract";
        return "class";
    }

    /**
     * Everything the JDK says about {@code c}. {@code classFile} is null for array classes.
     */
    static Map<String, Object> describe(Class<?> c, ClassFile classFile) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", c.getName());
        Module m = c.getModule();
        if (!c.isArray()) o.put("module", m.getName());
        o.put("kind", kind(c));
        int mod = c.getModifiers();
        if (Modifier.isPublic(mod)) o.put("public", true);
        if (Modifier.isFinal(mod) && !c.isArray()) o.put("final", true);
        if (c.isAnonymousClass()) o.put("anonymous", true);
        if (!c.isArray() && !m.isExported(c.getPackageName())) o.put("internal", true);
        boolean serializable = Serializable.class.isAssignableFrom(c);
        if (!serializable) o.put("serializable", false);

        List<String> supers = new ArrayList<>();
        for (Class<?> s = c.getSuperclass(); s != null; s = s.getSuperclass()) supers.add(s.getName());
        if (!supers.isEmpty()) o.put("super", supers);
        TreeSet<String> ifaces = new TreeSet<>();
        collectInterfaces(c, ifaces);
        if (!ifaces.isEmpty()) o.put("interfaces", new ArrayList<>(ifaces));
        if (classFile != null && classFile.signature != null) o.put("signature", classFile.signature);

        if (serializable) serialForm(c, o);

        if (classFile != null) declaredFields(c, classFile, o);
        return o;
    }

    private static void collectInterfaces(Class<?> c, TreeSet<String> out) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Class<?> i : k.getInterfaces()) {
                if (out.add(i.getName())) collectInterfaces(i, out);
            }
        }
    }

    private static void serialForm(Class<?> c, Map<String, Object> o) {
        ObjectStreamClass d;
        try {
            d = ObjectStreamClass.lookupAny(c);
        } catch (Throwable t) {
            suidFailures++;
            o.put("osc_error", Report.error(t));
            return;
        }
        try {
            long suid = d.getSerialVersionUID();
            o.put("suid", suid);
        } catch (Throwable t) {
            suidFailures++;
            o.put("suid_error", Report.error(t));
        }
        if (declaresStaticField(c, "serialVersionUID")) o.put("suid_declared", true);
        // What ObjectOutputStream writes for the class: TC_CLASS + the class descriptor. Read back the
        // descriptor's flags byte (and its serialVersionUID, which must match the lookup above).
        try {
            byte[] desc = writtenClassDescriptor(c);
            if (desc != null) {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(desc));
                in.readUTF();
                long written = in.readLong();
                int flags = in.readUnsignedByte();
                o.put("flags", flags);
                if (o.containsKey("suid") && written != (Long) o.get("suid")) o.put("suid_written", written);
            } else {
                o.put("proxy_descriptor", true);
            }
        } catch (Throwable t) {
            o.put("flags_error", Report.error(t));
        }
        List<Object> fields = new ArrayList<>();
        for (ObjectStreamField f : d.getFields()) {
            List<Object> e = new ArrayList<>();
            e.add(f.getName());
            e.add(f.isPrimitive() ? String.valueOf(f.getTypeCode()) : f.getTypeString());
            if (f.isUnshared()) e.add("unshared");
            fields.add(e);
        }
        if (!fields.isEmpty()) o.put("fields", fields);
        if (declaresStaticField(c, "serialPersistentFields")) o.put("serial_persistent_fields", true);
        if (Externalizable.class.isAssignableFrom(c)) o.put("externalizable", true);
        try {
            if ((Boolean) HAS_WRITE_OBJECT.invoke(d)) o.put("write_object", true);
            if ((Boolean) HAS_READ_OBJECT.invoke(d)) o.put("read_object", true);
            if ((Boolean) HAS_READ_OBJECT_NO_DATA.invoke(d)) o.put("read_object_no_data", true);
            if ((Boolean) HAS_WRITE_REPLACE.invoke(d)) o.put("write_replace", declaringClass(c, "writeReplace"));
            if ((Boolean) HAS_READ_RESOLVE.invoke(d)) o.put("read_resolve", declaringClass(c, "readResolve"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean declaresStaticField(Class<?> c, String name) {
        try {
            return Modifier.isStatic(c.getDeclaredField(name).getModifiers());
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    /** The class whose no-argument method {@code name} ObjectStreamClass found (searching up from c). */
    private static String declaringClass(Class<?> c, String name) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Method m : k.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 0) return k.getName();
            }
        }
        return "?";
    }

    /**
     * The bytes of the class descriptor ObjectOutputStream writes for a Class object of c, from the
     * class name on (stream header, TC_CLASS and TC_CLASSDESC stripped); null for a proxy descriptor.
     */
    static byte[] writtenClassDescriptor(Class<?> c) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bos)) {
            out.writeObject(c);
        }
        byte[] b = bos.toByteArray();
        // AC ED 00 05, 76 (TC_CLASS), 72 (TC_CLASSDESC) or 7D (TC_PROXYCLASSDESC)
        if ((b[5] & 0xff) == 0x7D) return null;
        if ((b[4] & 0xff) != 0x76 || (b[5] & 0xff) != 0x72) throw new IOException("unexpected stream start");
        byte[] rest = new byte[b.length - 6];
        System.arraycopy(b, 6, rest, 0, rest.length);
        return rest;
    }

    private static void declaredFields(Class<?> c, ClassFile cf, Map<String, Object> o) {
        List<Object> out = new ArrayList<>();
        List<String> fromFile = new ArrayList<>();
        for (ClassFile.FieldInfo f : cf.fields) {
            if (f.isStatic()) continue;
            fromFile.add(f.name);
            List<Object> e = new ArrayList<>();
            e.add(f.name);
            e.add(f.descriptor);
            e.add(modifiers(f.access));
            if (f.signature != null) e.add(f.signature);
            out.add(e);
        }
        List<String> fromReflection = new ArrayList<>();
        for (Field f : c.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) fromReflection.add(f.getName());
        }
        if (!fromReflection.equals(fromFile)) {
            List<String> hidden = new ArrayList<>(fromFile);
            hidden.removeAll(fromReflection);
            List<String> kept = new ArrayList<>(fromFile);
            kept.retainAll(fromReflection);
            if (!hidden.isEmpty()) {
                reflectionHidesFields++;
                o.put("reflection_hides", hidden);
            }
            if (!kept.equals(fromReflection)) {
                reflectionOrderDiffers++;
                o.put("reflection_order", fromReflection);
            }
        }
        if (!out.isEmpty()) o.put("declared", out);
    }

    /** Java-source modifier keywords, space separated, plus "synthetic" and "enum". */
    static String modifiers(int acc) {
        StringBuilder sb = new StringBuilder();
        if ((acc & ClassFile.ACC_PUBLIC) != 0) sb.append("public ");
        if ((acc & ClassFile.ACC_PROTECTED) != 0) sb.append("protected ");
        if ((acc & ClassFile.ACC_PRIVATE) != 0) sb.append("private ");
        if ((acc & ClassFile.ACC_FINAL) != 0) sb.append("final ");
        if ((acc & ClassFile.ACC_TRANSIENT) != 0) sb.append("transient ");
        if ((acc & ClassFile.ACC_VOLATILE) != 0) sb.append("volatile ");
        if ((acc & ClassFile.ACC_SYNTHETIC) != 0) sb.append("synthetic ");
        return sb.toString().trim();
    }

    /** Enum constant names in declaration (= ordinal) order, from the class file's ACC_ENUM fields. */
    static List<String> enumConstants(ClassFile cf) {
        List<String> names = new ArrayList<>();
        for (ClassFile.FieldInfo f : cf.fields) {
            if ((f.access & ClassFile.ACC_ENUM) != 0) names.add(f.name);
        }
        return names;
    }
}
