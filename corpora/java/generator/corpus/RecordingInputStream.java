package corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code ObjectInputStream} that records every class descriptor it reads, in stream order,
 * as the {@code classes} entries of DESCRIPTION.md.
 */
final class RecordingInputStream extends ObjectInputStream {
    final List<Object> classes = new ArrayList<>();

    RecordingInputStream(InputStream in) throws IOException {
        super(in);
    }

    @Override
    protected ObjectStreamClass readClassDescriptor() throws IOException, ClassNotFoundException {
        ObjectStreamClass desc = super.readClassDescriptor();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", desc.getName());
        m.put("suid", desc.getSerialVersionUID());
        List<Object> fields = new ArrayList<>();
        for (ObjectStreamField f : desc.getFields()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("name", f.getName());
            fm.put("type", f.isPrimitive() ? String.valueOf(f.getTypeCode()) : f.getTypeString());
            fields.add(fm);
        }
        m.put("fields", fields);
        classes.add(m);
        return desc;
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("proxy", new ArrayList<Object>(Arrays.asList(interfaces)));
        classes.add(m);
        return super.resolveProxyClass(interfaces);
    }
}
