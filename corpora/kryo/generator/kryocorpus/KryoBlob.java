package kryocorpus;

import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
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
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;

import corpus.DescriberAccess;
import msmcorpus.KryoBridge;

/**
 * The attribute part of an msm-kryo blob: written as msm's {@code KryoTranscoder} writes it,
 * read back as it reads it, and described in the JSON shape of DESCRIPTION.md.
 */
final class KryoBlob {
    private KryoBlob() {}

    /** {@code serializeAttributes}: {@code kryo.writeObject(output, attributes)}, no class tag. */
    static byte[] writeAttributes(MsmKryo kryo, Map<String, Object> attributes) {
        Output out = MsmKryo.output();
        kryo.writeObject(out, attributes);
        kryo.reset();
        return out.toBytes();
    }

    /** One map entry as read, in stream order. */
    record Entry(Object key, Object value) {}

    /**
     * {@code deserializeAttributes}: {@code readObject(input, ConcurrentHashMap.class)} with
     * Kryo's MapSerializer. The only change is the map it creates, a ConcurrentHashMap that
     * also remembers the order its entries were read in: a ConcurrentHashMap iterates in hash
     * order, and the description follows the stream.
     */
    static List<Entry> readAttributes(MsmKryo kryo, byte[] bytes) {
        Input in = new Input(bytes);
        StreamOrderMap map = (StreamOrderMap) kryo.readObject(in, ConcurrentHashMap.class, new StreamOrderSerializer());
        kryo.reset();
        if (in.position() != bytes.length) {
            throw new IllegalStateException((bytes.length - in.position()) + " bytes after the attribute map");
        }
        return map.entries;
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
        for (Entry e : entries) {
            if (!(e.key() instanceof String)) {
                throw new IllegalStateException("attribute name is a "
                        + (e.key() == null ? "null" : e.key().getClass().getName()) + ", not a String");
            }
            items.object(e.key()).object(e.value());
        }
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

    /** Envelope + attributes: the blob msm stores. */
    static byte[] blob(byte[] header, byte[] attributes) {
        byte[] blob = new byte[header.length + attributes.length];
        System.arraycopy(header, 0, blob, 0, header.length);
        System.arraycopy(attributes, 0, blob, header.length, attributes.length);
        return blob;
    }

    // ---------------------------------------------------------------------------- describability

    /** Classes the describer describes by value (rules 7 and 10), whatever their fields. */
    private static final Set<Class<?>> BY_VALUE = Set.of(UUID.class, AtomicInteger.class, AtomicLong.class);

    /**
     * The shared describer (corpora/java) lists the fields Java serialization writes. Kryo's
     * FieldSerializer writes every non-static, non-transient field of the class and all its
     * superclasses. For each class Kryo wrote with a FieldSerializer, the two must be the same
     * fields, or the JSON would not say everything the blob holds.
     */
    @SuppressWarnings("rawtypes")
    static void checkDescribable(MsmKryo kryo) {
        for (Class<?> type : kryo.fieldSerialized) {
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
