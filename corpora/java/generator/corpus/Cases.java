package corpus;

import java.util.ArrayList;
import java.util.List;

import corpus.Generator.Builder;
import corpus.Generator.Case;

/** The registry of corpus cases: grammar cases, then JDK classes, then sessions. */
final class Cases {
    /** A fixed instant for every date-like value: 2023-11-14T22:13:20.123Z. */
    static final long T0 = 1_700_000_000_123L;

    private final List<Case> cases = new ArrayList<>();

    private Cases() {}

    static List<Case> all() {
        Cases all = new Cases();
        GrammarCases.register(all);
        JdkCases.register(all);
        SessionCases.register(all);
        return all.cases;
    }

    void add(String name, String note, Builder builder) {
        cases.add(new Case(name, note, builder));
    }
}
