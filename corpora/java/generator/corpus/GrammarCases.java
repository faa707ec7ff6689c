package corpus;

import java.io.ObjectStreamConstants;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.acme.app.DbConnection;
import com.acme.app.ReportJob;
import com.acme.app.ReportSchedule;
import com.acme.ext.Coupon;
import com.acme.geo.Point;
import com.acme.graph.Node;
import com.acme.legacy.AuditRecord;
import com.acme.legacy.SecurityAuditRecord;
import com.acme.legacy.SensorLog;
import com.acme.legacy.Temperature;
import com.acme.types.Primitives;
import com.acme.util.Color;
import com.acme.util.Greeter;
import com.acme.util.LoggingHandler;
import com.acme.util.Operation;
import com.acme.util.Paint;
import com.acme.util.Scheduler;
import com.acme.util.Tasks;
import com.acme.zoo.Animal;
import com.acme.zoo.Dog;
import com.shop.model.Address;
import com.shop.model.Customer;

import static corpus.Cases.T0;

/** Cases exercising the stream grammar with application classes. */
final class GrammarCases {
    private GrammarCases() {}

    static void register(Cases c) {
        c.add("toplevel_primitives_mixed",
                "top-level primitive writes (all kinds, writeUTF) around an object, then two more ints",
                p -> p.data(out -> {
                    out.writeInt(42);
                    out.writeLong(-2L);
                    out.writeUTF("h\u00e9llo, w\u00f6rld \u20ac");
                    out.writeBoolean(true);
                    out.writeByte(-1);
                    out.writeShort(-32768);
                    out.writeChar('\u4e16');
                    out.writeFloat(1.0f);
                    out.writeDouble(-0.0);
                }).object(new ArrayList<>(List.of("a", "b"))).data(out -> {
                    out.writeInt(7);
                    out.writeInt(-1);
                }));

        c.add("toplevel_blockdata_2000",
                "one 2000-byte top-level write (TC_BLOCKDATALONG records of 1024 and 976 bytes), then a string",
                p -> {
                    byte[] b = new byte[2000];
                    for (int i = 0; i < b.length; i++) b[i] = (byte) (i * 7 + i / 256);
                    p.data(out -> out.write(b)).object("after the block");
                });

        c.add("null_object", "writeObject(null) twice around a string",
                p -> p.objects(null, "between", null));

        c.add("string_empty", "the empty string", p -> p.object(""));

        c.add("string_ascii", "an ASCII string with quotes, backslash and control characters",
                p -> p.object("Hello, \"world\" \\ path\ttab\nnewline \u007f end"));

        c.add("string_unicode", "Latin-1, CJK, emoji (surrogate pair, 6 bytes in modified UTF-8)",
                p -> p.objects("Gr\u00fc\u00dfe, na\u00efve caf\u00e9 \u00bd",
                        "\u4e16\u754c \u65e5\u672c\u8a9e \ud55c\uad6d\uc5b4",
                        "emoji \ud83d\ude00 \ud83c\uddeb\ud83c\uddf7 \u2764\ufe0f"));

        c.add("string_nul", "strings holding NUL characters (written as C0 80)",
                p -> p.objects("a\u0000b\u0000\u0000c", "\u0000"));

        c.add("string_lone_surrogates", "strings with unpaired surrogates, described as UTF-16 units",
                p -> p.objects("a\ud800b", "\udc00", "\udc00\ud800", "ok \ud83d\ude00 then \ud83d"));

        c.add("string_long_70000", "a 70,000-character string (more than 65,535 bytes: TC_LONGSTRING)",
                p -> p.object(longString(70_000)));

        c.add("string_utf_boundary",
                "strings of exactly 65,535 bytes (TC_STRING) and 65,536 bytes (TC_LONGSTRING)",
                p -> {
                    // 'é' is two bytes in modified UTF-8: 32,767 of them plus one ASCII char = 65,535.
                    String max = "\u00e9".repeat(32_767) + "x";
                    p.objects(max, max + "y");
                });

        c.add("string_array_repeated", "String[] holding the same String instance three times, and a null",
                p -> {
                    String s = new String("repeat me");
                    p.object(new String[] {s, "other", s, s, null});
                });

        c.add("shared_list_twice", "an ArrayList holding the same inner ArrayList twice",
                p -> {
                    List<Object> inner = new ArrayList<>(List.of("x", "y"));
                    List<Object> outer = new ArrayList<>();
                    outer.add(inner);
                    outer.add(inner);
                    outer.add("z");
                    p.object(outer);
                });

        c.add("shared_object_two_fields", "a Customer whose billing and shipping fields hold the same Address",
                p -> {
                    Address home = new Address("12 Rue de Rivoli", "Paris", "75004", "FR");
                    p.object(new Customer(1029L, "Ana Lima", "ana@example.org", true, home, home));
                });

        c.add("cycle_list_self", "an ArrayList that contains itself",
                p -> {
                    List<Object> list = new ArrayList<>();
                    list.add("head");
                    list.add(list);
                    p.object(list);
                });

        c.add("cycle_nodes", "three Nodes whose next fields form a cycle a->b->c->a, then b again at top level",
                p -> {
                    Node a = new Node("a");
                    Node b = new Node("b");
                    Node cc = new Node("c");
                    a.setNext(b);
                    b.setNext(cc);
                    cc.setNext(a);
                    p.objects(a, b);
                });

        c.add("cycle_map_self", "a HashMap holding itself as a value",
                p -> {
                    Map<String, Object> m = new HashMap<>();
                    m.put("name", "loop");
                    m.put("self", m);
                    p.object(m);
                });

        c.add("reset_between_writes",
                "the same ArrayList written, reset(), written again, then a third time (a back-reference)",
                p -> {
                    List<Object> list = new ArrayList<>(List.of("kept", new Date(T0)));
                    p.object(list).reset().object(list).object(list);
                });

        c.add("exception_toplevel",
                "writeObject of a non-serializable object (TC_EXCEPTION at top level), then another object",
                p -> p.object("before")
                        .notSerializable(new DbConnection("jdbc:postgresql://db.internal/shop"))
                        .object(new ArrayList<>(List.of("after"))));

        c.add("exception_mid_object",
                "a ReportJob aborted at its second field (a non-serializable DbConnection), then another object",
                p -> p.object("before")
                        .notSerializable(new ReportJob("nightly-sales",
                                new DbConnection("jdbc:postgresql://db.internal/reports")))
                        .object(new ArrayList<>(List.of("after"))));

        c.add("exception_nested_object",
                "a ReportSchedule whose nested ReportJob aborts at its non-serializable DbConnection: the outer object, the half-written job, then the exception",
                p -> p.object("before")
                        .notSerializable(new ReportSchedule("0 3 * * *", new ReportJob("nightly-sales",
                                new DbConnection("jdbc:postgresql://db.internal/reports")), 3))
                        .object("after"));

        c.add("exception_in_list",
                "an ArrayList whose second element (a ReportJob) aborts inside ArrayList.writeObject's data",
                p -> p.notSerializable(new ArrayList<Object>(List.of("first",
                                new ReportJob("weekly", new DbConnection("jdbc:h2:mem:x")), "third")))
                        .object("after"));

        c.add("class_objects",
                "Class objects: String, int, Object (not serializable), int[], String[][], an enum, one repeated",
                p -> p.objects(String.class, int.class, Object.class, int[].class, String[][].class,
                        Color.class, String.class));

        c.add("lambda_serializable",
                "serializable lambdas (SerializedLambda): one in a field and again at top level, one capturing",
                p -> {
                    Runnable noop = Tasks.noop();
                    p.objects(new Scheduler("cleanup", noop, 60_000L), noop, Tasks.greeting("ana", 2));
                });

        c.add("proxy_invocation_handler",
                "a dynamic proxy (Greeter, Runnable) with a serializable InvocationHandler, twice in a list",
                p -> {
                    Object proxy = Proxy.newProxyInstance(Greeter.class.getClassLoader(),
                            new Class<?>[] {Greeter.class, Runnable.class}, new LoggingHandler("Hello, "));
                    p.objects(proxy, new ArrayList<>(Arrays.asList(proxy, proxy)));
                });

        c.add("enums",
                "enum constants: plain, with a body (Operation$1), plain of the same enum, in fields, repeated",
                p -> p.objects(Color.RED, Operation.PLUS, Operation.IDENTITY,
                        new Paint(Color.BLUE, Operation.TIMES, 2), Color.RED));

        c.add("externalizable",
                "Externalizable (protocol 2, block data) writing two ints, a UTF string, a Date and an int",
                p -> p.objects(new Coupon(15, "WELCOME15", new Date(T0), 3),
                        new Coupon(50, "HALF-\u00e9t\u00e9", new Date(T0 + 86_400_000L), 0)));

        c.add("externalizable_protocol_1",
                "PROTOCOL_VERSION_1: an ordinary object, then an Externalizable written without block data",
                p -> p.protocol(ObjectStreamConstants.PROTOCOL_VERSION_1)
                        .object(new ArrayList<>(List.of("ordinary")))
                        .unsupported(new Coupon(15, "WELCOME15", new Date(T0), 3), "externalizable-protocol-1"));

        c.add("custom_writeobject",
                "writeObject: defaultWriteObject + writeInt + writeObject(String) + writeLong; subclass adds its own",
                p -> p.objects(new AuditRecord("alice", 3, 0x1234abcd, "password changed", T0),
                        new SecurityAuditRecord("bob", 5, -1, "login failed", T0 + 1, "corp", "10.0.0.7",
                                new ArrayList<>(List.of("brute-force", "locked")))));

        c.add("custom_writeobject_3000_bytes",
                "writeObject writing 3000 bytes of primitives (a long straddles two 1024-byte records), then a Date",
                p -> {
                    long[] readings = new long[374];
                    for (int i = 0; i < readings.length; i++) readings[i] = i * 0x0101_0101_0101L - 5_000L;
                    p.object(new SensorLog("thermo-7", readings, new Date(T0)));
                });

        c.add("custom_putfields",
                "serialPersistentFields (declared unsorted) written with putFields()/writeFields()",
                p -> p.objects(new Temperature(21.5, "kitchen", true), new Temperature(-3.2, null, false)));

        c.add("class_hierarchy_shadowed",
                "Dog extends Animal, both declaring int x and String name; Animal extends a non-serializable class",
                p -> p.objects(new Dog(1, "animal-name", 2, "Rex"), new Animal(7, "Generic")));

        c.add("primitive_fields", "all eight primitive field types with edge values",
                p -> p.objects(
                        new Primitives(true, Byte.MIN_VALUE, '\uffff', Short.MIN_VALUE, Integer.MIN_VALUE,
                                Long.MIN_VALUE, Float.NaN, -0.0),
                        new Primitives(false, Byte.MAX_VALUE, '\u0000', Short.MAX_VALUE, Integer.MAX_VALUE,
                                Long.MAX_VALUE, Float.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY),
                        new Primitives(true, (byte) 0, '\u00e9', (short) 1, 0, 1L, Float.MIN_VALUE,
                                Double.MIN_VALUE)));

        c.add("primitive_arrays", "the eight primitive array types with values, then each empty",
                p -> p.objects(
                        new boolean[] {true, false, true},
                        new byte[] {0, 1, -1, 127, -128},
                        new char[] {'a', '\u0000', '\u00e9', '\ud83d', '\ude00', '\uffff'},
                        new short[] {0, -1, Short.MAX_VALUE, Short.MIN_VALUE},
                        new int[] {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE},
                        new long[] {0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE},
                        new float[] {0.0f, -0.0f, 1.5f, Float.NaN, Float.NEGATIVE_INFINITY, Float.MIN_VALUE},
                        new double[] {0.0, -0.0, Math.PI, Double.NaN, Double.POSITIVE_INFINITY, Double.MAX_VALUE},
                        new boolean[0], new byte[0], new char[0], new short[0],
                        new int[0], new long[0], new float[0], new double[0]));

        c.add("multidim_arrays",
                "int[][] (jagged, with an empty and a null row, one row shared), String[][] and int[][][]",
                p -> {
                    int[] shared = {7, 8};
                    int[][] ints = {{1, 2, 3}, {}, null, shared, shared};
                    String[][] strings = {{"a", "b"}, {null}, {}};
                    int[][][] cube = {{{1}, {2, 3}}, {}};
                    p.objects(ints, strings, cube);
                });

        c.add("object_array_mixed",
                "Object[] holding strings, boxed values, null, arrays, a Date, an enum, a nested Object[]",
                p -> {
                    String s = "twice";
                    p.object(new Object[] {s, 42, null, new int[] {1, 2}, new Date(T0), Color.GREEN,
                            new Object[] {"nested", 2L}, 3.5, 'c', true, s, new String[] {"typed"}});
                });

        c.add("record_point", "a record Point(int x, String label), alone and twice in a list",
                p -> {
                    Point pin = new Point(3, "pin");
                    p.objects(pin, new ArrayList<>(Arrays.asList(pin, new Point(-1, null), pin)));
                });
    }

    /** A deterministic string of {@code n} chars, mostly ASCII with an 'é' every 1000 chars. */
    static String longString(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(i % 1000 == 999 ? '\u00e9' : (char) ('a' + i % 26));
        return sb.toString();
    }
}
