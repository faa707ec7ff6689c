package corpus;

import java.util.List;
import java.util.Map;

/**
 * A small JSON writer for the corpus descriptions.
 *
 * <p>Values are {@code null}, {@link Boolean}, {@link Integer}/{@link Long}/{@link java.math.BigInteger},
 * {@link String}, {@link List} and {@link Map} (string keys, written in the map's iteration order,
 * so callers use {@link java.util.LinkedHashMap}).
 *
 * <p>Output is pure ASCII: {@code "} and {@code \} are escaped, control characters and every
 * non-ASCII character are written as {@code \}{@code uXXXX} (supplementary characters as an escaped
 * surrogate pair). A string holding an unpaired surrogate is refused: descriptions must use the
 * {@code {"utf16": [...]}} form for those, so no lone surrogate escape ever reaches a file.
 *
 * <p>Layout: a container is written on one line when that line fits in {@link #WIDTH} columns,
 * otherwise one member per line, indented by two spaces.
 */
public final class Json {
    private static final int WIDTH = 100;

    private Json() {}

    /** The document as pretty-printed text with a trailing newline. */
    public static String pretty(Object value) {
        StringBuilder out = new StringBuilder();
        pretty(value, 0, 0, out);
        return out.append('\n').toString();
    }

    /** The value on one line, no spaces. */
    public static String compact(Object value) {
        StringBuilder out = new StringBuilder();
        compact(value, out);
        return out.toString();
    }

    private static void compact(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) out.append(',');
                first = false;
                string((String) e.getKey(), out);
                out.append(':');
                compact(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) out.append(',');
                compact(list.get(i), out);
            }
            out.append(']');
        } else {
            scalar(value, out);
        }
    }

    /**
     * Writes {@code value} at the current position. {@code indent} is the nesting level and
     * {@code column} the column the value starts at (used to decide whether it fits on the line).
     */
    private static void pretty(Object value, int indent, int column, StringBuilder out) {
        if (!(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
            scalar(value, out);
            return;
        }
        String flat = oneLine(value);
        if (column + flat.length() <= WIDTH || isEmpty(value)) {
            out.append(flat);
            return;
        }
        String pad = "  ".repeat(indent + 1);
        if (value instanceof Map<?, ?> map) {
            out.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(pad);
                int before = out.length();
                string((String) e.getKey(), out);
                out.append(": ");
                pretty(e.getValue(), indent + 1, pad.length() + out.length() - before, out);
                out.append(++i < map.size() ? ",\n" : "\n");
            }
            out.append("  ".repeat(indent)).append('}');
        } else {
            List<?> list = (List<?>) value;
            out.append("[\n");
            for (int i = 0; i < list.size(); i++) {
                out.append(pad);
                pretty(list.get(i), indent + 1, pad.length(), out);
                out.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            out.append("  ".repeat(indent)).append(']');
        }
    }

    private static boolean isEmpty(Object value) {
        return value instanceof Map<?, ?> m ? m.isEmpty() : ((List<?>) value).isEmpty();
    }

    /** One-line form with a space after ':' and ',' (used when it fits). */
    private static String oneLine(Object value) {
        StringBuilder out = new StringBuilder();
        oneLine(value, out);
        return out.toString();
    }

    private static void oneLine(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) out.append(", ");
                first = false;
                string((String) e.getKey(), out);
                out.append(": ");
                oneLine(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) out.append(", ");
                oneLine(list.get(i), out);
            }
            out.append(']');
        } else {
            scalar(value, out);
        }
    }

    private static void scalar(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof java.math.BigInteger) {
            out.append(value);
        } else if (value instanceof String s) {
            string(s, out);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new IllegalArgumentException("unpaired surrogate in JSON string at " + i);
                }
            } else if (Character.isLowSurrogate(c)) {
                if (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1))) {
                    throw new IllegalArgumentException("unpaired surrogate in JSON string at " + i);
                }
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** True when the string holds a surrogate that is not part of a well-formed pair. */
    public static boolean hasUnpairedSurrogate(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
