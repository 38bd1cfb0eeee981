package org.mplbench.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used by other processes while a case runs, in cores (0 = a quiet machine, 1 = one core
 * busy elsewhere on average): busy time of the whole machine from {@code /proc/stat} minus this
 * process's own and its finished children's from {@code /proc/self/stat}. {@code NaN} where {@code /proc} is not available.
 */
public final class LoadMonitor {

    private final long busy0;
    private final long total0;
    private final long self0;

    private LoadMonitor(long[] machine, long self) {
        this.busy0 = machine[0];
        this.total0 = machine[1];
        this.self0 = self;
    }

    public static LoadMonitor start() {
        return new LoadMonitor(machine(), self());
    }

    /** Average cores busy in other processes since {@link #start()}. */
    public double otherCores() {
        long[] m = machine();
        long self = self();
        if (m[1] < 0 || self < 0 || busy0 < 0 || self0 < 0 || m[1] == total0) {
            return Double.NaN;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double elapsedTicksPerCore = (double) (m[1] - total0) / cores;
        double other = (m[0] - busy0) - (self - self0);
        return Math.max(0, other / elapsedTicksPerCore);
    }

    /** {busy, total} jiffies summed over all CPUs, or {-1, -1}. */
    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle + iowait
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /** utime + stime of this process and its reaped children (JMH's forks) in jiffies, or -1. */
    private static long self() {
        try {
            String s = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command name, which is in parentheses and may contain spaces
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
