package kryocorpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders cases.md from what the generator wrote and checked. */
final class CasesPage {
    private CasesPage() {}

    static String render(List<Generator.Written> written, List<Generator.Untwinned> untwinned, List<String> selfChecks) {
        StringBuilder md = new StringBuilder();
        md.append("# Cases of the msm-kryo corpus\n\n");
        md.append("Written by `bash corpora/kryo/generate.sh` (do not edit by hand; README.md explains the corpus,\n");
        md.append("DESCRIPTION.md the JSON files). Harness serializers are marked **4.0** where they write Kryo 4.0.0\n");
        md.append("bytes that Debian's Kryo 2.20 does not write, **ks** where they stand in for kryo-serializers 0.41\n");
        md.append("(not packaged), **read** where only Kryo 4.0's read behaviour is reproduced.\n\n");

        List<Generator.Written> twins = new ArrayList<>();
        List<Generator.Written> own = new ArrayList<>();
        for (Generator.Written w : written) (w.twinOf() != null ? twins : own).add(w);

        md.append("## Twins of corpora/msm session cases (").append(twins.size()).append(")\n\n");
        md.append("Same session, same header bytes as `corpora/msm/<case>.bin`; the attributes are written by\n");
        md.append("msm's Kryo transcoder, in the same order. Each twin reads back (Kryo) to exactly the `session` and\n");
        md.append("`attributes` of `corpora/msm/<case>.json`; the generator checks this.\n\n");
        md.append("| case | bytes | harness serializers |\n|---|---:|---|\n");
        for (Generator.Written w : twins) {
            md.append("| `").append(w.name()).append("` | ").append(w.blob().length).append(" | ")
                    .append(harness(w)).append(" |\n");
        }

        md.append("\n## Kryo-only cases (").append(own.size()).append(")\n\n");
        md.append("Version 2 sessions without authentication, times as in corpora/msm, id derived from the case name.\n");
        md.append("Each reads back to the description of the values written (`kryo_jdk_types`: with the\n");
        md.append("Timestamp's nanoseconds cut to milliseconds, as Kryo does).\n\n");
        md.append("| case | bytes | what it holds | harness serializers |\n|---|---:|---|---|\n");
        for (Generator.Written w : own) {
            md.append("| `").append(w.name()).append("` | ").append(w.blob().length).append(" | ")
                    .append(w.note().replace("|", "\\|")).append(" | ").append(harness(w)).append(" |\n");
        }

        md.append("\n## corpora/msm session cases without a twin (").append(untwinned.size()).append(")\n\n");
        md.append("The generator writes each of them anyway and requires the check to fail; the last column is\n");
        md.append("what it ran into.\n\n");
        md.append("| case | why | the attempt |\n|---|---|---|\n");
        for (Generator.Untwinned u : untwinned) {
            md.append("| `").append(u.name()).append("` | ").append(u.reason().replace("|", "\\|")).append(" | ")
                    .append(u.observed().replace("|", "\\|").replace("`", "'")).append(" |\n");
        }
        md.append("\nNot session blobs, so not twinned: `kryo_example` (already a Kryo blob; the twin of `example_v2`\n");
        md.append("is byte for byte the same), `ping_1byte`, `lock`, `validity_*`.\n");

        md.append("\n## Harness serializers and the cases that use them\n\n");
        md.append("| serializer | kind | why | cases |\n|---|---|---|---|\n");
        Map<Harness, List<String>> users = new LinkedHashMap<>();
        for (Harness h : Harness.values()) users.put(h, new ArrayList<>());
        for (Generator.Written w : written) for (Harness h : w.harness()) users.get(h).add(w.name());
        for (Map.Entry<Harness, List<String>> e : users.entrySet()) {
            Harness h = e.getKey();
            List<String> cases = e.getValue();
            md.append("| ").append(h.serializer).append(" | ").append(mark(h)).append(" | ").append(h.why)
                    .append(" | ").append(cases.isEmpty() ? "none (configuration only, for reading)"
                            : String.join(", ", cases.stream().map(c -> "`" + c + "`").toList()))
                    .append(" |\n");
        }
        md.append("\nEvery blob also relies on two configuration switches, not serializers: `void` registered as id 9\n");
        md.append("(with 2.20's Double/void mix-up undone) and `Util.isAndroid = true` (reflection for every field, so\n");
        md.append("public fields keep their generic type arguments).\n");

        md.append("\n## Classes written with FieldSerializer\n\n");
        md.append("Their values have no field names or counts in the stream; a reader needs these layouts (from\n");
        md.append("`app-classes.jar` or, for JDK classes, from the JDK). Fields in the order Kryo writes them; a type\n");
        md.append("marked final is written without a class tag (a null/reference marker, then the value).\n\n");
        md.append("| class | fields | cases |\n|---|---|---|\n");
        Map<String, String> layouts = new java.util.TreeMap<>();
        Map<String, List<String>> layoutCases = new java.util.TreeMap<>();
        for (Generator.Written w : written) {
            for (Map.Entry<String, String> e : w.layouts().entrySet()) {
                String before = layouts.put(e.getKey(), e.getValue());
                if (before != null && !before.equals(e.getValue())) throw new IllegalStateException(e.getKey());
                layoutCases.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(w.name());
            }
        }
        for (Map.Entry<String, String> e : layouts.entrySet()) {
            List<String> cases = layoutCases.get(e.getKey());
            String shown = cases.size() <= 4 ? String.join(", ", cases.stream().map(c -> "`" + c + "`").toList())
                    : cases.size() + " cases";
            md.append("| `").append(e.getKey()).append("` | ").append(e.getValue().replace("|", "\\|"))
                    .append(" | ").append(shown).append(" |\n");
        }

        md.append("\n## Self-checks (kryo-format.md bytes, checked on every run)\n\n");
        for (String s : selfChecks) md.append("- ").append(s).append('\n');
        for (Generator.Written w : written) {
            if (w.notesCheck() != null) md.append("- ").append(w.notesCheck()).append('\n');
        }
        return md.toString();
    }

    private static String mark(Harness h) {
        return switch (h.origin) {
            case KRYO_SERIALIZERS -> "ks";
            case KRYO_4_BYTES -> "4.0";
            case KRYO_4_READ -> "read";
        };
    }

    private static String harness(Generator.Written w) {
        if (w.harness().isEmpty()) return "-";
        List<String> parts = new ArrayList<>();
        for (Harness h : w.harness()) {
            if (h == Harness.VOID) continue;
            parts.add(h.serializer + " (" + mark(h) + ")");
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }
}
