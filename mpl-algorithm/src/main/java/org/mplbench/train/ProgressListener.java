package org.mplbench.train;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Reports each finished step to {@code steps} (a progress bar's counter) and each logged step's main
 * losses to {@code message} as short text ({@code t_loss 1.23 h 0.0456}).
 */
public final class ProgressListener implements TrainingListener {

    /** The scalars shown, in this order, where a method logs them. */
    private static final String[] SHOWN = {"loss", "t_loss", "s_loss_u", "h", "s_loss_finetune"};

    private final LongConsumer steps;
    private final Consumer<String> message;

    public ProgressListener(LongConsumer steps, Consumer<String> message) {
        this.steps = steps;
        this.message = message;
    }

    @Override
    public void onLog(long step, Map<String, Double> scalars) {
        message.accept(summary(scalars));
    }

    @Override
    public void onStepsDone(long done, double trainSeconds) {
        steps.accept(1);
    }

    static String summary(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        for (String k : SHOWN) {
            Double v = m.get(k);
            if (v != null) {
                sb.append(sb.length() == 0 ? "" : " ").append(k).append(' ').append(String.format(Locale.ROOT, "%.3g", v));
            }
        }
        return sb.toString();
    }
}
