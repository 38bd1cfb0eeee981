package org.mplbench.experiments.methods;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mplbench.baselines.PseudoLabels;
import org.mplbench.baselines.Supervised;
import org.mplbench.baselines.Uda;
import org.mplbench.config.ConfigException;
import org.mplbench.experiments.methods.MethodArgs.Role;
import org.mplbench.mpl.MetaPseudoLabels;
import org.mplbench.mpl.ReducedMetaPseudoLabels;
import org.mplbench.mpl.MplConfig.Feedback;
import org.mplbench.mpl.MplConfig.PseudoLabelRule;
import org.mplbench.mpl.MplConfig;
import org.mplbench.ssl.SslMethod;

/**
 * Every method the suite trains, by {@code method/variant} name: the one place where methods are
 * assembled from a runner's {@link MethodArgs}. Runners and benchmarks choose entries; they do not
 * call the methods' builders.
 */
public final class MethodRegistry {

    /**
     * Every moving average warms up as the official code's: decay {@code min(d, (t + 1)/(t + 10))}
     * ({@code common_utils.setup_ema}).
     */
    public static final boolean EMA_WARMUP = true;

    /** The options a method reads besides networks, optimisers and steps. */
    public enum Option {
        LABEL_SMOOTHING, EMA, UDA, FINETUNE, THRESHOLD, SEED, OLD_LOSS, LARGE_TEACHER, FUSED_STEP
    }

    /** One method and variant: its MPL configuration (null for the baselines) and its assembly. */
    public record Entry(String method, String variant, MplConfig mpl, List<Option> reads, Assembly assembly) {

        public String key() {
            return method + "/" + variant;
        }

        public boolean reads(Option o) {
            return reads.contains(o);
        }

        /** Steps a run takes in all: Pseudo Labels trains two phases, MPL adds its finetuning. */
        public long totalSteps(long steps, long finetuneSteps) {
            return switch (method) {
                case "pseudo-labels" -> 2 * steps;
                case "mpl", "reduced-mpl" -> steps + finetuneSteps;
                default -> steps;
            };
        }

        /** Builds the method; an option it does not read is refused, not ignored. */
        public SslMethod build(MethodArgs a) {
            check(a.uda != null, Option.UDA);
            check(a.emaDecay > 0, Option.EMA);
            check(a.labelSmoothing > 0, Option.LABEL_SMOOTHING);
            check(a.finetune != null, Option.FINETUNE);
            check(a.threshold != null, Option.THRESHOLD);
            check(a.seed != 0, Option.SEED);
            check(a.oldLoss != null, Option.OLD_LOSS);
            check(a.largeTeacher != null, Option.LARGE_TEACHER);
            check(a.fusedStep != null, Option.FUSED_STEP);
            return assembly.assemble(this, a);
        }

        private void check(boolean given, Option o) {
            if (given && !reads.contains(o)) {
                throw new ConfigException("method." + o.name().toLowerCase(java.util.Locale.ROOT),
                        key() + " does not read it");
            }
        }

        /** This entry with another MPL configuration (a sweep's condition); MPL entries only. */
        public Entry withMpl(MplConfig config) {
            if (mpl == null) {
                throw new ConfigException("method", key() + " has no MPL configuration");
            }
            return new Entry(method, variant, config, reads, assembly);
        }

        /** This entry's MPL configuration with the runner's old-loss measurement, if it gave one. */
        MplConfig mplFor(MethodArgs a) {
            return a.oldLoss == null ? mpl : mpl.toBuilder().optOldLoss(a.oldLoss).build();
        }
    }

    /** Builds an entry's method from the arguments. */
    @FunctionalInterface
    interface Assembly {
        SslMethod assemble(Entry e, MethodArgs a);
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        List<Option> single = List.of(Option.LABEL_SMOOTHING, Option.EMA, Option.FUSED_STEP);
        add(new Entry("supervised", "default", null, single, MethodRegistry::supervised));
        add(new Entry("supervised", "weak-augment", null, single, MethodRegistry::supervised));
        add(new Entry("pseudo-labels", "default", null, List.of(Option.LABEL_SMOOTHING, Option.EMA, Option.THRESHOLD),
                MethodRegistry::pseudoLabels));
        add(new Entry("uda", "default", null, List.of(Option.LABEL_SMOOTHING, Option.EMA, Option.UDA),
                MethodRegistry::uda));
        MplConfig paper = MplConfig.paper();
        mpl("paper", paper);
        mpl("paper-argmax", paper.toBuilder().optLabelRule(PseudoLabelRule.ARGMAX).build());
        mpl("reference-code", MplConfig.referenceCode());
        mpl("soft", MplConfig.soft());
        mpl("no-feedback", paper.toBuilder().optFeedback(Feedback.OFF).build());
        mpl("paper-mpl-only", paper.toBuilder().optTeacherSupervisedWeight(0).build());
        add(new Entry("reduced-mpl", "default", paper, List.of(Option.LABEL_SMOOTHING, Option.EMA, Option.FINETUNE,
                Option.SEED, Option.OLD_LOSS, Option.LARGE_TEACHER), MethodRegistry::reducedMpl));
    }

    private MethodRegistry() {}

    private static void add(Entry e) {
        ENTRIES.put(e.key(), e);
    }

    private static void mpl(String variant, MplConfig config) {
        List<Option> reads = List.of(Option.LABEL_SMOOTHING, Option.EMA, Option.UDA, Option.FINETUNE, Option.SEED,
                Option.OLD_LOSS, Option.FUSED_STEP);
        add(new Entry("mpl", variant, config, reads, MethodRegistry::mpl));
    }

    /** The entry {@code method/variant}; an unknown name is an error listing the valid ones. */
    public static Entry get(String method, String variant) {
        Entry e = ENTRIES.get(method + "/" + variant);
        if (e == null) {
            throw new ConfigException("method", "'" + method + "/" + variant + "' is not one of: "
                    + String.join(", ", ENTRIES.keySet()));
        }
        return e;
    }

    public static List<Entry> all() {
        return new ArrayList<>(ENTRIES.values());
    }

    private static SslMethod supervised(Entry e, MethodArgs a) {
        Supervised.Builder b = Supervised.builder().setModel(a.networks.create(), a.optimizers.create(Role.TEACHER))
                .optLabelSmoothing(a.labelSmoothing).optMicroBatches(a.micro)
                .optFusedStep(a.fusedStep == null || a.fusedStep);
        a.ifEma((average, decay) -> b.optEma(average, decay, EMA_WARMUP));
        return b.build();
    }

    private static SslMethod pseudoLabels(Entry e, MethodArgs a) {
        PseudoLabels.Builder b = PseudoLabels.builder()
                .setTeacher(a.networks.create(), a.optimizers.create(Role.TEACHER))
                .setStudent(a.networks.create(), a.optimizers.create(Role.STUDENT))
                .setTeacherSteps(a.steps)
                .optLabelSmoothing(a.labelSmoothing)
                .optStudentLabelSmoothing(a.labelSmoothing)
                .optMicroBatches(a.micro);
        if (a.threshold != null) {
            b.optThreshold(a.threshold);
        }
        a.ifEma((average, decay) -> b.optStudentEma(average, decay, EMA_WARMUP));
        return b.build();
    }

    private static SslMethod uda(Entry e, MethodArgs a) {
        if (a.uda == null) {
            throw new ConfigException("method.uda", "uda/default needs its UDA configuration");
        }
        Uda.Builder b = Uda.builder().setModel(a.networks.create(), a.optimizers.create(Role.TEACHER)).setUda(a.uda)
                .optLabelSmoothing(a.labelSmoothing).optMicroBatches(a.micro);
        a.ifEma((average, decay) -> b.optEma(average, decay, EMA_WARMUP));
        return b.build();
    }

    /** Reduced MPL with the paper preset's feedback; its reduced teacher has one view of each image, so no UDA term. */
    private static SslMethod reducedMpl(Entry e, MethodArgs a) {
        if (a.largeTeacher == null) {
            throw new ConfigException("method.large_teacher", "reduced-mpl/default needs the large teacher's stored outputs");
        }
        ReducedMetaPseudoLabels.Builder b = ReducedMetaPseudoLabels.builder()
                .setLargeTeacherOutputs(a.largeTeacher)
                .setReducedTeacher(a.reducedTeacher.create(), a.optimizers.create(Role.TEACHER))
                .setStudent(a.networks.create(), a.optimizers.create(Role.STUDENT))
                .optConfig(e.mplFor(a))
                .optLabelSmoothing(a.labelSmoothing)
                .optSeed(a.seed)
                .optMicroBatches(a.micro);
        a.ifEma((average, decay) -> b.optStudentEma(average, decay, EMA_WARMUP));
        if (a.finetune != null) {
            b.optFinetune(a.steps, a.finetune).optFinetuneDropout(a.finetuneDropout);
        }
        return b.build();
    }

    private static SslMethod mpl(Entry e, MethodArgs a) {
        MetaPseudoLabels.Builder b = MetaPseudoLabels.builder()
                .setTeacher(a.networks.create(), a.optimizers.create(Role.TEACHER))
                .setStudent(a.networks.create(), a.optimizers.create(Role.STUDENT))
                .optConfig(e.mplFor(a))
                .optLabelSmoothing(a.labelSmoothing)
                .optSeed(a.seed)
                .optMicroBatches(a.micro)
                .optFusedStep(a.fusedStep == null || a.fusedStep);
        if (a.uda != null) {
            b.optUda(a.uda);
        }
        a.ifEma((average, decay) -> b.optStudentEma(average, decay, EMA_WARMUP));
        if (a.finetune != null) {
            b.optFinetune(a.steps, a.finetune).optFinetuneDropout(a.finetuneDropout);
        }
        return b.build();
    }
}
