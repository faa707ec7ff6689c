package kryocorpus;

import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.ObjectMap;

import corpus.DescriberAccess;
import de.javakaffee.web.msm.MemcachedBackupSession;
import de.javakaffee.web.msm.MemcachedBackupSessionManager;
import de.javakaffee.web.msm.serializer.kryo.KryoTranscoder;
import msmcorpus.KryoBridge;
import msmcorpus.RealMsm;

/**
 * An msm-kryo blob as real msm writes it ({@code KryoTranscoder} through {@code TranscoderService}
 * on a real {@code MemcachedBackupSession}), read back as real msm reads it
 * ({@code TranscoderService.deserialize}, fresh transcoder), and described in the JSON shape of
 * DESCRIPTION.md.
 */
final class KryoBlob {
    private KryoBlob() {}

    /** A blob real msm wrote, and the Kryo instance of msm's pool that wrote it. */
    record Written(byte[] blob, byte[] attributes, MemcachedBackupSession session, Kryo kryo) {}

    /**
     * Writes the case with a new KryoTranscoder. The transcoder's pool hands out one Kryo; it is
     * borrowed (and given back) before writing and held here, so the instance that wrote the blob
     * can be asked afterwards which classes it wrote with FieldSerializer.
     */
    static Written write(KryoBridge.Prepared p) {
        KryoTranscoder transcoder = (KryoTranscoder) KryoBridge.transcoder(p, RealMsm.Format.KRYO);
        Kryo kryo = transcoder.getKryoPool().borrow();
        transcoder.getKryoPool().release(kryo);
        KryoBridge.RealBlob real = KryoBridge.writeReal(p, transcoder);
        Kryo after = transcoder.getKryoPool().borrow();
        transcoder.getKryoPool().release(after);
        if (after != kryo) throw new IllegalStateException("msm's Kryo pool handed out another instance");
        byte[] blob = real.blob();
        int headerLength = headerLength(blob);
        return new Written(blob, java.util.Arrays.copyOfRange(blob, headerLength, blob.length), real.session(), kryo);
    }

    static int headerLength(byte[] blob) {
        return ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
    }

    /** One map entry as read, in stream order. */
    record Entry(Object key, Object value) {}

    /** What real msm reads from a blob: the session, and its attributes in stream order. */
    record Read(KryoBridge.Header header, MemcachedBackupSession session, List<Entry> entries) {}

    /**
     * {@code TranscoderService.deserialize(blob, manager)} with a fresh KryoTranscoder (manager of
     * the principal form the blob carries). msm returns the attributes in a ConcurrentHashMap,
     * which iterates in hash order; the order of the stream is taken from a second read of the
     * attribute bytes by the same transcoder's Kryo, whose top-level map lists its puts
     * ({@code readObject(input, ConcurrentHashMap.class)} with a MapSerializer creating that map;
     * it must consume every byte). The values are the ones msm's own read returned.
     */
    static Read read(byte[] blob) throws Exception {
        KryoBridge.Header header = KryoBridge.header(blob);
        MemcachedBackupSessionManager manager = RealMsm.manager(header.form);
        KryoTranscoder transcoder = (KryoTranscoder) RealMsm.transcoder(RealMsm.Format.KRYO, manager);
        MemcachedBackupSession session = RealMsm.deserialize(blob, transcoder, manager);
        List<String> order = streamOrder(transcoder, header.attributes);
        Map<String, Object> values = RealMsm.attributesIn(session, order);
        if (values.size() != order.size()) throw new IllegalStateException("stream holds " + order + ", msm read "
                + values.keySet());
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : values.entrySet()) entries.add(new Entry(e.getKey(), e.getValue()));
        return new Read(header, session, entries);
    }

    private static List<String> streamOrder(KryoTranscoder transcoder, byte[] attributes) {
        Kryo kryo = transcoder.getKryoPool().borrow();
        try {
            Input in = kryo.getStreamFactory().getInput(attributes);
            StreamOrderMap map = (StreamOrderMap) kryo.readObject(in, ConcurrentHashMap.class, new StreamOrderSerializer());
            if (in.position() != attributes.length) {
                throw new IllegalStateException((attributes.length - in.position()) + " bytes after the attribute map");
            }
            List<String> order = new ArrayList<>();
            for (KryoBlob.Entry e : map.entries) {
                if (!(e.key() instanceof String s)) {
                    throw new IllegalStateException("attribute name is a "
                            + (e.key() == null ? "null" : e.key().getClass().getName()) + ", not a String");
                }
                order.add(s);
            }
            return order;
        } finally {
            kryo.reset();
            transcoder.getKryoPool().release(kryo);
        }
    }

    /** A ConcurrentHashMap that lists its puts in order. */
    static final class StreamOrderMap extends ConcurrentHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;

        final transient List<KryoBlob.Entry> entries = new ArrayList<>();

        @Override
        public Object put(Object key, Object value) {
            entries.add(new KryoBlob.Entry(key, value));
            return super.put(key, value);
        }
    }

    @SuppressWarnings("rawtypes")
    private static final class StreamOrderSerializer extends MapSerializer {
        @Override
        protected Map create(Kryo kryo, Input input, Class<Map> type) {
            return new StreamOrderMap();
        }
    }

    // ---------------------------------------------------------------------------- description

    /** {@code attributes} of DESCRIPTION.md: the entries in stream order, one identity scope. */
    static List<Object> describe(List<Entry> entries) {
        DescriberAccess.Items items = new DescriberAccess.Items();
        for (Entry e : entries) items.object(e.key()).object(e.value());
        List<Object> described = DescriberAccess.contents(items, false);
        List<Object> attributes = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", entries.get(i).key());
            a.put("class", attributeClass(entries.get(i).value()));
            a.put("value", described.get(2 * i + 1));
            attributes.add(a);
        }
        return attributes;
    }

    /**
     * The value's class as Java reads it back; a JDK proxy, whose generated class name depends on
     * the JVM run and is not in the stream, is {@code java.lang.reflect.Proxy}.
     */
    static String attributeClass(Object value) {
        if (value == null) return null;
        if (Proxy.isProxyClass(value.getClass())) return Proxy.class.getName();
        return value.getClass().getName();
    }

    /** The whole JSON document of a blob (DESCRIPTION.md). */
    static Map<String, Object> document(String name, String note, byte[] blob, KryoBridge.Header header,
            List<Object> attributes) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("case", name);
        doc.put("note", note);
        doc.put("source", "generated");
        doc.put("bytes", blob.length);
        doc.put("kind", "kryo-session");
        doc.put("session", header.fields);
        doc.put("attributes", attributes);
        doc.put("attributes_error", null);
        return doc;
    }

    // ---------------------------------------------------------------------------- FieldSerializer

    /**
     * The classes {@code kryo} wrote instances of with a FieldSerializer (msm's
     * DefaultFieldSerializerFactory), by name: the registrations its DefaultClassResolver made
     * while writing whose serializer is a FieldSerializer, keeping the classes of objects reachable
     * from the written attributes (a Class value or a proxy's interface is registered too, with no
     * instance written).
     */
    static List<Class<?>> fieldSerialized(Kryo kryo, Map<String, Object> attributes) {
        Set<Class<?>> reachable = reachableClasses(attributes);
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : registeredWithFieldSerializer(kryo)) if (reachable.contains(c)) out.add(c);
        return out;
    }

    /** The classes of every object reachable from {@code root} through fields and array elements. */
    private static Set<Class<?>> reachableClasses(Object root) {
        Set<Class<?>> classes = new java.util.HashSet<>();
        java.util.IdentityHashMap<Object, Boolean> seen = new java.util.IdentityHashMap<>();
        java.util.ArrayDeque<Object> todo = new java.util.ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Object o = todo.poll();
            if (seen.put(o, Boolean.TRUE) != null) continue;
            Class<?> c = o.getClass();
            classes.add(c);
            if (c.isArray()) {
                if (!c.getComponentType().isPrimitive()) {
                    for (Object e : (Object[]) o) if (e != null) todo.add(e);
                }
                continue;
            }
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) continue;
                    try {
                        f.setAccessible(true);
                        Object v = f.get(o);
                        if (v != null) todo.add(v);
                    } catch (RuntimeException | IllegalAccessException e) {
                        // a JDK internal this JVM does not open: nothing Kryo wrote with FieldSerializer
                    }
                }
            }
        }
        return classes;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static List<Class<?>> registeredWithFieldSerializer(Kryo kryo) {
        try {
            Field f = DefaultClassResolver.class.getDeclaredField("classToRegistration");
            f.setAccessible(true);
            ObjectMap<Class, Registration> map = (ObjectMap<Class, Registration>) f.get(kryo.getClassResolver());
            List<Class<?>> out = new ArrayList<>();
            for (ObjectMap.Entry<Class, Registration> e : map.entries()) {
                if (e.value.getSerializer() instanceof FieldSerializer) out.add(e.key);
            }
            out.sort(Comparator.comparing(Class::getName));
            return out;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fields in the order the FieldSerializer writes them, for cases.md. */
    static String layout(Kryo kryo, Class<?> type) {
        List<String> parts = new ArrayList<>();
        for (FieldSerializer.CachedField f : ((FieldSerializer<?>) kryo.getSerializer(type)).getFields()) {
            java.lang.reflect.Field field = f.getField();
            String part = "`" + field.getName() + "`";
            if (field.getDeclaringClass() != type) part += " (" + field.getDeclaringClass().getSimpleName() + ")";
            part += ": " + field.getGenericType().getTypeName();
            if (!field.getType().isPrimitive() && kryo.isFinal(field.getType())) part += " (final)";
            parts.add(part);
        }
        return parts.isEmpty() ? "no fields" : String.join(", ", parts);
    }

    /** Classes the describer describes by value (rules 7 and 10), whatever their fields. */
    private static final Set<Class<?>> BY_VALUE = Set.of(UUID.class, AtomicInteger.class, AtomicLong.class);

    /**
     * The shared describer (corpora/java) lists the fields Java serialization writes. Kryo's
     * FieldSerializer writes every non-static, non-transient field of the class and all its
     * superclasses. For each class Kryo wrote with a FieldSerializer, the two must be the same
     * fields, or the JSON would not say everything the blob holds.
     */
    @SuppressWarnings("rawtypes")
    static void checkDescribable(Kryo kryo, Map<String, Object> attributes) {
        for (Class<?> type : fieldSerialized(kryo, attributes)) {
            if (BY_VALUE.contains(type)) continue;
            Set<String> kryoFields = new TreeSet<>();
            FieldSerializer<?> serializer = (FieldSerializer<?>) kryo.getSerializer(type);
            for (FieldSerializer.CachedField f : serializer.getFields()) {
                kryoFields.add(f.getField().getDeclaringClass().getName() + "." + f.getField().getName());
            }
            Set<String> javaFields = new TreeSet<>();
            for (Class<?> k = type; k != Object.class && k != null; k = k.getSuperclass()) {
                if (!Serializable.class.isAssignableFrom(k)) {
                    throw new IllegalStateException(type.getName() + ": superclass " + k.getName()
                            + " is not Serializable, the describer would leave its fields out");
                }
                if (java.io.Externalizable.class.isAssignableFrom(k) || declares(k, "writeObject")
                        || declares(k, "writeReplace") || hasField(k, "serialPersistentFields")) {
                    throw new IllegalStateException(type.getName() + ": " + k.getName()
                            + " customises Java serialization, the describer would not show Kryo's fields");
                }
                for (ObjectStreamField f : ObjectStreamClass.lookup(k).getFields()) {
                    javaFields.add(k.getName() + "." + f.getName());
                }
            }
            if (!kryoFields.equals(javaFields)) {
                throw new IllegalStateException(type.getName() + ": Kryo writes " + kryoFields
                        + ", the describer lists " + javaFields);
            }
        }
    }

    private static boolean declares(Class<?> k, String name) {
        for (Method m : k.getDeclaredMethods()) {
            if (m.getName().equals(name) && !Modifier.isStatic(m.getModifiers())) return true;
        }
        return false;
    }

    private static boolean hasField(Class<?> k, String name) {
        try {
            k.getDeclaredField(name);
            return true;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }
}
