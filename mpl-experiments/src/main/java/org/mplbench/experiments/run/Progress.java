package org.mplbench.experiments.run;

import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar with ETA on stderr over a runner's runs, or nothing when disabled. In a terminal it
 * is one line redrawn in place, of a fixed width, with result lines printed above it
 * ({@link #println}); without one (CI logs, {@code tee}) it writes a plain line every 30 seconds
 * instead of one ever-growing line of carriage returns.
 */
public final class Progress implements AutoCloseable {

    /** Characters of the bar's line; the "what now" text is cut or padded so the bar never jumps. */
    private static final int WIDTH = 120;
    private static final int MESSAGE_WIDTH = 40;

    private final ProgressBar bar;
    private final boolean terminal;

    private Progress(ProgressBar bar, boolean terminal) {
        this.bar = bar;
        this.terminal = terminal;
    }

    public static Progress start(String task, long total, boolean enabled) {
        if (!enabled) {
            return new Progress(null, false);
        }
        boolean terminal = System.console() != null;
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII);
        if (terminal) {
            b.setUpdateIntervalMillis(500).setConsumer(new ConsoleProgressBarConsumer(System.err, WIDTH));
        } else {
            b.setUpdateIntervalMillis(30_000).setConsumer(new DelegatingProgressBarConsumer(System.err::println, WIDTH));
        }
        return new Progress(b.build(), terminal);
    }

    /** Names what is being done now. */
    public void message(String text) {
        if (bar != null) {
            bar.setExtraMessage(fit(text));
        }
    }

    /**
     * Prints a result line on stdout. In a terminal the bar's line is cleared first and the bar redrawn
     * below it, so the line is not appended to the bar.
     */
    public void println(String line) {
        if (bar != null && terminal) {
            System.err.print("\r" + " ".repeat(WIDTH) + "\r");
            System.err.flush();
        }
        System.out.println(line);
        System.out.flush();
        if (bar != null && terminal) {
            bar.refresh();
        }
    }

    public void step() {
        if (bar != null) {
            bar.step();
        }
    }

    /** Advances by {@code n} units. */
    public void step(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    /** {@code text} cut or padded to the message width. */
    static String fit(String text) {
        String t = text.length() > MESSAGE_WIDTH ? text.substring(0, MESSAGE_WIDTH - 1) + "…" : text;
        return String.format(Locale.ROOT, "%-" + MESSAGE_WIDTH + "s", t);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
