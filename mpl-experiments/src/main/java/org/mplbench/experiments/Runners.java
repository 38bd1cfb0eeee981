package org.mplbench.experiments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mplbench.experiments.run.Runner;
import org.mplbench.experiments.table2.Table2Runner;
import org.mplbench.experiments.table3.Table3Runner;
import org.mplbench.experiments.table4.Table1Runner;
import org.mplbench.experiments.table4.Table4Runner;
import org.mplbench.experiments.twomoon.TwoMoonRunner;
import org.mplbench.experiments.twomoon.TwoMoonSweepRunner;
import org.mplbench.experiments.vision.SyntheticCifarRunner;

/** The registry of runners, in the order they are listed. */
public final class Runners {

    private Runners() {}

    public static List<Runner> all() {
        return List.of(new TwoMoonRunner(), new TwoMoonSweepRunner(), new Table2Runner(), new Table3Runner(),
                new Table4Runner(), new Table1Runner(),
                new SyntheticCifarRunner());
    }

    public static Optional<Runner> find(String table) {
        for (Runner r : all()) {
            if (r.name().equals(table) || r.aliases().contains(table)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Lines like {@code twomoon (alias fig2)  Sec. 3.1 / Figure 2 ...}. */
    public static String listing() {
        Map<String, String> lines = new LinkedHashMap<>();
        for (Runner r : all()) {
            String names = r.name() + (r.aliases().isEmpty() ? "" : " (alias " + String.join(", ", r.aliases()) + ")");
            lines.put(names, r.description());
        }
        int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        lines.forEach((k, v) -> sb.append("  ").append(String.format("%-" + width + "s", k)).append("  ").append(v).append('\n'));
        return sb.toString();
    }
}
