package msmcorpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import de.javakaffee.web.msm.MemcachedBackupSession;
import de.javakaffee.web.msm.MemcachedBackupSessionManager;

/**
 * Checks corpora/msm against the real msm: for every session case, the same session written by a
 * real {@code MemcachedBackupSessionManager}'s session through {@code TranscoderService} with msm's
 * {@code JavaSerializationTranscoder} must give exactly {@code <dir>/<case>.bin}, the blob that
 * corpora/msm's own re-implementation ({@code Envelope}, {@code AttributeStream}) wrote. Then msm's
 * {@code TranscoderService.deserialize} (fresh transcoder) must read the header back; where it
 * cannot read the attributes, what it throws is printed.
 *
 * <p>Usage: {@code java msmcorpus.EnvelopeCheck <dir>}. Exit status 1 when any blob differs.
 */
public final class EnvelopeCheck {
    private EnvelopeCheck() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: msmcorpus.EnvelopeCheck <dir>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<String> differ = new ArrayList<>();
        int same = 0;
        for (Generator.SessionCase c : Cases.sessions()) {
            BackupSession original = Generator.newSession(Generator.idFor(c.name()));
            c.fill().fill(original);
            RealMsm.PrincipalForm form = c.form() == Envelope.PrincipalForm.TC7 ? RealMsm.PrincipalForm.TC7
                    : RealMsm.PrincipalForm.TC8;
            MemcachedBackupSessionManager manager = RealMsm.manager(form);
            MemcachedBackupSession session = RealMsm.copy(original, manager);
            byte[] real = RealMsm.serialize(session, RealMsm.transcoder(RealMsm.Format.JAVA, manager), c.version());
            byte[] committed = Files.readAllBytes(dir.resolve(c.name() + ".bin"));
            String diff = firstDifference(committed, real);
            String frames = diff == null ? null : onlyStackFramesDiffer(committed, real);
            if (diff != null && frames == null) {
                differ.add(c.name());
                System.out.println("DIFF " + c.name() + ": real msm writes " + diff);
                continue;
            }
            same++;
            String read;
            try {
                MemcachedBackupSessionManager reader = RealMsm.manager(form);
                MemcachedBackupSession back = RealMsm.deserialize(real, RealMsm.transcoder(RealMsm.Format.JAVA, reader),
                        reader);
                RealMsm.checkSameSession(session, back, c.version());
                read = back.getAttributesInternal().size() + " attributes read back";
            } catch (RuntimeException e) {
                read = "msm cannot read it back: " + e.getClass().getName() + ": " + e.getMessage()
                        + (e.getCause() == null ? "" : " <- " + e.getCause());
            }
            System.out.println("same " + c.name() + " (" + real.length + " bytes; " + read + ")");
            if (frames != null) {
                System.out.println("note " + c.name() + ": equal but for the writer's stack frames in "
                        + frames.substring("the ".length()));
            }
        }
        System.out.println(same + " session blobs equal what real msm writes, " + differ.size() + " differ"
                + (differ.isEmpty() ? "" : ": " + differ));
        System.exit(differ.isEmpty() ? 0 : 1);
    }

    private static final byte[] EXCEPTION_START = concat(new byte[] {0x7b, 0x73, 0x72, 0x00, 0x20},
            "java.io.NotSerializableException".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    private static final byte[] MARKER = concat(new byte[] {0x74, 0x00, 0x20},
            "___NOT_SERIALIZABLE_EXCEPTION___".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    /**
     * When a value fails half-way, ObjectOutputStream writes TC_EXCEPTION and the
     * NotSerializableException it caught, whose stack trace is the writer's call stack: the JDK's
     * ObjectOutputStream frames, then whoever called writeObject (corpora/msm's AttributeStream
     * and generator, or msm's JavaSerializationTranscoder, TranscoderService and this checker).
     * Returns a summary when the two blobs are byte-identical except inside that exception
     * object's stack trace (same bytes up to the exception, same exception class, same bytes from
     * msm's marker string on), else null.
     */
    static String onlyStackFramesDiffer(byte[] committed, byte[] real) throws Exception {
        int at = indexOf(committed, EXCEPTION_START);
        int cm = indexOf(committed, MARKER);
        int rm = indexOf(real, MARKER);
        if (at < 0 || cm < 0 || rm < 0 || indexOf(real, EXCEPTION_START) != at) return null;
        if (!java.util.Arrays.equals(committed, 0, at + EXCEPTION_START.length, real, 0, at + EXCEPTION_START.length)) {
            return null;
        }
        if (!java.util.Arrays.equals(committed, cm, committed.length, real, rm, real.length)) return null;
        int from = at + EXCEPTION_START.length;
        for (int i = from; i < Math.min(cm, rm); i++) {
            if (committed[i] != real[i]) {
                return "the exception's stack trace: corpus " + frames(committed) + "; real msm " + frames(real);
            }
        }
        return null;
    }

    private static List<String> frames(byte[] blob) throws Exception {
        int h = (int) Envelope.decodeNum(blob, 2, 2);
        java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(blob, h, blob.length - h));
        int n = (Integer) in.readObject();
        for (int i = 0; i < n; i++) {
            in.readObject();
            try {
                in.readObject();
            } catch (java.io.WriteAbortedException e) {
                List<String> out = new ArrayList<>();
                for (StackTraceElement f : e.detail.getStackTrace()) {
                    if (!f.getClassName().startsWith("java.io.")) out.add(f.getClassName() + "." + f.getMethodName());
                }
                return out;
            }
        }
        return List.of();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) if (data[i + j] != pattern[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String firstDifference(byte[] expected, byte[] actual) {
        int n = Math.min(expected.length, actual.length);
        for (int i = 0; i < n; i++) {
            if (expected[i] != actual[i]) {
                return String.format("%02x at offset %d where the corpus has %02x", actual[i] & 0xff, i,
                        expected[i] & 0xff);
            }
        }
        if (expected.length != actual.length) return actual.length + " bytes where the corpus has " + expected.length;
        return null;
    }
}
