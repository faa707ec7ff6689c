package msmcorpus;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javolution.text.TextBuilder;
import javolution.text.TypeFormat;

/**
 * The text Javolution 5.4.3.1 writes for a double or float XML attribute, and the bits it
 * parses back from that text: a reference for testing another formatter.
 *
 * <p>{@code XMLFormat.OutputElement.setAttribute(name, double|float)} formats with
 * {@code TextBuilder.append(double|float)}, and {@code InputElement.getAttribute(name, double|float)}
 * parses with {@code CharArray.toDouble|toFloat}, that is {@code TypeFormat.parseDouble|parseFloat}
 * (read off the 5.4.3.1 bytecode). This tool calls those four, and before printing checks every
 * value through a real {@code XMLObjectWriter} and {@code XMLObjectReader} with msm's binding:
 * the text in the document must be the text printed, and the value read the bits printed.
 *
 * <p>Usage:
 * <ul>
 *   <li>{@code JavolutionNumbers}: reads lines {@code d <hex>} ({@code Double.doubleToRawLongBits})
 *       or {@code f <hex>} ({@code Float.floatToRawIntBits}) from stdin, with or without
 *       {@code 0x}, and prints per line {@code <text>\t<parsed hex>}, the hex zero-padded,
 *       lowercase, with {@code 0x} when the input had it.</li>
 *   <li>{@code JavolutionNumbers --random N SEED}: N doubles, then N floats, each printed as
 *       {@code d <hex>\t<text>\t<parsed hex>} (or {@code f ...}), hex without {@code 0x}.</li>
 * </ul>
 * A text Javolution cannot parse back prints {@code error: <exception>} as its parsed value.
 */
public final class JavolutionNumbers {
    private JavolutionNumbers() {}

    /** One value: its kind, input bits, and the form its hex is printed in. */
    private record Value(boolean isDouble, long bits, boolean prefixed) {
        Object boxed() {
            return isDouble ? (Object) Double.longBitsToDouble(bits) : (Object) Float.intBitsToFloat((int) bits);
        }

        String hex(long b) {
            String h = isDouble ? String.format("%016x", b) : String.format("%08x", (int) b);
            return prefixed ? "0x" + h : h;
        }
    }

    /** What Javolution writes for the value and what it reads back (bits, or the failure). */
    private record Result(String text, Long parsed, String error) {}

    public static void main(String[] args) throws Exception {
        List<Value> values = new ArrayList<>();
        boolean random = args.length > 0 && args[0].equals("--random");
        if (random) {
            if (args.length != 3) usage();
            int n = Integer.parseInt(args[1]);
            SplittableRandom rnd = new SplittableRandom(Long.parseLong(args[2]));
            for (int i = 0; i < n; i++) values.add(new Value(true, Double.doubleToRawLongBits(randomDouble(rnd)), false));
            for (int i = 0; i < n; i++) values.add(new Value(false, Float.floatToRawIntBits(randomFloat(rnd)), false));
        } else {
            if (args.length != 0) usage();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null;) {
                line = line.trim();
                if (line.isEmpty()) continue;
                String[] parts = line.split("\\s+");
                if (parts.length != 2 || !(parts[0].equals("d") || parts[0].equals("f"))) {
                    throw new IllegalArgumentException("expected 'd <hex>' or 'f <hex>': " + line);
                }
                String hex = parts[1];
                boolean prefixed = hex.startsWith("0x") || hex.startsWith("0X");
                if (prefixed) hex = hex.substring(2);
                boolean isDouble = parts[0].equals("d");
                long bits = isDouble ? Long.parseUnsignedLong(hex, 16) : Integer.parseUnsignedInt(hex, 16);
                values.add(new Value(isDouble, bits, prefixed));
            }
        }

        List<Result> results = new ArrayList<>();
        for (Value v : values) results.add(javolution(v));
        confirm(values, results);

        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        for (int i = 0; i < values.size(); i++) {
            Value v = values.get(i);
            Result r = results.get(i);
            String parsed = r.error() != null ? "error: " + r.error() : v.hex(r.parsed());
            if (random) out.print((v.isDouble() ? "d " : "f ") + v.hex(v.bits()) + "\t");
            out.print(r.text() + "\t" + parsed + "\n");
        }
        out.flush();
    }

    private static void usage() {
        System.err.println("usage: msmcorpus.JavolutionNumbers [--random N SEED]  (stdin: lines 'd <hex>' or 'f <hex>')");
        System.exit(2);
    }

    /** What setAttribute writes and getAttribute reads, by the calls they make. */
    private static Result javolution(Value v) {
        String text;
        if (v.isDouble()) {
            text = new TextBuilder().append(Double.longBitsToDouble(v.bits())).toString();
        } else {
            text = new TextBuilder().append(Float.intBitsToFloat((int) v.bits())).toString();
        }
        try {
            long parsed = v.isDouble()
                    ? Double.doubleToRawLongBits(TypeFormat.parseDouble(text))
                    : Float.floatToRawIntBits(TypeFormat.parseFloat(text));
            return new Result(text, parsed, null);
        } catch (RuntimeException e) {
            return new Result(text, null, e.toString());
        }
    }

    private static final Pattern VALUE = Pattern.compile(
            "<v class=\"java\\.lang\\.(Double|Float)\" value=\"([^\"]*)\"/>");

    /**
     * Every value through the real thing: a Double or Float attribute of a map written by
     * XMLObjectWriter with msm's binding (Javolution's Double/Float formats call
     * setAttribute("value", double|float)), and read back by XMLObjectReader. Batches of values
     * that parse are read in one document; a value that did not parse must fail alone too.
     */
    private static void confirm(List<Value> values, List<Result> results) throws Exception {
        final int batch = 1000;
        for (int from = 0; from < values.size(); from += batch) {
            int to = Math.min(values.size(), from + batch);
            Map<String, Object> map = new ConcurrentHashMap<>();
            for (int i = from; i < to; i++) {
                if (results.get(i).error() == null) map.put(Integer.toString(i), values.get(i).boxed());
            }
            if (!map.isEmpty()) {
                byte[] xml = JavolutionTwins.toXml(map);
                Map<String, Object> read = JavolutionTwins.fromXml(xml);
                Matcher m = VALUE.matcher(new String(xml, StandardCharsets.UTF_8));
                Pattern key = Pattern.compile("<k class=\"java\\.lang\\.String\" __id=\"\\d+\" value=\"(\\d+)\"/>");
                Matcher k = key.matcher(new String(xml, StandardCharsets.UTF_8));
                int seen = 0;
                while (k.find()) {
                    if (!m.find(k.end()) || m.start() != k.end()) {
                        throw new IllegalStateException("unexpected document near " + k.group());
                    }
                    int i = Integer.parseInt(k.group(1));
                    Result r = results.get(i);
                    if (!m.group(2).equals(r.text())) {
                        throw new IllegalStateException("value " + i + ": XMLObjectWriter wrote " + m.group(2)
                                + ", TextBuilder " + r.text());
                    }
                    long bits = bits(read.get(k.group(1)));
                    if (bits != r.parsed()) {
                        throw new IllegalStateException("value " + i + ": XMLObjectReader read "
                                + Long.toHexString(bits) + ", TypeFormat " + Long.toHexString(r.parsed()));
                    }
                    seen++;
                }
                if (seen != map.size()) throw new IllegalStateException("found " + seen + " of " + map.size());
            }
            for (int i = from; i < to; i++) {
                if (results.get(i).error() == null) continue;
                Map<String, Object> alone = new ConcurrentHashMap<>();
                alone.put("x", values.get(i).boxed());
                byte[] xml = JavolutionTwins.toXml(alone);
                try {
                    JavolutionTwins.fromXml(xml);
                } catch (Exception expected) {
                    continue;
                }
                throw new IllegalStateException("value " + i + ": XMLObjectReader reads what TypeFormat refuses");
            }
        }
    }

    private static long bits(Object o) {
        if (o instanceof Double d) return Double.doubleToRawLongBits(d);
        return Float.floatToRawIntBits((Float) o);
    }

    // ---------------------------------------------------------------------------- random values

    private static final double[] DOUBLE_SPECIALS = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
            -Double.MAX_VALUE, 1.0, -1.0, 0.1, 0.001, 1e-3 - Math.ulp(1e-3), 1e7, 1e7 - 1, 9999999.999999998,
            Math.ulp(1.0), 0x1p53, 0x1p63, 0x1p64};
    private static final float[] FLOAT_SPECIALS = {0.0f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
            -Float.MAX_VALUE, 1.0f, -1.0f, 0.1f, 0.001f, 1e7f, 9999999f, 16777216f, 0x1p63f, 1.0f / 3};

    /** Random bits, decimals people type (0.1*k, k/100, k*10^e), integers, tiny, huge, specials. */
    private static double randomDouble(SplittableRandom r) {
        switch (r.nextInt(8)) {
            case 0:
                return Double.longBitsToDouble(r.nextLong());
            case 1:
                return r.nextInt(-100_000, 100_001) * 0.1;
            case 2:
                return Double.parseDouble(r.nextInt(-1_000_000, 1_000_001) + "e" + r.nextInt(-12, 13));
            case 3:
                return r.nextInt(-100_000, 100_001) / 100.0;
            case 4:
                return r.nextBoolean() ? (double) r.nextLong(-(1L << 53), (1L << 53) + 1) : (double) r.nextLong();
            case 5: {
                // tiny: subnormals and small normals
                long mantissa = r.nextLong() & 0x000f_ffff_ffff_ffffL;
                long exponent = r.nextBoolean() ? 0 : r.nextLong(1, 60);
                return Double.longBitsToDouble((r.nextBoolean() ? Long.MIN_VALUE : 0) | exponent << 52 | mantissa);
            }
            case 6: {
                // huge: the top of the range
                long mantissa = r.nextLong() & 0x000f_ffff_ffff_ffffL;
                long exponent = r.nextLong(0x7ff - 60, 0x7ff);
                return Double.longBitsToDouble((r.nextBoolean() ? Long.MIN_VALUE : 0) | exponent << 52 | mantissa);
            }
            default:
                return DOUBLE_SPECIALS[r.nextInt(DOUBLE_SPECIALS.length)];
        }
    }

    private static float randomFloat(SplittableRandom r) {
        switch (r.nextInt(8)) {
            case 0:
                return Float.intBitsToFloat(r.nextInt());
            case 1:
                return r.nextInt(-100_000, 100_001) * 0.1f;
            case 2:
                return Float.parseFloat(r.nextInt(-100_000, 100_001) + "e" + r.nextInt(-8, 9));
            case 3:
                return r.nextInt(-100_000, 100_001) / 100.0f;
            case 4:
                return r.nextBoolean() ? (float) r.nextInt(-(1 << 24), (1 << 24) + 1) : (float) r.nextLong();
            case 5: {
                int mantissa = r.nextInt() & 0x007f_ffff;
                int exponent = r.nextBoolean() ? 0 : r.nextInt(1, 20);
                return Float.intBitsToFloat((r.nextBoolean() ? Integer.MIN_VALUE : 0) | exponent << 23 | mantissa);
            }
            case 6: {
                int mantissa = r.nextInt() & 0x007f_ffff;
                int exponent = r.nextInt(0xff - 20, 0xff);
                return Float.intBitsToFloat((r.nextBoolean() ? Integer.MIN_VALUE : 0) | exponent << 23 | mantissa);
            }
            default:
                return FLOAT_SPECIALS[r.nextInt(FLOAT_SPECIALS.length)];
        }
    }
}
