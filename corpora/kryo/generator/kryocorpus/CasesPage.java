package kryocorpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders cases.md from what the generator wrote and checked. */
final class CasesPage {
    private CasesPage() {}

    static String render(List<Generator.Written> written, List<Generator.Untwinned> untwinned,
            List<SelfCheck.Result> selfChecks) {
        StringBuilder md = new StringBuilder();
        md.append("# Cases of the msm-kryo corpus\n\n");
        md.append("Written by `bash corpora/kryo/generate.sh` (do not edit by hand; README.md explains the corpus,\n");
        md.append("DESCRIPTION.md the JSON files). Every blob was written by real msm (716e147: a real\n");
        md.append("`MemcachedBackupSession`, `KryoTranscoder` through `TranscoderService`) with Kryo 4.0.0 and\n");
        md.append("kryo-serializers 0.41, and read back by real msm (`TranscoderService.deserialize`, fresh transcoder).\n\n");

        List<Generator.Written> twins = new ArrayList<>();
        List<Generator.Written> own = new ArrayList<>();
        for (Generator.Written w : written) (w.twinOf() != null ? twins : own).add(w);

        md.append("## Twins of corpora/msm session cases (").append(twins.size()).append(")\n\n");
        md.append("Same session, same header bytes as `corpora/msm/<case>.bin`; the attributes are written by\n");
        md.append("msm's Kryo transcoder, in the same order. Each twin reads back (real msm) to exactly the `session`\n");
        md.append("and `attributes` of `corpora/msm/<case>.json`; the generator checks this.\n\n");
        md.append("| case | bytes |\n|---|---:|\n");
        for (Generator.Written w : twins) {
            md.append("| `").append(w.name()).append("` | ").append(w.blob().length).append(" |\n");
        }

        md.append("\n## Kryo-only cases (").append(own.size()).append(")\n\n");
        md.append("Version 2 sessions without authentication, times as in corpora/msm, id derived from the case name.\n");
        md.append("Each reads back to the description of the values written (`kryo_jdk_types`: with the\n");
        md.append("Timestamp's nanoseconds cut to milliseconds, as Kryo does).\n\n");
        md.append("| case | bytes | what it holds |\n|---|---:|---|\n");
        for (Generator.Written w : own) {
            md.append("| `").append(w.name()).append("` | ").append(w.blob().length).append(" | ")
                    .append(w.note().replace("|", "\\|")).append(" |\n");
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

        md.append("\n## kryo-format.md bytes compared with real Kryo (on every run)\n\n");
        md.append("Where they differ the real bytes are the corpus; the reason is the generator's record\n");
        md.append("(`SelfCheck.DISAGREE`), checked on every run.\n\n");
        for (SelfCheck.Result r : selfChecks) md.append("- ").append(r.line()).append('\n');
        for (Generator.Written w : written) {
            if (w.notesCheck() != null) md.append("- ").append(w.notesCheck().line()).append('\n');
        }
        return md.toString();
    }
}
