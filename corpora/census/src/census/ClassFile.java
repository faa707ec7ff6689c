package census;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The few parts of a class file the census needs, read from the bytes the jrt:/ file system
 * serves: the fields in class-file order (access flags, name, descriptor, generic Signature
 * attribute) and the class's own Signature attribute. Methods are skipped.
 */
final class ClassFile {
    static final int ACC_PUBLIC = 0x0001, ACC_PRIVATE = 0x0002, ACC_PROTECTED = 0x0004,
            ACC_STATIC = 0x0008, ACC_FINAL = 0x0010, ACC_VOLATILE = 0x0040,
            ACC_TRANSIENT = 0x0080, ACC_SYNTHETIC = 0x1000, ACC_ENUM = 0x4000;

    static final class FieldInfo {
        final int access;
        final String name, descriptor, signature;

        FieldInfo(int access, String name, String descriptor, String signature) {
            this.access = access;
            this.name = name;
            this.descriptor = descriptor;
            this.signature = signature;
        }

        boolean isStatic() { return (access & ACC_STATIC) != 0; }
    }

    final String thisClass;
    final List<FieldInfo> fields = new ArrayList<>();
    String signature;

    ClassFile(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Object[] pool = new Object[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1: pool[i] = in.readUTF(); break;                       // Utf8
                case 3: case 4: in.readInt(); break;                          // Integer, Float
                case 5: case 6: in.readLong(); i++; break;                    // Long, Double (two slots)
                case 7: case 8: case 16: case 19: case 20:                    // Class, String, MethodType, Module, Package
                    pool[i] = in.readUnsignedShort(); break;
                case 9: case 10: case 11: case 12: case 17: case 18:          // refs, NameAndType, (Invoke)Dynamic
                    in.readInt(); break;
                case 15: in.readUnsignedByte(); in.readUnsignedShort(); break; // MethodHandle
                default: throw new IOException("constant pool tag " + tag);
            }
        }
        in.readUnsignedShort(); // access
        thisClass = ((String) pool[(Integer) pool[in.readUnsignedShort()]]).replace('/', '.');
        in.readUnsignedShort(); // super
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) in.readUnsignedShort();
        int nFields = in.readUnsignedShort();
        for (int i = 0; i < nFields; i++) {
            int access = in.readUnsignedShort();
            String name = (String) pool[in.readUnsignedShort()];
            String desc = (String) pool[in.readUnsignedShort()];
            String sig = readAttributes(in, pool);
            fields.add(new FieldInfo(access, name, desc, sig));
        }
        int nMethods = in.readUnsignedShort();
        for (int i = 0; i < nMethods; i++) {
            in.readUnsignedShort();
            in.readUnsignedShort();
            in.readUnsignedShort();
            readAttributes(in, pool);
        }
        signature = readAttributes(in, pool);
    }

    /** Skips an attribute table, returning the value of its Signature attribute if any. */
    private static String readAttributes(DataInputStream in, Object[] pool) throws IOException {
        String sig = null;
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            String name = (String) pool[in.readUnsignedShort()];
            int len = in.readInt();
            if ("Signature".equals(name)) {
                sig = (String) pool[in.readUnsignedShort()];
            } else {
                in.skipNBytes(len);
            }
        }
        return sig;
    }
}
