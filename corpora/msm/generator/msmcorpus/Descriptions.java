package msmcorpus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.catalina.realm.GenericPrincipal;
import org.apache.tomcat.util.buf.ByteChunk;

import corpus.DescriberAccess;
import corpus.Json;

/**
 * Builds the JSON parts of DESCRIPTION.md from what Java reads back out of a blob, and the same
 * parts from the original objects, so the generator can check that the two agree.
 */
final class Descriptions {
    private Descriptions() {}

    // ---------------------------------------------------------------------------- principals

    /** What a principal blob carries, as Java reads it back (principal.* in DESCRIPTION.md). */
    static Map<String, Object> readPrincipal(byte[] blob, Envelope.PrincipalForm form)
            throws IOException, ClassNotFoundException {
        ByteArrayInputStream bis = new ByteArrayInputStream(blob);
        ObjectInputStream in = new ObjectInputStream(bis);
        Map<String, Object> m;
        // Byte 4, right after the stream header, tells the forms apart (§2).
        int tag = blob[4] & 0xff;
        if (form == Envelope.PrincipalForm.TC8) {
            if (tag != 0x73) throw new IllegalStateException("tc8 principal starts with " + tag);
            GenericPrincipal p = (GenericPrincipal) in.readObject();
            m = principal(form, blob.length, p.getName(), p.getRoles(), p.getPassword(), userPrincipal(p));
        } else {
            if (tag != 0x77 && tag != 0x7a) throw new IllegalStateException("tc7 principal starts with " + tag);
            // SerializablePrincipal.readPrincipal, by hand: Tomcat 9 has no such class.
            String name = in.readUTF();
            String password = in.readBoolean() ? in.readUTF() : null;
            String[] roles = new String[in.readInt()];
            for (int i = 0; i < roles.length; i++) roles[i] = in.readUTF();
            Object user = in.readBoolean() ? in.readObject() : null;
            m = principal(form, blob.length, name, roles, password, user);
        }
        if (bis.available() != 0) throw new IllegalStateException(bis.available() + " bytes left in principal");
        return m;
    }

    /** The same shape from the principal msm was given (what the writer put in the blob). */
    static Map<String, Object> originalPrincipal(Principal principal, Envelope.PrincipalForm form, int bytes) {
        GenericPrincipal p = (GenericPrincipal) principal;
        return principal(form, bytes, p.getName(), p.getRoles(), p.getPassword(), userPrincipal(p));
    }

    /**
     * The separate user principal both forms store: only when there is one and it is
     * Serializable (tc7: hasUserPrincipal; tc8: SerializablePrincipal's principal field).
     */
    private static Object userPrincipal(GenericPrincipal p) {
        Principal user = p.getUserPrincipal();
        return user != p && user instanceof Serializable ? user : null;
    }

    private static Map<String, Object> principal(Envelope.PrincipalForm form, int bytes, String name,
            String[] roles, String password, Object user) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("form", form.json);
        m.put("bytes", bytes);
        m.put("name", name);
        m.put("roles", new ArrayList<Object>(Arrays.asList(roles)));
        m.put("password", password);
        m.put("user_principal", user == null ? null : DescriberAccess.describe(user));
        return m;
    }

    // ---------------------------------------------------------------------------- saved request

    /** The 8 objects of a saved-request blob as Java reads them. */
    static List<Object> readSavedRequest(byte[] blob) throws IOException, ClassNotFoundException {
        ByteArrayInputStream bis = new ByteArrayInputStream(blob);
        ObjectInputStream in = new ObjectInputStream(bis);
        List<Object> objects = new ArrayList<>();
        for (int i = 0; i < 8; i++) objects.add(in.readObject());
        if (bis.available() != 0) throw new IllegalStateException(bis.available() + " bytes left in saved request");
        return objects;
    }

    /**
     * The {@code contents} of a saved request: one identity scope. The body (a ByteChunk, whose
     * writeObject adds the charset name) is described here, since the shared describer only
     * describes such data for classes that report it themselves; nothing in it can be shared
     * with the other seven objects, so describing it apart leaves the numbering unchanged.
     */
    static List<Object> savedRequestContents(List<Object> objects) {
        DescriberAccess.Items items = new DescriberAccess.Items().object(null);
        for (Object o : objects.subList(1, objects.size())) items.object(o);
        List<Object> contents = new ArrayList<>(DescriberAccess.contents(items, false));
        contents.set(0, byteChunk((ByteChunk) objects.get(0)));
        return contents;
    }

    /** Rule 15 for ByteChunk: AbstractChunk's and ByteChunk's fields, then the charset name. */
    private static Object byteChunk(ByteChunk chunk) {
        if (chunk == null) return null;
        List<Object> fields = new ArrayList<>();
        for (Class<?> k : List.of(ByteChunk.class.getSuperclass(), ByteChunk.class)) {
            for (ObjectStreamField f : ObjectStreamClass.lookup(k).getFields()) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("class", k.getName());
                fm.put("name", f.getName());
                fm.put("value", DescriberAccess.describe(fieldValue(chunk, k, f.getName())));
                fields.add(fm);
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("blockdata", DescriberAccess.hex(utf(chunk.getCharset().name())));
        Map<String, Object> annotation = new LinkedHashMap<>();
        annotation.put("class", ByteChunk.class.getName());
        annotation.put("contents", new ArrayList<Object>(List.of(data)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", ByteChunk.class.getName());
        m.put("fields", fields);
        m.put("annotations", new ArrayList<Object>(List.of(annotation)));
        return m;
    }

    private static Object fieldValue(Object o, Class<?> k, String name) {
        try {
            Field f = k.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(o);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(k.getName() + "." + name, e);
        }
    }

    private static byte[] utf(String s) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bos)) {
            out.writeUTF(s);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    // ---------------------------------------------------------------------------- attributes

    /**
     * Splits the described attribute stream (one description per step) into the
     * {@code attributes} list and the {@code attributes_error} object.
     */
    static void attributes(List<AttributeStream.Step> steps, List<Object> described, Map<String, Object> doc)
            throws IOException, ClassNotFoundException {
        List<Object> attributes = new ArrayList<>();
        Map<String, Object> error = null;
        List<Object> rest = null;
        for (int i = 0; i < steps.size(); i++) {
            AttributeStream.Step step = steps.get(i);
            Object d = described.get(i);
            if (rest != null) {
                rest.add(d);
            } else if (step instanceof AttributeStream.Value v) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("name", v.name());
                a.put("class", streamClass(v.value()));
                a.put("value", d);
                attributes.add(a);
            } else if (step instanceof AttributeStream.Aborted a) {
                error = new LinkedHashMap<>();
                error.put("name", a.name());
                error.put("exception", ((Map<?, ?>) d).get("exception"));
                rest = new ArrayList<>();
                error.put("rest", rest);
            }
            // Count and Name steps: the count is attributes.length, the name goes with its value.
        }
        doc.put("attributes", attributes);
        doc.put("attributes_error", error);
    }

    /**
     * The class a value's top-level record names in the stream: the class descriptor Java reads
     * first when the value is written alone (after writeReplace, for the enum constant's own
     * class, "[B" for a byte[], ...). Strings and Class objects carry no descriptor of their own.
     */
    static String streamClass(Object value) throws IOException, ClassNotFoundException {
        if (value instanceof String) return String.class.getName();
        if (value instanceof Class<?>) return Class.class.getName();
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bos)) {
            out.writeObject(value);
        }
        FirstDescriptor in = new FirstDescriptor(new ByteArrayInputStream(bos.toByteArray()));
        in.readObject();
        if (in.first == null) throw new IllegalStateException("no class descriptor for " + value.getClass());
        return in.first;
    }

    private static final class FirstDescriptor extends ObjectInputStream {
        String first;

        FirstDescriptor(java.io.InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected ObjectStreamClass readClassDescriptor() throws IOException, ClassNotFoundException {
            ObjectStreamClass desc = super.readClassDescriptor();
            if (first == null) first = desc.getName();
            return desc;
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) {
            // Proxy class names depend on the JVM run; the corpus has none.
            throw new IllegalStateException("proxy values are not supported");
        }
    }

    /** Compact JSON of both sides, failing with both texts when they differ. */
    static void same(String what, Object read, Object original) {
        String r = Json.compact(read);
        String o = Json.compact(original);
        if (!r.equals(o)) {
            throw new IllegalStateException(what + ": read-back differs from the originals\n  read:     "
                    + abbreviate(r) + "\n  original: " + abbreviate(o));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 4000 ? s : s.substring(0, 4000) + "...";
    }
}
