package census;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.converters.Converter;
import com.thoughtworks.xstream.converters.SingleValueConverter;
import com.thoughtworks.xstream.converters.SingleValueConverterWrapper;
import com.thoughtworks.xstream.mapper.Mapper;
import com.thoughtworks.xstream.security.AnyTypePermission;
import com.thoughtworks.xstream.security.ForbiddenClassException;
import de.javakaffee.web.msm.MemcachedBackupSession;
import de.javakaffee.web.msm.MemcachedBackupSessionManager;
import de.javakaffee.web.msm.SessionAttributesTranscoder;
import de.javakaffee.web.msm.TranscoderService;
import de.javakaffee.web.msm.serializer.kryo.KryoTranscoder;
import de.javakaffee.web.msm.serializer.xstream.XStreamTranscoder;
import org.apache.catalina.core.StandardContext;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three formats, driven through the real libraries: Java serialization (ObjectOutputStream),
 * msm's KryoTranscoder (Kryo 4.0.0 + kryo-serializers 0.41) and msm's XStreamTranscoder
 * (XStream 1.4.20), the latter two through msm's TranscoderService with a real
 * MemcachedBackupSession of a real Tomcat 9 MemcachedBackupSessionManager.
 */
final class Formats {
    static final String ATTRIBUTE = "value";

    private final MemcachedBackupSessionManager manager;
    private final Kryo queryKryo;
    private final XStream queryXStream;
    private int sessionCounter;

    Formats() {
        manager = new MemcachedBackupSessionManager();
        manager.setContext(new StandardContext()); // StandardSession.setAttribute asks the manager's context
        queryKryo = newKryoTranscoder().getKryoPool().borrow();
        queryXStream = new XStream();
    }

    /** What msm's KryoTranscoderFactory builds with no system properties and no custom converters. */
    static KryoTranscoder newKryoTranscoder() {
        return new KryoTranscoder(Census.class.getClassLoader(), null, false,
                KryoTranscoder.DEFAULT_INITIAL_BUFFER_SIZE, KryoTranscoder.DEFAULT_MAX_BUFFER_SIZE,
                KryoTranscoder.DEFAULT_SERIALIZER_FACTORY_CLASS);
    }

    XStreamTranscoder newXStreamTranscoder(boolean anyType) {
        XStreamTranscoder t = new XStreamTranscoder(manager);
        if (anyType) {
            try {
                Field f = XStreamTranscoder.class.getDeclaredField("_xstream");
                f.setAccessible(true);
                ((XStream) f.get(t)).addPermission(AnyTypePermission.ANY);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return t;
    }

    // ---------------------------------------------------------------- per-class forms

    /** Kryo 4 as msm configures it: the registration Kryo would use for c. */
    Map<String, Object> kryoForm(Class<?> c) {
        Map<String, Object> o = new LinkedHashMap<>();
        Registration r;
        try {
            r = queryKryo.getRegistration(c);
        } catch (Throwable t) {
            o.put("error", Report.chain(t));
            return o;
        }
        Serializer<?> s = r.getSerializer();
        o.put("serializer", s == null ? null : s.getClass().getName());
        if (r.getId() >= 0) o.put("id", r.getId());
        if (r.getType() != c) o.put("registered_as", r.getType().getName());
        if (s instanceof FieldSerializer) {
            FieldSerializer.CachedField[] fields = ((FieldSerializer<?>) s).getFields();
            Map<String, Integer> seen = new HashMap<>();
            for (FieldSerializer.CachedField f : fields) seen.merge(f.getField().getName(), 1, Integer::sum);
            List<String> names = new ArrayList<>();
            for (FieldSerializer.CachedField f : fields) {
                Field jf = f.getField();
                names.add(seen.get(jf.getName()) > 1
                        ? jf.getDeclaringClass().getName() + "." + jf.getName() : jf.getName());
            }
            if (!names.isEmpty()) o.put("fields", names);
        }
        return o;
    }

    /** Plain new XStream() (what XStreamTranscoder uses): converter, alias, and whether its allow-list admits c. */
    Map<String, Object> xstreamForm(Class<?> c) {
        Map<String, Object> o = new LinkedHashMap<>();
        try {
            Converter conv = queryXStream.getConverterLookup().lookupConverterForType(c);
            o.put("converter", converterName(conv));
        } catch (Throwable t) {
            o.put("converter_error", Report.error(t));
        }
        Mapper mapper = queryXStream.getMapper();
        String alias = null;
        try {
            alias = mapper.serializedClass(c);
            o.put("alias", alias);
        } catch (Throwable t) {
            o.put("alias_error", Report.error(t));
        }
        if (alias != null) {
            try {
                // what XStream instantiates for the element name ("map" -> java.util.Map -> HashMap)
                Class<?> back = mapper.defaultImplementationOf(mapper.realClass(alias));
                if (back != c) o.put("alias_reads_as", back.getName());
            } catch (ForbiddenClassException e) {
                o.put("forbidden", true);
            } catch (Throwable t) {
                o.put("alias_resolve_error", Report.error(t));
            }
        }
        return o;
    }

    private static String converterName(Converter conv) throws ReflectiveOperationException {
        if (conv instanceof SingleValueConverterWrapper) {
            Field f = SingleValueConverterWrapper.class.getDeclaredField("wrapped");
            f.setAccessible(true);
            SingleValueConverter w = (SingleValueConverter) f.get(conv);
            return conv.getClass().getName() + "(" + w.getClass().getName() + ")";
        }
        return conv.getClass().getName();
    }

    // ---------------------------------------------------------------- round trips

    /** Failure of one side of a round trip: which side and the exception. */
    static final class Failure extends Exception {
        Failure(String side, Throwable cause) {
            super(side + ": " + Report.chain(cause), cause);
        }
    }

    static Object javaRoundTrip(Object v) throws Failure {
        byte[] bytes;
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bos)) {
                out.writeObject(v);
            }
            bytes = bos.toByteArray();
        } catch (Throwable t) {
            throw new Failure("write", t);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (Throwable t) {
            throw new Failure("read", t);
        }
    }

    /** Writes v as the only attribute of a fresh session with writer, reads it back with reader. */
    Object msmRoundTrip(Object v, SessionAttributesTranscoder writer, SessionAttributesTranscoder reader)
            throws Failure {
        byte[] data;
        try {
            MemcachedBackupSession session = manager.newMemcachedBackupSession();
            session.setValid(true);
            session.setCreationTime(1700000000000L);
            session.setId("census" + (++sessionCounter), false);
            session.setAttribute(ATTRIBUTE, v);
            TranscoderService ts = new TranscoderService(writer);
            byte[] attributes = ts.serializeAttributes(session, session.getAttributesFiltered());
            data = ts.serialize(session, attributes);
        } catch (Throwable t) {
            throw new Failure("write", t);
        }
        try {
            MemcachedBackupSession back = new TranscoderService(reader).deserialize(data, manager);
            if (back == null) throw new IllegalStateException("TranscoderService.deserialize returned null");
            Map<String, Object> attrs = back.getAttributesInternal();
            if (!attrs.containsKey(ATTRIBUTE)) throw new IllegalStateException("attribute missing after read");
            return attrs.get(ATTRIBUTE);
        } catch (Throwable t) {
            throw new Failure("read", t);
        }
    }
}
