import java.io.*;
import java.lang.reflect.*;
import java.util.*;

/** Prints the class descriptors JDK 17 writes for the classes jsess builds from values. */
public class JdkClassTable {
    static final String[] CLASSES = {
        "java.lang.Number", "java.lang.Integer", "java.lang.Long", "java.lang.Short", "java.lang.Byte",
        "java.lang.Double", "java.lang.Float", "java.lang.Boolean", "java.lang.Character",
        "java.util.concurrent.atomic.AtomicInteger", "java.util.concurrent.atomic.AtomicLong",
        "java.util.Date", "java.sql.Date", "java.sql.Time", "java.sql.Timestamp",
        "java.math.BigInteger", "java.math.BigDecimal", "java.util.UUID", "java.util.Locale",
        "java.lang.StringBuilder", "java.lang.StringBuffer", "java.time.Ser",
        "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.Hashtable",
        "java.util.Properties", "java.util.concurrent.ConcurrentHashMap", "java.util.EnumMap",
        "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.ArrayList",
        "java.util.LinkedList", "java.util.Vector", "java.util.ArrayDeque", "java.util.PriorityQueue",
        "java.util.concurrent.CopyOnWriteArrayList", "java.util.EnumSet$SerializationProxy",
        "java.util.CollSer", "java.util.Arrays$ArrayList", "java.util.Collections$EmptyList",
        "java.util.Collections$EmptySet", "java.util.Collections$EmptyMap",
        "java.util.Collections$SingletonList", "java.util.Collections$SingletonSet",
        "java.util.Collections$SingletonMap", "java.util.Collections$UnmodifiableCollection",
        "java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableSet",
        "java.util.Collections$UnmodifiableMap", "java.util.Collections$UnmodifiableSortedSet",
        "java.util.Collections$UnmodifiableSortedMap", "java.util.Collections$SynchronizedCollection",
        "java.util.Collections$SynchronizedList", "java.util.Collections$SynchronizedSet",
        "java.util.Collections$SynchronizedMap", "java.util.Collections$SynchronizedSortedSet",
        "java.util.Collections$SynchronizedSortedMap", "java.lang.Enum",
        "java.util.concurrent.ConcurrentHashMap$Segment", "java.util.concurrent.locks.ReentrantLock",
        "java.util.concurrent.locks.ReentrantLock$Sync", "java.util.concurrent.locks.ReentrantLock$NonfairSync",
        "java.util.concurrent.locks.AbstractQueuedSynchronizer",
        "java.util.concurrent.locks.AbstractOwnableSynchronizer",
        "[B", "[C", "[S", "[I", "[J", "[F", "[D", "[Z", "[Ljava.lang.Object;", "[Ljava.lang.String;",
        "[Ljava.lang.Enum;", "[Ljava.util.concurrent.ConcurrentHashMap$Segment;",
    };

    public static void main(String[] args) throws Exception {
        for (String name : CLASSES) {
            Class<?> c = Class.forName(name);
            ObjectStreamClass d = ObjectStreamClass.lookupAny(c);
            int flags = 0;
            if (Externalizable.class.isAssignableFrom(c)) flags |= 0x04 | 0x08;
            else if (Serializable.class.isAssignableFrom(c)) flags |= 0x02;
            if (c.isEnum() || c == Enum.class) flags |= 0x10;
            try {
                Method m = c.getDeclaredMethod("writeObject", ObjectOutputStream.class);
                if (Modifier.isPrivate(m.getModifiers()) && (flags & 0x02) != 0) flags |= 0x01;
            } catch (NoSuchMethodException e) { }
            StringBuilder fields = new StringBuilder();
            for (ObjectStreamField f : d.getFields()) {
                if (fields.length() > 0) fields.append(' ');
                fields.append(f.getTypeCode()).append(':').append(f.getName());
                if (!f.isPrimitive()) fields.append(':').append(f.getTypeString());
            }
            Class<?> sup = c.getSuperclass();
            while (sup != null && ObjectStreamClass.lookup(sup) == null) sup = sup.getSuperclass();
            System.out.printf("%s|%d|0x%02x|%s|%s%n", name, d.getSerialVersionUID(), flags,
                sup == null ? "" : sup.getName(), fields);
        }
    }
}
