package org.redisson.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.objenesis.strategy.StdInstantiatorStrategy;


/**
 * The Kryo instance and encoder of Redisson 4.7.0's org.redisson.codec.Kryo5Codec, as its
 * default constructor builds them (no class loader, no allowed classes, references off).
 * It sits in Kryo5Codec's package because Kryo5KeySetViewSerializer is package-private.
 * Kryo5Codec itself extends Redisson's BaseCodec and needs Redisson's client classes, netty
 * and slf4j, so its createKryo and encoder are repeated here line for line; only the
 * instantiator strategy is simplified (it decides how objects are created when read, never
 * what is written).
 */
public final class RedissonKryo5 {
    private static final List<String> MISSED_COLLECTION_CLASSES = Arrays.asList("Unmodifiable", "Synchronized", "Checked");

    private final Kryo kryo;

    /** Redisson 4.7.0's configuration (the same since 3.46.0 but for the key-set view). */
    public RedissonKryo5() {
        this(true);
    }

    /**
     * @param since346 false for the configuration of Redisson 3.38.1 to 3.45.x (also Kryo
     *     5.6.2): no atomic serializers and no key-set view serializer, the rest the same.
     */
    public RedissonKryo5(boolean since346) {
        kryo = createKryo(since346);
    }

    static Kryo createKryo(boolean since346) {
        Kryo kryo = new Kryo();
        kryo.setInstantiatorStrategy(new StdInstantiatorStrategy());
        kryo.setRegistrationRequired(false);
        kryo.setReferences(false);
        Arrays.stream(Collections.class.getDeclaredClasses())
                .filter(cls -> MISSED_COLLECTION_CLASSES.stream().anyMatch(s -> cls.getName().contains(s)))
                .forEach(cls -> kryo.addDefaultSerializer(cls, new JavaSerializer()));
        kryo.addDefaultSerializer(EnumMap.class, new JavaSerializer());
        kryo.addDefaultSerializer(Throwable.class, new JavaSerializer());
        kryo.addDefaultSerializer(UUID.class, new DefaultSerializers.UUIDSerializer());
        kryo.addDefaultSerializer(URI.class, new DefaultSerializers.URISerializer());
        kryo.addDefaultSerializer(Pattern.class, new DefaultSerializers.PatternSerializer());
        kryo.addDefaultSerializer(SocketAddress.class, new JavaSerializer());
        kryo.addDefaultSerializer(InetAddress.class, new JavaSerializer());
        if (!since346) {
            return kryo;
        }
        kryo.addDefaultSerializer(AtomicBoolean.class, new DefaultSerializers.AtomicBooleanSerializer());
        kryo.addDefaultSerializer(AtomicInteger.class, new DefaultSerializers.AtomicIntegerSerializer());
        kryo.addDefaultSerializer(AtomicLong.class, new DefaultSerializers.AtomicLongSerializer());
        kryo.addDefaultSerializer(AtomicReference.class, new DefaultSerializers.AtomicReferenceSerializer());
        kryo.addDefaultSerializer(ConcurrentHashMap.KeySetView.class, new Kryo5KeySetViewSerializer());
        return kryo;
    }

    /** Kryo5Codec's encoder: writeClassAndObject into a fresh Output(8192, -1), flushed. */
    public byte[] encode(Object in) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Output output = new Output(8192, -1);
        output.setOutputStream(bytes);
        kryo.writeClassAndObject(output, in);
        output.flush();
        return bytes.toByteArray();
    }
}
