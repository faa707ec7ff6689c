package kryocorpus;

import java.lang.reflect.Constructor;
import java.net.MalformedURLException;
import java.nio.charset.Charset;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;

/**
 * Kryo 4.0.0 default serializers that Kryo 2.20 lacks or that write other bytes in 2.20
 * (kryo-format.md §5.6, §8.1 items 1-5), re-implemented on the 2.20 API. Byte layouts follow the
 * notes; the java.time, Optional, Charset and URL layouts, which the notes only name, follow
 * Kryo 4.0.0's TimeSerializers.java, OptionalSerializers.java and DefaultSerializers.java.
 */
final class Kryo40Serializers {
    private Kryo40Serializers() {}

    /** Adds them in Kryo 4.0.0's order; 2.20 puts every added entry ahead of its own built-ins. */
    static void addDefaults(Kryo kryo) {
        kryo.addDefaultSerializer(String[].class, new StringArraySerializer());
        kryo.addDefaultSerializer(Class.class, new ClassSerializer());
        kryo.addDefaultSerializer(Date.class, new DateSerializer());
        kryo.addDefaultSerializer(EnumSet.class, new EnumSetSerializer());
        kryo.addDefaultSerializer(TreeSet.class, TreeSetSerializer.class);
        kryo.addDefaultSerializer(TreeMap.class, TreeMapSerializer.class);
        kryo.addDefaultSerializer(Locale.class, new LocaleSerializer());
        kryo.addDefaultSerializer(Charset.class, new CharsetSerializer());
        kryo.addDefaultSerializer(java.net.URL.class, new UrlSerializer());
        kryo.addDefaultSerializer(Optional.class, new OptionalSerializer());
        kryo.addDefaultSerializer(OptionalInt.class, new OptionalIntSerializer());
        kryo.addDefaultSerializer(OptionalLong.class, new OptionalLongSerializer());
        kryo.addDefaultSerializer(OptionalDouble.class, new OptionalDoubleSerializer());
        TimeSerializers.add(kryo);
    }

    /** Kryo 4.0's {@code Util.getWrapperClass}: unlike 2.20's, void maps to Void (not Double). */
    static Class<?> wrapperClass(Class<?> type) {
        if (type == int.class) return Integer.class;
        if (type == float.class) return Float.class;
        if (type == boolean.class) return Boolean.class;
        if (type == long.class) return Long.class;
        if (type == byte.class) return Byte.class;
        if (type == char.class) return Character.class;
        if (type == short.class) return Short.class;
        if (type == double.class) return Double.class;
        return Void.class;
    }

    /**
     * {@code Output.writeAscii} as Kryo 4.0 writes it (§1.4): a 1-char string as {@code 82 c};
     * 2.20 writes the single byte {@code c | 0x80}, which its reader cannot read (§8.1 item 7).
     */
    static void writeAscii(Output out, String value) {
        if (value == null) {
            out.writeByte(0x80);
            return;
        }
        int n = value.length();
        if (n == 0) {
            out.writeByte(0x81);
            return;
        }
        if (n == 1) {
            out.writeByte(0x82);
            out.writeByte(value.charAt(0));
            return;
        }
        for (int i = 0; i < n - 1; i++) out.writeByte(value.charAt(i));
        out.writeByte(value.charAt(n - 1) | 0x80);
    }

    /** The id-9 registration Kryo 2.22+ makes: nothing is written, null is read. */
    static final class VoidSerializer extends Serializer<Object> {
        VoidSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            MsmKryo.wrote(kryo, Harness.VOID);
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<Object> type) {
            return null;
        }
    }

    /** {@code writeClass(value)} and an {@code isPrimitive} byte: {@code String.class} → {@code 03 00}. */
    static final class ClassSerializer extends Serializer<Class<?>> {
        ClassSerializer() {
            setImmutable(true);
            setAcceptsNull(true);
        }

        @Override
        public void write(Kryo kryo, Output output, Class<?> object) {
            MsmKryo.wrote(kryo, Harness.CLASS);
            kryo.writeClass(output, object);
            output.writeByte(object != null && object.isPrimitive() ? 1 : 0);
        }

        @Override
        public Class<?> read(Kryo kryo, Input input, Class<Class<?>> type) {
            Registration registration = kryo.readClass(input);
            int isPrimitive = input.read();
            Class<?> found = registration != null ? registration.getType() : null;
            if (found == null || !found.isPrimitive()) return found;
            return isPrimitive == 1 ? found : wrapperClass(found);
        }
    }

    /** {@code varint(length + 1)}; with references on, each element as null/reference marker + string. */
    static final class StringArraySerializer extends Serializer<String[]> {
        StringArraySerializer() {
            setAcceptsNull(true);
        }

        @Override
        public void write(Kryo kryo, Output output, String[] object) {
            MsmKryo.wrote(kryo, Harness.STRING_ARRAY);
            if (object == null) {
                output.writeInt(0, true);
                return;
            }
            output.writeInt(object.length + 1, true);
            if (kryo.getReferences() && kryo.getReferenceResolver().useReferences(String.class)) {
                Serializer<?> serializer = kryo.getSerializer(String.class);
                for (String s : object) kryo.writeObjectOrNull(output, s, serializer);
            } else {
                for (String s : object) output.writeString(s);
            }
        }

        @Override
        public String[] read(Kryo kryo, Input input, Class<String[]> type) {
            int length = input.readInt(true);
            if (length == 0) return null;
            String[] array = new String[--length];
            if (kryo.getReferences() && kryo.getReferenceResolver().useReferences(String.class)) {
                Serializer<?> serializer = kryo.getSerializer(String.class);
                for (int i = 0; i < length; i++) array[i] = kryo.readObjectOrNull(input, String.class, serializer);
            } else {
                for (int i = 0; i < length; i++) array[i] = input.readString();
            }
            return array;
        }
    }

    /** Same bytes as 2.20 ({@code varlong(millis, true)}); reads the written subclass back. */
    static final class DateSerializer extends Serializer<Date> {
        @Override
        public void write(Kryo kryo, Output output, Date object) {
            MsmKryo.wrote(kryo, Harness.DATE);
            output.writeLong(object.getTime(), true);
        }

        @Override
        public Date read(Kryo kryo, Input input, Class<Date> type) {
            long time = input.readLong(true);
            Class<?> t = type;
            if (t == Date.class || t == null) return new Date(time);
            if (t == Timestamp.class) return new Timestamp(time);
            if (t == java.sql.Date.class) return new java.sql.Date(time);
            if (t == Time.class) return new Time(time);
            try {
                Constructor<? extends Date> constructor = type.getConstructor(long.class);
                constructor.setAccessible(true);
                return constructor.newInstance(time);
            } catch (ReflectiveOperationException | RuntimeException e) {
                Date d = kryo.newInstance(type);
                d.setTime(time);
                return d;
            }
        }
    }

    /**
     * The element enum class, {@code varint size}, each element's ordinal + 1. Kryo 4.0 also
     * writes an empty set (naming the class through its complement); 2.20 throws.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class EnumSetSerializer extends Serializer<EnumSet> {
        @Override
        public void write(Kryo kryo, Output output, EnumSet object) {
            MsmKryo.wrote(kryo, Harness.ENUM_SET);
            EnumSet named = object.isEmpty() ? EnumSet.complementOf(object) : object;
            if (named.isEmpty()) throw new KryoException("An EnumSet must have a defined Enum to be serialized.");
            Serializer serializer = kryo.writeClass(output, named.iterator().next().getClass()).getSerializer();
            output.writeInt(object.size(), true);
            for (Object element : object) serializer.write(kryo, output, element);
        }

        @Override
        public EnumSet read(Kryo kryo, Input input, Class<EnumSet> type) {
            Registration registration = kryo.readClass(input);
            EnumSet object = EnumSet.noneOf(registration.getType());
            Serializer serializer = registration.getSerializer();
            int length = input.readInt(true);
            for (int i = 0; i < length; i++) object.add(serializer.read(kryo, input, null));
            return object;
        }
    }

    /** The comparator with its class ({@code 00} for natural order), then the collection body. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static final class TreeSetSerializer extends CollectionSerializer {
        @Override
        public void write(Kryo kryo, Output output, Collection collection) {
            MsmKryo.wrote(kryo, Harness.TREE_SET);
            kryo.writeClassAndObject(output, ((TreeSet) collection).comparator());
            super.write(kryo, output, collection);
        }

        @Override
        protected Collection create(Kryo kryo, Input input, Class<Collection> type) {
            Comparator comparator = (Comparator) kryo.readClassAndObject(input);
            if ((Class<?>) type == TreeSet.class || type == null) return new TreeSet(comparator);
            try {
                Constructor<?> constructor = type.getConstructor(Comparator.class);
                constructor.setAccessible(true);
                return (TreeSet) constructor.newInstance(comparator);
            } catch (ReflectiveOperationException e) {
                throw new KryoException(e);
            }
        }
    }

    /**
     * The comparator with its class, written with references on (2.20 switches them off for it),
     * then the map body.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static final class TreeMapSerializer extends MapSerializer {
        @Override
        public void write(Kryo kryo, Output output, Map map) {
            MsmKryo.wrote(kryo, Harness.TREE_MAP);
            kryo.writeClassAndObject(output, ((TreeMap) map).comparator());
            super.write(kryo, output, map);
        }

        @Override
        protected Map create(Kryo kryo, Input input, Class<Map> type) {
            Comparator comparator = (Comparator) kryo.readClassAndObject(input);
            if ((Class<?>) type == TreeMap.class || type == null) return new TreeMap(comparator);
            try {
                Constructor<?> constructor = type.getConstructor(Comparator.class);
                constructor.setAccessible(true);
                return (TreeMap) constructor.newInstance(comparator);
            } catch (ReflectiveOperationException e) {
                throw new KryoException(e);
            }
        }
    }

    /** {@code writeAscii(language)}, {@code writeAscii(country)}, {@code writeString(variant)}. */
    static final class LocaleSerializer extends Serializer<Locale> {
        LocaleSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, Locale l) {
            MsmKryo.wrote(kryo, Harness.LOCALE);
            writeAscii(output, l.getLanguage());
            writeAscii(output, l.getCountry());
            output.writeString(l.getVariant());
        }

        @Override
        public Locale read(Kryo kryo, Input input, Class<Locale> type) {
            String language = input.readString();
            String country = input.readString();
            String variant = input.readString();
            // Kryo 4.0 returns the matching java.util.Locale constant when there is one; an equal
            // new Locale is the same value (Locale has no identity the corpus could observe).
            return new Locale(language, country, variant);
        }
    }

    static final class CharsetSerializer extends Serializer<Charset> {
        CharsetSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, Charset object) {
            MsmKryo.wrote(kryo, Harness.CHARSET);
            output.writeString(object.name());
        }

        @Override
        public Charset read(Kryo kryo, Input input, Class<Charset> type) {
            return Charset.forName(input.readString());
        }
    }

    static final class UrlSerializer extends Serializer<java.net.URL> {
        UrlSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, java.net.URL object) {
            MsmKryo.wrote(kryo, Harness.URL);
            output.writeString(object.toExternalForm());
        }

        @Override
        public java.net.URL read(Kryo kryo, Input input, Class<java.net.URL> type) {
            try {
                return new java.net.URL(input.readString());
            } catch (MalformedURLException e) {
                throw new KryoException(e);
            }
        }
    }

    @SuppressWarnings("rawtypes")
    static final class OptionalSerializer extends Serializer<Optional> {
        @Override
        public void write(Kryo kryo, Output output, Optional object) {
            MsmKryo.wrote(kryo, Harness.OPTIONAL);
            kryo.writeClassAndObject(output, object.isPresent() ? object.get() : null);
        }

        @Override
        public Optional read(Kryo kryo, Input input, Class<Optional> type) {
            return Optional.ofNullable(kryo.readClassAndObject(input));
        }
    }

    static final class OptionalIntSerializer extends Serializer<OptionalInt> {
        OptionalIntSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, OptionalInt object) {
            MsmKryo.wrote(kryo, Harness.OPTIONAL);
            output.writeBoolean(object.isPresent());
            if (object.isPresent()) output.writeInt(object.getAsInt());
        }

        @Override
        public OptionalInt read(Kryo kryo, Input input, Class<OptionalInt> type) {
            return input.readBoolean() ? OptionalInt.of(input.readInt()) : OptionalInt.empty();
        }
    }

    static final class OptionalLongSerializer extends Serializer<OptionalLong> {
        OptionalLongSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, OptionalLong object) {
            MsmKryo.wrote(kryo, Harness.OPTIONAL);
            output.writeBoolean(object.isPresent());
            if (object.isPresent()) output.writeLong(object.getAsLong());
        }

        @Override
        public OptionalLong read(Kryo kryo, Input input, Class<OptionalLong> type) {
            return input.readBoolean() ? OptionalLong.of(input.readLong()) : OptionalLong.empty();
        }
    }

    static final class OptionalDoubleSerializer extends Serializer<OptionalDouble> {
        OptionalDoubleSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, OptionalDouble object) {
            MsmKryo.wrote(kryo, Harness.OPTIONAL);
            output.writeBoolean(object.isPresent());
            if (object.isPresent()) output.writeDouble(object.getAsDouble());
        }

        @Override
        public OptionalDouble read(Kryo kryo, Input input, Class<OptionalDouble> type) {
            return input.readBoolean() ? OptionalDouble.of(input.readDouble()) : OptionalDouble.empty();
        }
    }

    /**
     * Kryo 4.0.0's java.time serializers (modelled on {@code java.time.Ser}). Note the mixed
     * encodings: Duration's seconds are a fixed 8-byte long, Instant's a positive varlong, years
     * and Period's fields positive varints (a negative value takes 5 bytes).
     */
    static final class TimeSerializers {
        private TimeSerializers() {}

        static void add(Kryo kryo) {
            kryo.addDefaultSerializer(Duration.class, new Time<Duration>() {
                @Override
                void body(Output out, Duration d) {
                    out.writeLong(d.getSeconds());
                    out.writeInt(d.getNano(), true);
                }

                @Override
                Duration read(Input in) {
                    long seconds = in.readLong();
                    return Duration.ofSeconds(seconds, in.readInt(true));
                }
            });
            kryo.addDefaultSerializer(Instant.class, new Time<Instant>() {
                @Override
                void body(Output out, Instant i) {
                    out.writeLong(i.getEpochSecond(), true);
                    out.writeInt(i.getNano(), true);
                }

                @Override
                Instant read(Input in) {
                    long seconds = in.readLong(true);
                    return Instant.ofEpochSecond(seconds, in.readInt(true));
                }
            });
            kryo.addDefaultSerializer(LocalDate.class, new Time<LocalDate>() {
                @Override
                void body(Output out, LocalDate d) {
                    date(out, d);
                }

                @Override
                LocalDate read(Input in) {
                    return date(in);
                }
            });
            kryo.addDefaultSerializer(LocalTime.class, new Time<LocalTime>() {
                @Override
                void body(Output out, LocalTime t) {
                    time(out, t);
                }

                @Override
                LocalTime read(Input in) {
                    return time(in);
                }
            });
            kryo.addDefaultSerializer(LocalDateTime.class, new Time<LocalDateTime>() {
                @Override
                void body(Output out, LocalDateTime dt) {
                    date(out, dt.toLocalDate());
                    time(out, dt.toLocalTime());
                }

                @Override
                LocalDateTime read(Input in) {
                    LocalDate date = date(in);
                    return LocalDateTime.of(date, time(in));
                }
            });
            kryo.addDefaultSerializer(ZoneOffset.class, new Time<ZoneOffset>() {
                @Override
                void body(Output out, ZoneOffset o) {
                    offset(out, o);
                }

                @Override
                ZoneOffset read(Input in) {
                    return offset(in);
                }
            });
            kryo.addDefaultSerializer(ZoneId.class, new Time<ZoneId>() {
                @Override
                void body(Output out, ZoneId z) {
                    out.writeString(z.getId());
                }

                @Override
                ZoneId read(Input in) {
                    return ZoneId.of(in.readString());
                }
            });
            kryo.addDefaultSerializer(OffsetTime.class, new Time<OffsetTime>() {
                @Override
                void body(Output out, OffsetTime t) {
                    time(out, t.toLocalTime());
                    offset(out, t.getOffset());
                }

                @Override
                OffsetTime read(Input in) {
                    LocalTime time = time(in);
                    return OffsetTime.of(time, offset(in));
                }
            });
            kryo.addDefaultSerializer(OffsetDateTime.class, new Time<OffsetDateTime>() {
                @Override
                void body(Output out, OffsetDateTime t) {
                    date(out, t.toLocalDate());
                    time(out, t.toLocalTime());
                    offset(out, t.getOffset());
                }

                @Override
                OffsetDateTime read(Input in) {
                    LocalDate date = date(in);
                    LocalTime time = time(in);
                    return OffsetDateTime.of(date, time, offset(in));
                }
            });
            kryo.addDefaultSerializer(ZonedDateTime.class, new Time<ZonedDateTime>() {
                @Override
                void body(Output out, ZonedDateTime t) {
                    date(out, t.toLocalDate());
                    time(out, t.toLocalTime());
                    out.writeString(t.getZone().getId());
                }

                @Override
                ZonedDateTime read(Input in) {
                    LocalDate date = date(in);
                    LocalTime time = time(in);
                    return ZonedDateTime.of(date, time, ZoneId.of(in.readString()));
                }
            });
            kryo.addDefaultSerializer(Year.class, new Time<Year>() {
                @Override
                void body(Output out, Year y) {
                    out.writeInt(y.getValue(), true);
                }

                @Override
                Year read(Input in) {
                    return Year.of(in.readInt(true));
                }
            });
            kryo.addDefaultSerializer(YearMonth.class, new Time<YearMonth>() {
                @Override
                void body(Output out, YearMonth ym) {
                    out.writeInt(ym.getYear(), true);
                    out.writeByte(ym.getMonthValue());
                }

                @Override
                YearMonth read(Input in) {
                    int year = in.readInt(true);
                    return YearMonth.of(year, in.readByte());
                }
            });
            kryo.addDefaultSerializer(MonthDay.class, new Time<MonthDay>() {
                @Override
                void body(Output out, MonthDay md) {
                    out.writeByte(md.getMonthValue());
                    out.writeByte(md.getDayOfMonth());
                }

                @Override
                MonthDay read(Input in) {
                    byte month = in.readByte();
                    return MonthDay.of(month, in.readByte());
                }
            });
            kryo.addDefaultSerializer(Period.class, new Time<Period>() {
                @Override
                void body(Output out, Period p) {
                    out.writeInt(p.getYears(), true);
                    out.writeInt(p.getMonths(), true);
                    out.writeInt(p.getDays(), true);
                }

                @Override
                Period read(Input in) {
                    int years = in.readInt(true);
                    int months = in.readInt(true);
                    return Period.of(years, months, in.readInt(true));
                }
            });
        }

        private abstract static class Time<T> extends Serializer<T> {
            Time() {
                setImmutable(true);
            }

            abstract void body(Output out, T value);

            abstract T read(Input in);

            @Override
            public final void write(Kryo kryo, Output output, T value) {
                MsmKryo.wrote(kryo, Harness.JAVA_TIME);
                body(output, value);
            }

            @Override
            public final T read(Kryo kryo, Input input, Class<T> type) {
                return read(input);
            }
        }

        static void date(Output out, LocalDate date) {
            out.writeInt(date.getYear(), true);
            out.writeByte(date.getMonthValue());
            out.writeByte(date.getDayOfMonth());
        }

        static LocalDate date(Input in) {
            int year = in.readInt(true);
            int month = in.readByte();
            return LocalDate.of(year, month, in.readByte());
        }

        /** hour, minute, second, nano; the last non-zero-tail field is stored complemented. */
        static void time(Output out, LocalTime time) {
            if (time.getNano() == 0) {
                if (time.getSecond() == 0) {
                    if (time.getMinute() == 0) {
                        out.writeByte(~time.getHour());
                    } else {
                        out.writeByte(time.getHour());
                        out.writeByte(~time.getMinute());
                    }
                } else {
                    out.writeByte(time.getHour());
                    out.writeByte(time.getMinute());
                    out.writeByte(~time.getSecond());
                }
            } else {
                out.writeByte(time.getHour());
                out.writeByte(time.getMinute());
                out.writeByte(time.getSecond());
                out.writeInt(time.getNano(), true);
            }
        }

        static LocalTime time(Input in) {
            int hour = in.readByte();
            int minute = 0;
            int second = 0;
            int nano = 0;
            if (hour < 0) {
                hour = ~hour;
            } else {
                minute = in.readByte();
                if (minute < 0) {
                    minute = ~minute;
                } else {
                    second = in.readByte();
                    if (second < 0) {
                        second = ~second;
                    } else {
                        nano = in.readInt(true);
                    }
                }
            }
            return LocalTime.of(hour, minute, second, nano);
        }

        /** Quarter hours in one byte (-72..72), else 127 and the seconds as a fixed int. */
        static void offset(Output out, ZoneOffset offset) {
            int seconds = offset.getTotalSeconds();
            int b = seconds % 900 == 0 ? seconds / 900 : 127;
            out.writeByte(b);
            if (b == 127) out.writeInt(seconds);
        }

        static ZoneOffset offset(Input in) {
            int b = in.readByte();
            return b == 127 ? ZoneOffset.ofTotalSeconds(in.readInt()) : ZoneOffset.ofTotalSeconds(b * 900);
        }
    }
}
