package org.mplbench.reports;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The provenance of a table's results, as its text says it: every runner's table renders its
 * provenance here. Two groupings: {@link #summary} (distinct commits, then distinct environments:
 * the vision tables), and {@link #perEnvironment} (engine and commit per distinct environment: the
 * TwoMoon table, whose committed text keeps that form).
 */
public final class ProvenanceText {

    private ProvenanceText() {}

    /** {@code commit a1b2c3d4e5f6 (dirty), …; MXNet 1.9.1 on cpu(), OMP_NUM_THREADS 2, Java 17.0.15; …}. */
    public static String summary(Collection<ResultRow> rows) {
        Set<String> commits = new LinkedHashSet<>();
        Set<String> engines = new LinkedHashSet<>();
        for (ResultRow r : rows) {
            Provenance p = r.provenance();
            commits.add(shortCommit(p));
            engines.add(p.engine() + " " + p.engineVersion() + " on " + p.device() + ", OMP_NUM_THREADS " + p.threads()
                    + ", Java " + p.javaVersion());
        }
        return "commit " + String.join(", ", commits) + "; " + String.join("; ", engines);
    }

    /** {@code engine MXNet 1.9.1 on cpu(), threads 1, Java 17.0.15, commit `<full hash>`; …}. */
    public static String perEnvironment(Collection<ResultRow> rows) {
        Set<String> out = new LinkedHashSet<>();
        for (ResultRow r : rows) {
            Provenance p = r.provenance();
            out.add(String.format(Locale.ROOT, "engine %s %s on %s, threads %s, Java %s, commit `%s`%s",
                    p.engine(), p.engineVersion(), p.device(), p.threads(), p.javaVersion(), p.commit(),
                    p.dirty() ? " (dirty)" : ""));
        }
        return String.join("; ", out);
    }

    /** The first 12 digits of the commit, marked when the tree was dirty. */
    public static String shortCommit(Provenance p) {
        return p.commit().substring(0, Math.min(12, p.commit().length())) + (p.dirty() ? " (dirty)" : "");
    }
}
