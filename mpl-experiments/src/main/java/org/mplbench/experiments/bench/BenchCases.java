package org.mplbench.experiments.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mplbench.config.ConfigException;

/** Every benchmark case, in the order {@code -Dbench=all} runs them, and the groups that name several. */
public final class BenchCases {

    private static final Map<String, BenchCase> CASES = new LinkedHashMap<>();

    static {
        List<BenchCase> all = new ArrayList<>();
        all.addAll(WrnCases.all());
        all.addAll(TwoMoonCases.all());
        all.addAll(AugmentCases.all());
        all.addAll(ImageNetCases.all());
        all.addAll(Table2CpuCases.all());
        for (BenchCase c : all) {
            CASES.put(c.name(), c);
        }
    }

    private BenchCases() {}

    public static Optional<BenchCase> find(String name) {
        return Optional.ofNullable(CASES.get(name));
    }

    /**
     * The cases a {@code -Dbench} value names: {@code all}, a comma-separated list of case names,
     * or a group prefix ({@code twomoon}, {@code mpl}, {@code rss}, {@code wrn}, {@code randaugment}).
     */
    public static List<BenchCase> select(String spec) {
        List<BenchCase> chosen = new ArrayList<>();
        for (String part : spec.split(",")) {
            String name = part.trim();
            List<BenchCase> match = new ArrayList<>();
            if (name.equals("all")) {
                match.addAll(CASES.values());
            } else if (CASES.containsKey(name)) {
                match.add(CASES.get(name));
            } else {
                for (BenchCase c : CASES.values()) {
                    if (c.name().startsWith(name + "-")) {
                        match.add(c);
                    }
                }
            }
            if (match.isEmpty()) {
                throw new ConfigException("-Dbench", "'" + name + "' is not a case or group; cases:\n" + listing());
            }
            for (BenchCase c : match) {
                if (!chosen.contains(c)) {
                    chosen.add(c);
                }
            }
        }
        return chosen;
    }

    public static String listing() {
        StringBuilder sb = new StringBuilder();
        for (BenchCase c : CASES.values()) {
            sb.append(String.format("  %-28s %s%n", c.name(), c.description()));
        }
        return sb.toString();
    }
}
