package census;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/** Short, deterministic text for exceptions and values. */
final class Report {
    private Report() { }

    static final int MAX = 160;

    /** "ExceptionClass: first line of message", for the innermost informative exception. */
    static String error(Throwable t) {
        while (t instanceof InvocationTargetException && t.getCause() != null) t = t.getCause();
        String msg = t.getMessage();
        if (msg != null) {
            int nl = msg.indexOf('\n');
            if (nl >= 0) msg = msg.substring(0, nl);
            msg = msg.trim();
        }
        String s = t.getClass().getName() + (msg == null || msg.isEmpty() ? "" : ": " + msg);
        return clip(stable(ascii(s)), 240);
    }

    /** error(t) for t and each distinct cause below it, joined with " <- ". */
    static String chain(Throwable t) {
        List<String> parts = new ArrayList<>();
        java.util.Set<Throwable> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable k = t; k != null && seen.add(k); k = k.getCause()) {
            String e = error(k);
            if (parts.isEmpty() || !parts.get(parts.size() - 1).contains(e)) parts.add(e);
        }
        return clip(String.join(" <- ", parts), 400);
    }

    /**
     * Removes what differs between runs: hidden-class addresses and counters of lambdas, proxy
     * class numbers, identity hash codes printed by Object.toString().
     */
    static String stable(String s) {
        return s.replaceAll("\\$\\$Lambda\\$\\d+(/0x[0-9a-f]+)?", "\\$\\$Lambda")
                .replaceAll("\\$Proxy\\d+", "\\$Proxy")
                .replaceAll("jdk\\.proxy\\d+", "jdk.proxyN")
                .replaceAll("@[0-9a-f]{4,8}\\b", "@(hash)");
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    /**
     * A class name that is the same in every run: a hidden class (lambda) without the
     * "/address" suffix, a proxy class as the interfaces it implements.
     */
    static String className(Class<?> c) {
        if (java.lang.reflect.Proxy.isProxyClass(c)) {
            List<String> names = new ArrayList<>();
            for (Class<?> i : c.getInterfaces()) names.add(i.getName());
            return "proxy" + names;
        }
        String n = c.getName();
        int slash = n.indexOf('/');
        if (c.isHidden() && slash > 0) n = n.substring(0, slash);
        return n.replaceAll("\\$\\$Lambda\\$\\d+", "\\$\\$Lambda");
    }

    /** A value shown without identity hash codes and with unordered collections sorted. */
    static String show(Object v) {
        return clip(showFull(v), MAX);
    }

    /**
     * "x -> y" for two printed values; when long, only the part where they differ (with a little
     * context), so the difference is not cut off.
     */
    static String contrast(String x, String y) {
        if (x.length() <= MAX / 2 && y.length() <= MAX / 2) return x + " -> " + y;
        int p = 0;
        while (p < x.length() && p < y.length() && x.charAt(p) == y.charAt(p)) p++;
        int s = 0;
        while (s < x.length() - p && s < y.length() - p
                && x.charAt(x.length() - 1 - s) == y.charAt(y.length() - 1 - s)) s++;
        int from = Math.max(0, p - 20);
        String xs = (from > 0 ? "..." : "") + x.substring(from, x.length() - s) + (s > 0 ? "..." : "");
        String ys = (from > 0 ? "..." : "") + y.substring(from, y.length() - s) + (s > 0 ? "..." : "");
        return clip(xs, MAX / 2) + " -> " + clip(ys, MAX / 2);
    }

    /** show() without the length limit, for telling values apart. */
    static String showFull(Object v) {
        return ascii(show(v, 0));
    }

    /** Characters outside printable ASCII as \\uXXXX, so reports are plain ASCII whatever the values hold. */
    static String ascii(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) sb.append(c);
            else sb.append(String.format("\\u%04x", (int) c));
        }
        return sb.toString();
    }

    private static String show(Object v, int depth) {
        if (v == null) return "null";
        if (depth > 3) return "...";
        Class<?> c = v.getClass();
        if (v instanceof String) return "\"" + v + "\"";
        if (v instanceof Class) return "class " + className((Class<?>) v);
        if (v instanceof java.util.Calendar) {
            java.util.Calendar cal = (java.util.Calendar) v;
            String s = c.getName() + "[time=" + cal.getTimeInMillis() + ", zone=" + cal.getTimeZone().getID()
                    + ", lenient=" + cal.isLenient() + ", firstDayOfWeek=" + cal.getFirstDayOfWeek()
                    + ", minimalDaysInFirstWeek=" + cal.getMinimalDaysInFirstWeek();
            if (cal instanceof java.util.GregorianCalendar) {
                s += ", gregorianChange=" + ((java.util.GregorianCalendar) cal).getGregorianChange().getTime();
            }
            return s + "]";
        }
        if (v instanceof java.util.TimeZone && !(v instanceof java.util.SimpleTimeZone)) {
            java.util.TimeZone z = (java.util.TimeZone) v;
            return c.getName() + "[id=" + z.getID() + ", rawOffset=" + z.getRawOffset() + ", dst=" + z.useDaylightTime() + "]";
        }
        if (c.isArray()) {
            int n = Array.getLength(v);
            StringBuilder sb = new StringBuilder(c.getComponentType().getName()).append('[').append(n).append("]{");
            for (int i = 0; i < n && i < 8; i++) {
                if (i > 0) sb.append(", ");
                sb.append(show(Array.get(v, i), depth + 1));
            }
            if (n > 8) sb.append(", ...");
            return sb.append('}').toString();
        }
        if (v instanceof Collection && !(v instanceof List) && !(v instanceof SortedSet)
                && !(v instanceof java.util.LinkedHashSet) && !(v instanceof java.util.Queue)) {
            List<String> parts = new ArrayList<>();
            try {
                for (Object e : (Collection<?>) v) parts.add(show(e, depth + 1));
            } catch (RuntimeException e) {
                return c.getName() + "(unreadable: " + error(e) + ")";
            }
            Collections.sort(parts);
            return "{" + String.join(", ", parts) + "}";
        }
        if (v instanceof Map && !(v instanceof SortedMap) && !(v instanceof java.util.LinkedHashMap)) {
            List<String> parts = new ArrayList<>();
            try {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    parts.add(show(e.getKey(), depth + 1) + "=" + show(e.getValue(), depth + 1));
                }
            } catch (RuntimeException e) {
                return c.getName() + "(unreadable: " + error(e) + ")";
            }
            Collections.sort(parts);
            return "{" + String.join(", ", parts) + "}";
        }
        try {
            if (c.getMethod("toString").getDeclaringClass() == Object.class) return "a " + className(c);
            return v.toString();
        } catch (Throwable t) {
            return "a " + c.getName() + " (toString throws " + t.getClass().getName() + ")";
        }
    }
}
