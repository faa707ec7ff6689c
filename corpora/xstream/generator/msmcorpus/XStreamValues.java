package msmcorpus;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.security.AnyTypePermission;

import corpus.DescriberAccess;

/** What the XStream generator and the read-back check share: reading XStream XML and describing it. */
final class XStreamValues {
    private XStreamValues() {}

    /** An XStream that reads every class (msm's plain one refuses types outside its allow-list). */
    static XStream permissive() {
        XStream x = new XStream();
        x.addPermission(AnyTypePermission.ANY);
        return x;
    }

    /**
     * Values in one identity scope, in the given order. A value the describer has no rule for
     * (not Serializable, or a Subject, whose writeObject data it cannot describe) is
     * {@code {"not_described": "<class>"}}: XStream writes it, Java serialization never does.
     */
    static List<Object> describe(List<String> order, Map<String, Object> values) {
        DescriberAccess.Items items = new DescriberAccess.Items();
        List<Integer> skipped = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Object value = values.get(order.get(i));
            if (describable(value)) {
                items.object(value);
            } else {
                items.object(null);
                skipped.add(i);
            }
        }
        List<Object> out = DescriberAccess.contents(items, false);
        for (int i : skipped) {
            out.set(i, Map.of("not_described", values.get(order.get(i)).getClass().getName()));
        }
        return out;
    }

    static boolean describable(Object value) {
        return value == null
                || (value instanceof java.io.Serializable && !(value instanceof javax.security.auth.Subject));
    }

    /**
     * {@code null} when a plain {@code new XStream()}, the XStream msm's XStreamTranscoder reads
     * with, reads the XML, else the class of the exception it throws.
     */
    static String plainReadError(byte[] xml) {
        try {
            new XStream().fromXML(new ByteArrayInputStream(xml));
            return null;
        } catch (RuntimeException e) {
            return e.getClass().getName();
        }
    }
}
