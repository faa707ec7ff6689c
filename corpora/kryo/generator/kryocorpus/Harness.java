package kryocorpus;

/**
 * The serializers this harness adds to Debian's Kryo 2.20 so that it writes what msm 2.3.2 writes
 * with Kryo 4.0.0 and kryo-serializers 0.41 (kryo-format.md §6, §8.1). Each one records when it
 * wrote a value, so the corpus lists which cases depend on it.
 */
enum Harness {
    // kryo-serializers 0.41: registered (or added as default serializer) by msm, not packaged by Debian.
    ARRAYS_AS_LIST("ArraysAsListSerializer", Origin.KRYO_SERIALIZERS,
            "msm registration id 10; varint length, component class, each element with its class"),
    JDK_PROXY("JdkProxySerializer", Origin.KRYO_SERIALIZERS,
            "msm registration id 11; invocation handler with its class, then the Class[] of interfaces"),
    UNMODIFIABLE("UnmodifiableCollectionsSerializer", Origin.KRYO_SERIALIZERS,
            "msm registrations 12-18; varint wrapper ordinal, then the wrapped collection with its class"),
    SYNCHRONIZED("SynchronizedCollectionsSerializer", Origin.KRYO_SERIALIZERS,
            "msm registrations 19-25; varint wrapper ordinal, then the wrapped collection with its class"),
    ENUM_MAP("EnumMapSerializer", Origin.KRYO_SERIALIZERS,
            "msm default serializer for EnumMap; key enum class, varint size, ordinal + value per entry"),

    // Kryo 4.0.0 built-ins that 2.20 lacks or writes differently (kryo-format.md §8.1 items 1-5).
    VOID("void registration", Origin.KRYO_4_BYTES,
            "2.20 does not register void (item 1): registered as id 9 so msm's ids 10-25 line up"),
    CLASS("ClassSerializer", Origin.KRYO_4_BYTES,
            "2.20 writes no isPrimitive byte after the class (item 2)"),
    STRING_ARRAY("StringArraySerializer", Origin.KRYO_4_BYTES,
            "2.20 writes bare strings; 4.0 writes each element with a null/reference marker (item 3)"),
    TREE_SET("TreeSetSerializer", Origin.KRYO_4_BYTES,
            "2.20 has none and writes no comparator (item 4)"),
    TREE_MAP("TreeMapSerializer", Origin.KRYO_4_BYTES,
            "2.20 writes the comparator with references switched off (item 4)"),
    LOCALE("LocaleSerializer", Origin.KRYO_4_BYTES,
            "2.20 has none; Locale would fall to FieldSerializer with an empty body (item 5)"),
    JAVA_TIME("TimeSerializers", Origin.KRYO_4_BYTES,
            "2.20 has none (item 5); bodies from Kryo 4.0.0's TimeSerializers.java"),
    OPTIONAL("OptionalSerializers", Origin.KRYO_4_BYTES, "2.20 has none (item 5)"),
    CHARSET("CharsetSerializer", Origin.KRYO_4_BYTES, "2.20 has none (item 5)"),
    URL("URLSerializer", Origin.KRYO_4_BYTES, "2.20 has none (item 5)"),
    ENUM_SET("EnumSetSerializer", Origin.KRYO_4_BYTES,
            "same bytes as 2.20 for a non-empty set; 2.20 refuses an empty EnumSet, 4.0 writes it"),
    DATE("DateSerializer", Origin.KRYO_4_READ,
            "same bytes as 2.20; 4.0 reads a Timestamp/java.sql.Date/Time back as that class, 2.20 as a Date");

    enum Origin {
        KRYO_SERIALIZERS("kryo-serializers 0.41 (not in Debian), written from kryo-format.md §6"),
        KRYO_4_BYTES("Kryo 4.0.0 bytes that 2.20 does not write"),
        KRYO_4_READ("Kryo 4.0.0 read behaviour, bytes as in 2.20");

        final String text;

        Origin(String text) {
            this.text = text;
        }
    }

    final String serializer;
    final Origin origin;
    final String why;

    Harness(String serializer, Origin origin, String why) {
        this.serializer = serializer;
        this.origin = origin;
        this.why = why;
    }
}
