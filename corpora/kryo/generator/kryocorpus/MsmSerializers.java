package kryocorpus;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * The kryo-serializers 0.41 serializers msm 2.3.2 installs (kryo-format.md §6), written for the
 * Kryo 2.20 API from the byte layouts of the notes: ArraysAsListSerializer,
 * JdkProxySerializer, UnmodifiableCollectionsSerializer, SynchronizedCollectionsSerializer
 * (registrations 10-25) and EnumMapSerializer (a default serializer, so EnumMap is written by
 * name). Debian packages none of them.
 */
final class MsmSerializers {
    private MsmSerializers() {}

    static Field field(String className, String name) {
        try {
            Field f = Class.forName(className).getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(className + "." + name, e);
        }
    }

    /** {@code varint length}, {@code writeClass(component type)}, each element with its class. */
    static final class ArraysAsListSerializer extends Serializer<List<?>> {
        private static final Field ARRAY = field("java.util.Arrays$ArrayList", "a");

        ArraysAsListSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, List<?> list) {
            MsmKryo.wrote(kryo, Harness.ARRAYS_AS_LIST);
            Object[] array;
            try {
                array = (Object[]) ARRAY.get(list);
            } catch (IllegalAccessException e) {
                throw new KryoException(e);
            }
            output.writeInt(array.length, true);
            kryo.writeClass(output, array.getClass().getComponentType());
            for (Object item : array) kryo.writeClassAndObject(output, item);
        }

        @Override
        public List<?> read(Kryo kryo, Input input, Class<List<?>> type) {
            int length = input.readInt(true);
            Class<?> componentType = kryo.readClass(input).getType();
            if (componentType.isPrimitive()) componentType = Kryo40Serializers.wrapperClass(componentType);
            Object[] items = (Object[]) Array.newInstance(componentType, length);
            for (int i = 0; i < length; i++) items[i] = kryo.readClassAndObject(input);
            return Arrays.asList(items);
        }
    }

    /** The invocation handler with its class, then {@code writeObject(Class[] interfaces)}. */
    static final class JdkProxySerializer extends Serializer<Object> {
        @Override
        public void write(Kryo kryo, Output output, Object proxy) {
            MsmKryo.wrote(kryo, Harness.JDK_PROXY);
            kryo.writeClassAndObject(output, Proxy.getInvocationHandler(proxy));
            kryo.writeObject(output, proxy.getClass().getInterfaces());
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<Object> type) {
            InvocationHandler handler = (InvocationHandler) kryo.readClassAndObject(input);
            Class<?>[] interfaces = kryo.readObject(input, Class[].class);
            return Proxy.newProxyInstance(kryo.getClassLoader(), interfaces, handler);
        }
    }

    /** One JDK wrapper kind: its class, the field holding the wrapped object, its factory. */
    record Wrapper(Class<?> type, Field source, Function<Object, Object> create) {}

    /**
     * {@code varint ordinal} of the wrapper kind (COLLECTION, RANDOM_ACCESS_LIST, LIST, SET,
     * SORTED_SET, MAP, SORTED_MAP), then the wrapped collection or map with its class.
     */
    static final class WrapperSerializer extends Serializer<Object> {
        private final List<Wrapper> kinds;
        private final Harness harness;

        WrapperSerializer(List<Wrapper> kinds, Harness harness) {
            this.kinds = kinds;
            this.harness = harness;
        }

        List<Wrapper> kinds() {
            return kinds;
        }

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            MsmKryo.wrote(kryo, harness);
            for (int ordinal = 0; ordinal < kinds.size(); ordinal++) {
                Wrapper kind = kinds.get(ordinal);
                if (!kind.type().equals(object.getClass())) continue;
                output.writeInt(ordinal, true);
                try {
                    kryo.writeClassAndObject(output, kind.source().get(object));
                } catch (IllegalAccessException e) {
                    throw new KryoException(e);
                }
                return;
            }
            throw new IllegalArgumentException("The type " + object.getClass() + " is not supported.");
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<Object> type) {
            int ordinal = input.readInt(true);
            if (ordinal < 0 || ordinal >= kinds.size()) throw new KryoException("wrapper ordinal " + ordinal);
            Object source = kryo.readClassAndObject(input);
            return kinds.get(ordinal).create().apply(source);
        }
    }

    /** UnmodifiableCollectionsSerializer's seven kinds, in its enum order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static WrapperSerializer unmodifiable() {
        Field c = field("java.util.Collections$UnmodifiableCollection", "c");
        Field m = field("java.util.Collections$UnmodifiableMap", "m");
        return new WrapperSerializer(List.of(
                new Wrapper(Collections.unmodifiableCollection(Arrays.asList("")).getClass(), c,
                        s -> Collections.unmodifiableCollection((Collection) s)),
                new Wrapper(Collections.unmodifiableList(new ArrayList<Void>()).getClass(), c,
                        s -> Collections.unmodifiableList((List) s)),
                new Wrapper(Collections.unmodifiableList(new LinkedList<Void>()).getClass(), c,
                        s -> Collections.unmodifiableList((List) s)),
                new Wrapper(Collections.unmodifiableSet(new HashSet<Void>()).getClass(), c,
                        s -> Collections.unmodifiableSet((Set) s)),
                new Wrapper(Collections.unmodifiableSortedSet(new TreeSet<Void>()).getClass(), c,
                        s -> Collections.unmodifiableSortedSet((SortedSet) s)),
                new Wrapper(Collections.unmodifiableMap(new HashMap<Void, Void>()).getClass(), m,
                        s -> Collections.unmodifiableMap((Map) s)),
                new Wrapper(Collections.unmodifiableSortedMap(new TreeMap<Void, Void>()).getClass(), m,
                        s -> Collections.unmodifiableSortedMap((SortedMap) s))),
                Harness.UNMODIFIABLE);
    }

    /** SynchronizedCollectionsSerializer's seven kinds, in its enum order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static WrapperSerializer synchronizedKinds() {
        Field c = field("java.util.Collections$SynchronizedCollection", "c");
        Field m = field("java.util.Collections$SynchronizedMap", "m");
        return new WrapperSerializer(List.of(
                new Wrapper(Collections.synchronizedCollection(Arrays.asList("")).getClass(), c,
                        s -> Collections.synchronizedCollection((Collection) s)),
                new Wrapper(Collections.synchronizedList(new ArrayList<Void>()).getClass(), c,
                        s -> Collections.synchronizedList((List) s)),
                new Wrapper(Collections.synchronizedList(new LinkedList<Void>()).getClass(), c,
                        s -> Collections.synchronizedList((List) s)),
                new Wrapper(Collections.synchronizedSet(new HashSet<Void>()).getClass(), c,
                        s -> Collections.synchronizedSet((Set) s)),
                new Wrapper(Collections.synchronizedSortedSet(new TreeSet<Void>()).getClass(), c,
                        s -> Collections.synchronizedSortedSet((SortedSet) s)),
                new Wrapper(Collections.synchronizedMap(new HashMap<Void, Void>()).getClass(), m,
                        s -> Collections.synchronizedMap((Map) s)),
                new Wrapper(Collections.synchronizedSortedMap(new TreeMap<Void, Void>()).getClass(), m,
                        s -> Collections.synchronizedSortedMap((SortedMap) s))),
                Harness.SYNCHRONIZED);
    }

    /**
     * {@code writeClass(key enum type)}, {@code varint size}, then per entry {@code varint ordinal}
     * (not + 1) and the value with its class.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final class EnumMapSerializer extends Serializer<EnumMap> {
        private static final Field KEY_TYPE = field("java.util.EnumMap", "keyType");

        /**
         * kryo-serializers binds the EnumMap's reference id to this placeholder instead of the
         * map (its "workaround reference reading"), so a back-reference to an EnumMap reads as
         * this object. Kept for the same read behaviour.
         */
        static final Object FAKE_REFERENCE = new Object();

        @Override
        public void write(Kryo kryo, Output output, EnumMap map) {
            MsmKryo.wrote(kryo, Harness.ENUM_MAP);
            kryo.writeClass(output, keyType(map));
            output.writeInt(map.size(), true);
            for (Object o : map.entrySet()) {
                Map.Entry<Enum<?>, ?> entry = (Map.Entry<Enum<?>, ?>) o;
                output.writeInt(entry.getKey().ordinal(), true);
                kryo.writeClassAndObject(output, entry.getValue());
            }
        }

        @Override
        public EnumMap read(Kryo kryo, Input input, Class<EnumMap> type) {
            kryo.reference(FAKE_REFERENCE);
            Class keyType = kryo.readClass(input).getType();
            EnumMap result = new EnumMap(keyType);
            Object[] constants = keyType.getEnumConstants();
            int size = input.readInt(true);
            for (int i = 0; i < size; i++) {
                int ordinal = input.readInt(true);
                if (ordinal < 0 || ordinal >= constants.length) throw new KryoException("enum ordinal " + ordinal);
                result.put((Enum) constants[ordinal], kryo.readClassAndObject(input));
            }
            return result;
        }

        private static Class<?> keyType(EnumMap<?, ?> map) {
            try {
                return (Class<?>) KEY_TYPE.get(map);
            } catch (IllegalAccessException e) {
                throw new KryoException(e);
            }
        }
    }
}
