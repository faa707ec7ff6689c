package corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * Public entry to {@link Describer}, which is package-private in corpora/java/generator. The msm
 * corpus compiles that source tree unchanged next to its own and reaches the describer only
 * through this class, so both corpora share one implementation of DESCRIPTION.md's rules.
 */
public final class DescriberAccess {
    private DescriberAccess() {}

    /** The top-level items of one stream, in stream order (see {@link Describer.Item}). */
    public static final class Items {
        private final List<Describer.Item> list = new ArrayList<>();

        /** An object Java read (or, for originals, wrote) with {@code readObject}/{@code writeObject}. */
        public Items object(Object value) {
            list.add(new Describer.Obj(value));
            return this;
        }

        /** A {@code TC_EXCEPTION}: the exception the writer caught (and the reader's cause). */
        public Items failure(Throwable thrown) {
            list.add(new Describer.Failure(thrown));
            return this;
        }

        /** The writer cleared its handle table here; only honoured for originals. */
        public Items reset() {
            list.add(new Describer.Reset());
            return this;
        }
    }

    /**
     * The descriptions of {@code items} in one identity scope: one entry per object and per
     * failure, none for resets.
     */
    public static List<Object> contents(Items items, boolean honourResets) {
        return Describer.contents(items.list, honourResets);
    }

    /**
     * {@link #contents} (no resets) with the describer's extended rules for what Java
     * serialization cannot write (corpora/beyond/DESCRIPTION.md).
     */
    public static List<Object> contentsExtended(Items items) {
        return Describer.contentsExtended(items.list);
    }

    /** One value in its own identity scope. */
    public static Object describe(Object value) {
        return contents(new Items().object(value), false).get(0);
    }

    public static String hex(byte[] bytes) {
        return Describer.hex(bytes);
    }
}
