package org.mplbench.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Names a machine kind for its results file: CPU model, cores and memory, e.g.
 * {@code amd-epyc-2c-24g}, so that runs on the same kind of machine share one file whatever the
 * host name. {@code -Dbench.machine} overrides it.
 */
public final class MachineId {

    private MachineId() {}

    public static String current() {
        String model = cpuModel();
        int cores = Runtime.getRuntime().availableProcessors();
        long memGb = Math.round(memoryKb() / 1024.0 / 1024.0);
        return slug(model) + "-" + cores + "c" + (memGb > 0 ? "-" + memGb + "g" : "");
    }

    static String slug(String s) {
        String slug = s.toLowerCase(Locale.ROOT)
                .replaceAll("\\((r|tm)\\)", "")
                .replaceAll("\\b(cpu|processor|\\d+-core)\\b", "")
                .replaceAll("@.*", "")
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-+|-+$)", "");
        return slug.isEmpty() ? "unknown-cpu" : slug;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.arch", "unknown-cpu");
    }

    private static long memoryKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return 0;
    }
}
