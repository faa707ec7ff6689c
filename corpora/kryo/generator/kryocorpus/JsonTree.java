package kryocorpus;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import corpus.Json;

/**
 * Reads the JSON the corpus writes (objects, arrays, strings, integers, true/false/null) and
 * finds the first place where two documents differ.
 */
final class JsonTree {
    private final String text;
    private int at;

    private JsonTree(String text) {
        this.text = text;
    }

    static Object parse(String text) {
        JsonTree p = new JsonTree(text);
        Object value = p.value();
        p.space();
        if (p.at != text.length()) throw p.error("text after the value");
        return value;
    }

    /** The value as it reads back from its own JSON text (so both sides have the same types). */
    static Object normalise(Object value) {
        return parse(Json.compact(value));
    }

    /** {@code null} when equal, else the path of the first difference and both values there. */
    static String firstDifference(Object expected, Object actual) {
        return diff("$", expected, actual);
    }

    private static String diff(String path, Object e, Object a) {
        if (e instanceof Map<?, ?> em && a instanceof Map<?, ?> am) {
            Iterator<? extends Map.Entry<?, ?>> ei = em.entrySet().iterator();
            Iterator<? extends Map.Entry<?, ?>> ai = am.entrySet().iterator();
            while (ei.hasNext() || ai.hasNext()) {
                if (!ei.hasNext()) return path + ": unexpected key \"" + ai.next().getKey() + "\"";
                if (!ai.hasNext()) return path + ": missing key \"" + ei.next().getKey() + "\"";
                Map.Entry<?, ?> ee = ei.next();
                Map.Entry<?, ?> ae = ai.next();
                if (!ee.getKey().equals(ae.getKey())) {
                    return path + ": key \"" + ae.getKey() + "\" where \"" + ee.getKey() + "\" was expected";
                }
                String d = diff(path + "." + ee.getKey(), ee.getValue(), ae.getValue());
                if (d != null) return d;
            }
            return null;
        }
        if (e instanceof List<?> el && a instanceof List<?> al) {
            for (int i = 0; i < Math.min(el.size(), al.size()); i++) {
                String d = diff(path + "[" + i + "]", el.get(i), al.get(i));
                if (d != null) return d;
            }
            if (el.size() != al.size()) return path + ": " + al.size() + " items, expected " + el.size();
            return null;
        }
        if (Objects.equals(e, a)) return null;
        return path + ": " + shorten(Json.compact(a)) + ", expected " + shorten(Json.compact(e));
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    // ---------------------------------------------------------------------------- parsing

    private Object value() {
        space();
        if (at >= text.length()) throw error("unexpected end");
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                return number();
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        at++;
        space();
        if (peek() == '}') {
            at++;
            return m;
        }
        for (;;) {
            space();
            if (peek() != '"') throw error("expected a key");
            String key = string();
            space();
            expect(':');
            m.put(key, value());
            space();
            if (peek() == ',') {
                at++;
                continue;
            }
            expect('}');
            return m;
        }
    }

    private List<Object> array() {
        List<Object> l = new ArrayList<>();
        at++;
        space();
        if (peek() == ']') {
            at++;
            return l;
        }
        for (;;) {
            l.add(value());
            space();
            if (peek() == ',') {
                at++;
                continue;
            }
            expect(']');
            return l;
        }
    }

    private String string() {
        at++;
        StringBuilder sb = new StringBuilder();
        for (;;) {
            if (at >= text.length()) throw error("unterminated string");
            char c = text.charAt(at++);
            if (c == '"') return sb.toString();
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private Object number() {
        int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) at++;
        String n = text.substring(start, at);
        if (n.isEmpty()) throw error("unexpected character");
        if (n.contains(".") || n.contains("e") || n.contains("E")) return new BigDecimal(n);
        return new BigInteger(n);
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, at)) throw error("expected " + word);
        at += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) throw error("expected '" + c + "'");
        at++;
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void space() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("JSON: " + what + " at offset " + at);
    }
}
