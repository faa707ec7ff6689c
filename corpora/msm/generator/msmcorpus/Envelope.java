package msmcorpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutput;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.catalina.authenticator.Constants;
import org.apache.catalina.authenticator.SavedRequest;
import org.apache.catalina.realm.GenericPrincipal;

/**
 * The msm session envelope, written the way msm 2.3's {@code TranscoderService} writes it and
 * read back the way its {@code deserializeSessionFields} reads it (msm-format.md §1, §2).
 */
final class Envelope {
    static final int VERSION_1 = 1;
    static final int VERSION_2 = 2;

    /** creationTime, lastAccessedTime, maxInactiveInterval, isNew, isValid, thisAccessedTime, lastBackupTime. */
    private static final int NUM_BYTES = 8 + 8 + 4 + 1 + 1 + 8 + 8;

    /** How the Tomcat-specific msm module writes a principal (§2). */
    enum PrincipalForm {
        /** msm-tomcat8 / msm-tomcat9: {@code oos.writeObject(principal)}. */
        TC8("tc8"),
        /** msm-tomcat6 / msm-tomcat7: {@code SerializablePrincipal.writePrincipal}, block data. */
        TC7("tc7");

        final String json;

        PrincipalForm(String json) {
            this.json = json;
        }
    }

    /** {@code TranscoderService.AuthType}: the id stored for Tomcat's authType string. */
    static final List<String> AUTH_TYPES = Collections.unmodifiableList(
            java.util.Arrays.asList(null, "BASIC", "CLIENT_CERT", "DIGEST", "FORM"));

    private Envelope() {}

    // ---------------------------------------------------------------------------- writing

    /**
     * {@code serializeSessionFields(session, version)}: the header, attributes not included.
     * FORM_PRINCIPAL_NOTE is deprecated in Tomcat 9, but msm reads it.
     */
    @SuppressWarnings("deprecation")
    static byte[] header(BackupSession session, int version, PrincipalForm form) throws IOException {
        byte[] id = session.getIdInternal().getBytes(StandardCharsets.UTF_8);
        byte[] principal = principal(session.getPrincipal(), form);
        byte[] savedRequest = savedRequest((SavedRequest) session.getNote(Constants.FORM_REQUEST_NOTE));
        byte[] savedPrincipal = principal((Principal) session.getNote(Constants.FORM_PRINCIPAL_NOTE), form);

        int length = 2 + 2 + NUM_BYTES + 2 + id.length + 2 + 2 + len(principal);
        if (version > VERSION_1) length += 2 + len(savedRequest) + 2 + len(savedPrincipal);

        byte[] data = new byte[length];
        int idx = 0;
        idx = encodeNum(version, data, idx, 2);
        idx = encodeNum(length, data, idx, 2);
        idx = encodeNum(session.creationTimeInternal(), data, idx, 8);
        idx = encodeNum(session.lastAccessedTimeInternal(), data, idx, 8);
        idx = encodeNum(session.maxInactiveIntervalInternal(), data, idx, 4);
        idx = encodeBoolean(session.newInternal(), data, idx);
        idx = encodeBoolean(session.validInternal(), data, idx);
        idx = encodeNum(session.thisAccessedTimeInternal(), data, idx, 8);
        idx = encodeNum(session.lastBackupTime, data, idx, 8);
        idx = encodeNum(id.length, data, idx, 2);
        idx = copy(id, data, idx);
        idx = encodeNum(authTypeId(session.getAuthType()), data, idx, 2);
        idx = encodeNum(len(principal), data, idx, 2);
        idx = copy(principal, data, idx);
        if (version > VERSION_1) {
            idx = encodeNum(len(savedRequest), data, idx, 2);
            idx = copy(savedRequest, data, idx);
            idx = encodeNum(len(savedPrincipal), data, idx, 2);
            idx = copy(savedPrincipal, data, idx);
        }
        if (idx != length) throw new IllegalStateException("header length " + idx + " != " + length);
        // msm does not check this; its reader would take the lengths as negative shorts.
        if (length > Short.MAX_VALUE) throw new IllegalStateException("header longer than 32767 bytes");
        return data;
    }

    static int authTypeId(String authType) {
        int id = AUTH_TYPES.indexOf(authType);
        // msm's AuthType.valueOfValue throws for any other string: the backup fails.
        if (id < 0) throw new IllegalArgumentException("no msm AuthType for " + authType);
        return id;
    }

    /** {@code encodeNum}: the low n bytes of num, most significant first, no overflow check. */
    static int encodeNum(long num, byte[] data, int beginIndex, int maxBytes) {
        for (int i = 0; i < maxBytes; i++) {
            data[beginIndex + maxBytes - i - 1] = (byte) ((num >> (8 * i)) & 0xff);
        }
        return beginIndex + maxBytes;
    }

    private static int encodeBoolean(boolean b, byte[] data, int index) {
        data[index] = (byte) (b ? '1' : '0');
        return index + 1;
    }

    private static int copy(byte[] src, byte[] dest, int at) {
        if (src == null) return at;
        System.arraycopy(src, 0, dest, at, src.length);
        return at + src.length;
    }

    private static int len(byte[] b) {
        return b == null ? 0 : b.length;
    }

    /** {@code serializePrincipal}: a fresh stream, the module's writePrincipal, flush. */
    static byte[] principal(Principal principal, PrincipalForm form) throws IOException {
        if (principal == null) return null;
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ObjectOutputStream oos = new ObjectOutputStream(bos);
        if (form == PrincipalForm.TC8) {
            oos.writeObject(principal);
        } else {
            writeTc7Principal((GenericPrincipal) principal, oos);
        }
        oos.flush();
        return bos.toByteArray();
    }

    /**
     * Tomcat 7's {@code org.apache.catalina.ha.session.SerializablePrincipal.writePrincipal}
     * (later 6.0.x the same), which Tomcat 8 removed. The Tomcat 9 GenericPrincipal has the
     * getters it uses, with the same meaning ({@code getUserPrincipal()} is the principal itself
     * when there is no separate user principal).
     */
    static void writeTc7Principal(GenericPrincipal p, ObjectOutput out) throws IOException {
        out.writeUTF(p.getName());
        out.writeBoolean(p.getPassword() != null);
        if (p.getPassword() != null) out.writeUTF(p.getPassword());
        String[] roles = p.getRoles();
        if (roles == null) roles = new String[0];
        out.writeInt(roles.length);
        for (String role : roles) out.writeUTF(role);
        boolean hasUserPrincipal = p != p.getUserPrincipal() && p.getUserPrincipal() instanceof Serializable;
        out.writeBoolean(hasUserPrincipal);
        if (hasUserPrincipal) out.writeObject(p.getUserPrincipal());
    }

    /** {@code serializeSavedRequest}: the 8 objects of §1.5 in a fresh stream. */
    static byte[] savedRequest(SavedRequest request) throws IOException {
        if (request == null) return null;
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ObjectOutputStream oos = new ObjectOutputStream(bos);
        for (Object o : savedRequestObjects(request)) oos.writeObject(o);
        oos.flush();
        return bos.toByteArray();
    }

    /** The objects serializeSavedRequest writes, in order (cookies and parameters are not stored). */
    static List<Object> savedRequestObjects(SavedRequest request) {
        List<Object> objects = new ArrayList<>();
        objects.add(request.getBody());
        objects.add(request.getContentType());
        // msm copies the headers into a new HashMap of ArrayLists.
        Map<String, List<String>> headers = new HashMap<>();
        for (Iterator<String> names = request.getHeaderNames(); names.hasNext();) {
            String name = names.next();
            List<String> values = new ArrayList<>();
            headers.put(name, values);
            for (Iterator<String> v = request.getHeaderValues(name); v.hasNext();) values.add(v.next());
        }
        objects.add(headers);
        objects.add(listOf(request.getLocales()));
        objects.add(request.getMethod());
        objects.add(request.getQueryString());
        objects.add(request.getRequestURI());
        objects.add(request.getDecodedRequestURI());
        return objects;
    }

    /** msm's newArrayList: Collections.emptyList() when there is nothing, else an ArrayList. */
    private static List<Locale> listOf(Iterator<Locale> it) {
        if (!it.hasNext()) return Collections.emptyList();
        List<Locale> out = new ArrayList<>();
        while (it.hasNext()) out.add(it.next());
        return out;
    }

    /** {@code SessionValidityInfo.encode}: the 20-byte value of a validity key. */
    static byte[] validity(int maxInactiveInterval, long lastAccessedTime, long thisAccessedTime) {
        byte[] data = new byte[4 + 8 + 8];
        encodeNum(maxInactiveInterval, data, 0, 4);
        encodeNum(lastAccessedTime, data, 4, 8);
        encodeNum(thisAccessedTime, data, 12, 8);
        return data;
    }

    // ---------------------------------------------------------------------------- reading

    /** The header fields as {@code deserializeSessionFields} reads them, and the blob slices. */
    record Parsed(int version, int headerLength, long creationTime, long lastAccessedTime,
            int maxInactiveInterval, boolean isNew, boolean isValid, long thisAccessedTime,
            long lastBackupTime, String id, int authTypeId, byte[] principal, byte[] savedRequest,
            byte[] savedPrincipal, byte[] attributes) {}

    /**
     * Reads a blob like msm: 2-byte values as signed shorts, a length of 0 or less means
     * absent, the attributes are everything from the header length on.
     */
    static Parsed parse(byte[] data) {
        short version = (short) decodeNum(data, 0, 2);
        if (version != VERSION_1 && version != VERSION_2) {
            throw new IllegalArgumentException("unsupported version " + version);
        }
        short headerLength = (short) decodeNum(data, 2, 2);
        short idLength = (short) decodeNum(data, 42, 2);
        String id = new String(data, 44, idLength, StandardCharsets.UTF_8);
        short authType = (short) decodeNum(data, 44 + idLength, 2);
        if (authType < 0 || authType >= AUTH_TYPES.size()) throw new IllegalArgumentException("authType " + authType);
        int idx = 44 + idLength + 2;
        short principalLength = (short) decodeNum(data, idx, 2);
        byte[] principal = slice(data, idx + 2, principalLength);
        byte[] savedRequest = null;
        byte[] savedPrincipal = null;
        if (version > VERSION_1) {
            idx += 2 + principalLength; // msm adds the length as read, even a negative one
            short requestLength = (short) decodeNum(data, idx, 2);
            savedRequest = slice(data, idx + 2, requestLength);
            idx += 2 + requestLength;
            short savedPrincipalLength = (short) decodeNum(data, idx, 2);
            savedPrincipal = slice(data, idx + 2, savedPrincipalLength);
        }
        byte[] attributes = java.util.Arrays.copyOfRange(data, headerLength, data.length);
        return new Parsed(version, headerLength, decodeNum(data, 4, 8), decodeNum(data, 12, 8),
                (int) decodeNum(data, 20, 4), data[24] == '1', data[25] == '1', decodeNum(data, 26, 8),
                decodeNum(data, 34, 8), id, authType, principal, savedRequest, savedPrincipal, attributes);
    }

    private static byte[] slice(byte[] data, int from, int length) {
        return length > 0 ? java.util.Arrays.copyOfRange(data, from, from + length) : null;
    }

    /** {@code decodeNum}: an unsigned big-endian value of n bytes. */
    static long decodeNum(byte[] data, int beginIndex, int numBytes) {
        long result = 0;
        for (int i = 0; i < numBytes; i++) result = (result << 8) | (data[beginIndex + i] & 0xff);
        return result;
    }
}
