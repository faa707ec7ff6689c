package kryocorpus;

import java.lang.reflect.InvocationHandler;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.objenesis.strategy.StdInstantiatorStrategy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import com.esotericsoftware.kryo.util.Util;

/**
 * Debian's Kryo 2.20 configured to write and read the bytes msm 2.3.2 writes with Kryo 4.0.0
 * (kryo-format.md §6, §8.1):
 *
 * <ul>
 *   <li>references on ({@link MapReferenceResolver}, with Kryo 4.0's read-id allocation, see
 *       {@link References}), registration not required;
 *   <li>default serializer: FieldSerializer with {@code ignoreSyntheticFields(false)}
 *       (msm's DefaultFieldSerializerFactory);
 *   <li>reflection for every field: {@code Util.isAndroid = true} keeps 2.20 from using
 *       ReflectASM for public fields, the path on which it drops generic type arguments (§8.1
 *       item 6). It has no other effect on the bytes;
 *   <li>no-arg constructor, else Objenesis, to create objects when reading (msm's
 *       {@code DefaultInstantiatorStrategy(StdInstantiatorStrategy)});
 *   <li>{@code void} as id 9, then msm's registrations 10-25 in msm's order, then msm's
 *       EnumMap default serializer and the Kryo 4.0 serializers 2.20 lacks ({@link Harness}).
 * </ul>
 *
 * A fresh instance per blob: serializers keep generic-type state between calls, so nothing
 * carries over from one case to the next.
 */
final class MsmKryo extends Kryo {
    /** msm's {@code msm.kryo.bufferSize.initial} and {@code .max} defaults (100 KiB, 2000 KiB). */
    static final int INITIAL_BUFFER = 100 * 1024;
    static final int MAX_BUFFER = 2000 * 1024;

    /** Classes whose values a FieldSerializer wrote, in the order Kryo first wrote them. */
    final Set<Class<?>> fieldSerialized = new LinkedHashSet<>();
    /** Harness serializers that wrote something since this instance was made. */
    final Set<Harness> wrote = java.util.EnumSet.noneOf(Harness.class);

    private MsmKryo(Resolver resolver) {
        super(resolver, new References());
    }

    static MsmKryo create() {
        Util.isAndroid = true;
        Resolver resolver = new Resolver();
        MsmKryo kryo = new MsmKryo(resolver);
        kryo.setRegistrationRequired(false);
        kryo.setInstantiatorStrategy(new StdInstantiatorStrategy());

        // §8.1 item 1: Kryo 2.22+ registers void as id 9. 2.20's DefaultClassResolver also maps
        // the primitive's wrapper to the registration, and 2.20's Util.getWrapperClass(void.class)
        // answers Double.class: registering void silently moves Double onto it. Put Double back
        // on double's registration and give Void the void one (as Kryo 4.0 does).
        Registration voidRegistration = kryo.register(void.class, new Kryo40Serializers.VoidSerializer(), 9);
        resolver.alias(Double.class, kryo.getRegistration(8));
        resolver.alias(Void.class, voidRegistration);

        // msm's KryoTranscoder, in its order.
        kryo.register(Arrays.asList("").getClass(), new MsmSerializers.ArraysAsListSerializer());
        kryo.register(InvocationHandler.class, new MsmSerializers.JdkProxySerializer());
        MsmSerializers.WrapperSerializer unmodifiable = MsmSerializers.unmodifiable();
        for (MsmSerializers.Wrapper kind : unmodifiable.kinds()) kryo.register(kind.type(), unmodifiable);
        MsmSerializers.WrapperSerializer synchronizedKinds = MsmSerializers.synchronizedKinds();
        for (MsmSerializers.Wrapper kind : synchronizedKinds.kinds()) kryo.register(kind.type(), synchronizedKinds);
        kryo.addDefaultSerializer(EnumMap.class, MsmSerializers.EnumMapSerializer.class);
        // SubListSerializers (ArrayList$SubList, java.util.SubList): kryo-serializers 0.41 reads
        // the JDK 8 field parentOffset, so msm 2.3.2 cannot build its Kryo on JDK 9+ with them;
        // not emulated, and no case holds a sub-list.

        Kryo40Serializers.addDefaults(kryo);
        kryo.checkIds();
        return kryo;
    }

    /** The registration ids msm sees under Kryo 4.0 (kryo-format.md §2, §6). */
    private void checkIds() {
        List<Class<?>> expected = new java.util.ArrayList<>(List.of(int.class, String.class, float.class,
                boolean.class, byte.class, char.class, short.class, long.class, double.class, void.class,
                Arrays.asList("").getClass(), InvocationHandler.class));
        expected.addAll(List.of(Collections.unmodifiableCollection(Arrays.asList("")).getClass(),
                Collections.unmodifiableList(new java.util.ArrayList<Void>()).getClass(),
                Collections.unmodifiableList(new java.util.LinkedList<Void>()).getClass(),
                Collections.unmodifiableSet(new java.util.HashSet<Void>()).getClass(),
                Collections.unmodifiableSortedSet(new java.util.TreeSet<Void>()).getClass(),
                Collections.unmodifiableMap(new java.util.HashMap<Void, Void>()).getClass(),
                Collections.unmodifiableSortedMap(new java.util.TreeMap<Void, Void>()).getClass(),
                Collections.synchronizedCollection(Arrays.asList("")).getClass(),
                Collections.synchronizedList(new java.util.ArrayList<Void>()).getClass(),
                Collections.synchronizedList(new java.util.LinkedList<Void>()).getClass(),
                Collections.synchronizedSet(new java.util.HashSet<Void>()).getClass(),
                Collections.synchronizedSortedSet(new java.util.TreeSet<Void>()).getClass(),
                Collections.synchronizedMap(new java.util.HashMap<Void, Void>()).getClass(),
                Collections.synchronizedSortedMap(new java.util.TreeMap<Void, Void>()).getClass()));
        for (int id = 0; id < expected.size(); id++) {
            Registration r = getRegistration(id);
            if (r == null || r.getType() != expected.get(id)) {
                throw new IllegalStateException("registration " + id + " is " + r + ", not " + expected.get(id));
            }
        }
        if (getNextRegistrationId() != expected.size()) {
            throw new IllegalStateException("next registration id " + getNextRegistrationId());
        }
        Class<?>[][] wrappers = {{Integer.class, int.class}, {Float.class, float.class},
            {Boolean.class, boolean.class}, {Byte.class, byte.class}, {Character.class, char.class},
            {Short.class, short.class}, {Long.class, long.class}, {Double.class, double.class},
            {Void.class, void.class}};
        for (Class<?>[] w : wrappers) {
            if (getRegistration(w[0]) != getRegistration(w[1])) {
                throw new IllegalStateException(w[0] + " does not share the registration of " + w[1]);
            }
        }
    }

    /** msm's DefaultFieldSerializerFactory: FieldSerializer, synthetic fields included. */
    @Override
    @SuppressWarnings("rawtypes")
    protected Serializer newDefaultSerializer(Class type) {
        FieldSerializer<?> serializer = new Fields<>(this, type);
        serializer.setIgnoreSyntheticFields(false);
        return serializer;
    }

    /** FieldSerializer that notes the classes it wrote (for {@link KryoBlob#checkDescribable}). */
    static final class Fields<T> extends FieldSerializer<T> {
        private final Class<?> type;

        Fields(Kryo kryo, Class<?> type) {
            super(kryo, type);
            this.type = type;
        }

        @Override
        public void write(Kryo kryo, Output output, T object) {
            if (kryo instanceof MsmKryo k) k.fieldSerialized.add(type);
            super.write(kryo, output, object);
        }
    }

    /**
     * The fields of {@code type} in the order its FieldSerializer writes them: name, declaring
     * class where a subclass shadows it, declared (generic) type, and whether Kryo treats the
     * type as final (then the value has no class tag).
     */
    @SuppressWarnings("rawtypes")
    String layout(Class<?> type) {
        List<String> parts = new java.util.ArrayList<>();
        for (FieldSerializer.CachedField f : ((FieldSerializer<?>) getSerializer(type)).getFields()) {
            java.lang.reflect.Field field = f.getField();
            String part = "`" + field.getName() + "`";
            if (field.getDeclaringClass() != type) part += " (" + field.getDeclaringClass().getSimpleName() + ")";
            part += ": " + field.getGenericType().getTypeName();
            if (!field.getType().isPrimitive() && isFinal(field.getType())) part += " (final)";
            parts.add(part);
        }
        return parts.isEmpty() ? "no fields" : String.join(", ", parts);
    }

    static void wrote(Kryo kryo, Harness harness) {
        if (kryo instanceof MsmKryo k) k.wrote.add(harness);
    }

    /** A new output with msm's buffer limits. */
    static Output output() {
        return new Output(INITIAL_BUFFER, MAX_BUFFER);
    }

    /**
     * DefaultClassResolver plus two guards. 2.20 writes a new class name's id with a raw
     * {@code write(byte)} (§8.1 item 8), so from the 129th distinct unregistered class in one
     * graph its bytes are not Kryo 4.0's: refuse rather than write them.
     */
    static final class Resolver extends DefaultClassResolver {
        private final Map<Class<?>, Boolean> named = new IdentityHashMap<>();

        void alias(Class<?> type, Registration registration) {
            classToRegistration.put(type, registration);
        }

        @Override
        @SuppressWarnings("rawtypes")
        protected void writeName(Output output, Class type, Registration registration) {
            if (!named.containsKey(type)) {
                if (named.size() >= 128) {
                    throw new IllegalStateException("more than 128 unregistered classes in one graph: Kryo 2.20 "
                            + "would write the name id of " + type.getName() + " as a raw byte");
                }
                named.put(type, Boolean.TRUE);
            }
            super.writeName(output, type, registration);
        }

        @Override
        public void reset() {
            named.clear();
            super.reset();
        }
    }

    /**
     * Kryo 2.20's MapReferenceResolver hands out the next read id without reserving it
     * ({@code nextReadId} returns {@code readObjects.size()} and adds nothing). An object whose
     * serializer reads nested objects before calling {@code kryo.reference} (the Collections
     * wrappers, singletonList, Arrays.asList, proxies, the comparator of a TreeMap/TreeSet) then
     * shares its id with its first nested object, and a later back-reference resolves to the wrong
     * object. Kryo 4.0 reserves the slot at once; so does this subclass. Writing is not affected.
     */
    static final class References extends MapReferenceResolver {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public int nextReadId(Class type) {
            int id = readObjects.size();
            readObjects.add(null);
            return id;
        }
    }
}
