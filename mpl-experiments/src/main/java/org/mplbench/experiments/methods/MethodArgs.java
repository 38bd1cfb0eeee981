package org.mplbench.experiments.methods;

import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;
import org.mplbench.mpl.LargeTeacherOutputs;
import org.mplbench.mpl.MplConfig;
import org.mplbench.nn.Network;
import org.mplbench.ssl.MicroBatches;
import org.mplbench.ssl.UdaConfig;
import org.mplbench.train.Sgd;

/**
 * What a runner gives the {@link MethodRegistry} to assemble a method: how to make its networks and
 * optimisers, and the options the methods read. {@code setX} are required, {@code optX} optional;
 * {@link MethodRegistry.Entry#build} refuses options the chosen method does not read.
 */
public final class MethodArgs {

    /** Which network an optimiser updates. Single-network methods use {@link #TEACHER}. */
    public enum Role {
        TEACHER,
        STUDENT
    }

    /** Makes a freshly initialised network; called once per network, in the order the method needs them. */
    @FunctionalInterface
    public interface Networks {
        Network create();
    }

    /** Makes the optimiser of one network. */
    @FunctionalInterface
    public interface Optimizers {
        Sgd create(Role role);
    }

    final Networks networks;
    final Optimizers optimizers;
    final long steps;
    final double labelSmoothing;
    final double emaDecay;
    final UdaConfig uda;
    final Sgd finetune;
    final boolean finetuneDropout;
    final Double threshold;
    final long seed;
    final MplConfig.OldLoss oldLoss;
    final Boolean fusedStep;
    final MicroBatches micro;
    final LargeTeacherOutputs largeTeacher;
    final Networks reducedTeacher;

    private MethodArgs(Builder b) {
        this.networks = b.networks;
        this.optimizers = b.optimizers;
        this.steps = b.steps;
        this.labelSmoothing = b.labelSmoothing;
        this.emaDecay = b.emaDecay;
        this.uda = b.uda;
        this.finetune = b.finetune;
        this.finetuneDropout = b.finetuneDropout;
        this.threshold = b.threshold;
        this.seed = b.seed;
        this.oldLoss = b.oldLoss;
        this.fusedStep = b.fusedStep;
        this.micro = b.micro;
        this.largeTeacher = b.largeTeacher;
        this.reducedTeacher = b.reducedTeacher;
    }

    /**
     * With a moving average configured, makes its network (after the method's own, as initialisation
     * order requires) and hands it and the decay to {@code use}; the average warms up (decay ramps in).
     */
    void ifEma(java.util.function.ObjDoubleConsumer<Network> use) {
        if (emaDecay > 0) {
            use.accept(networks.create(), emaDecay);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Networks networks;
        private Optimizers optimizers;
        private long steps = -1;
        private double labelSmoothing;
        private double emaDecay;
        private UdaConfig uda;
        private Sgd finetune;
        private boolean finetuneDropout = true;
        private Double threshold;
        private long seed;
        private MplConfig.OldLoss oldLoss;
        private Boolean fusedStep;
        private MicroBatches micro = MicroBatches.ONE;
        private LargeTeacherOutputs largeTeacher;
        private Networks reducedTeacher;

        private Builder() {}

        public Builder setNetworks(Networks networks) {
            this.networks = networks;
            return this;
        }

        public Builder setOptimizers(Optimizers optimizers) {
            this.optimizers = optimizers;
            return this;
        }

        /** Training steps (Pseudo Labels: per phase; MPL: before finetuning). */
        public Builder setSteps(long steps) {
            this.steps = Check.closed("method.steps", steps, 1L, Long.MAX_VALUE);
            return this;
        }

        /**
         * Reduced MPL: the large teacher's stored outputs on the training images, and the factory of the
         * reduced teacher that maps them to the student's targets.
         */
        public Builder optLargeTeacher(LargeTeacherOutputs outputs, Networks reducedTeacher) {
            this.largeTeacher = Check.notNull("method.large_teacher", outputs);
            this.reducedTeacher = Check.notNull("method.reduced_teacher", reducedTeacher);
            return this;
        }

        /** Micro-batches per step, their gradients summed (every method; default 1: the whole batch). */
        public Builder optMicroBatches(int count) {
            this.micro = MicroBatches.of(count);
            return this;
        }

        /** Label smoothing of every supervised and hard pseudo-label cross-entropy (default 0). */
        public Builder optLabelSmoothing(double eps) {
            this.labelSmoothing = Check.closedOpen("method.label_smoothing", eps, 0, 1);
            return this;
        }

        /** Evaluate a moving average of the (student) network with this decay; 0: none (default). */
        public Builder optEma(double decay) {
            this.emaDecay = Check.closedOpen("method.ema_decay", decay, 0, 1);
            return this;
        }

        /** UDA's consistency term: UDA's own, or MPL's teacher's auxiliary loss. */
        public Builder optUda(UdaConfig uda) {
            this.uda = Check.notNull("method.uda", uda);
            return this;
        }

        /** MPL: after the main steps, finetune the student on labeled data with this optimiser. */
        public Builder optFinetune(Sgd optimizer) {
            return optFinetune(optimizer, true);
        }

        /** MPL: finetuning as {@link #optFinetune(Sgd)}, with the student's dropout on or off. */
        public Builder optFinetune(Sgd optimizer, boolean dropout) {
            this.finetune = Check.notNull("method.finetune", optimizer);
            this.finetuneDropout = dropout;
            return this;
        }

        /** Pseudo Labels: the least teacher confidence a pseudo label needs. */
        public Builder optThreshold(double threshold) {
            this.threshold = Check.closed("method.threshold", threshold, 0, 1);
            return this;
        }

        /** MPL: seeds the paired forwards' dropout masks. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * MPL: how the student's labeled loss before its step is measured, replacing the variant's; a
         * network without batch norm or dropout measures the same with the cheaper joint forward.
         */
        public Builder optOldLoss(MplConfig.OldLoss oldLoss) {
            this.oldLoss = Check.notNull("method.old_loss", oldLoss);
            return this;
        }

        /**
         * MPL and Supervised: whether steps a compiled graph covers run as that graph (the default) or
         * operator by operator under autograd ({@code MetaPseudoLabels.Builder#optFusedStep},
         * {@code Supervised.Builder#optFusedStep}).
         */
        public Builder optFusedStep(boolean fused) {
            this.fusedStep = fused;
            return this;
        }

        public MethodArgs build() {
            Check.notNull("method.networks", networks);
            Check.notNull("method.optimizers", optimizers);
            if (steps < 1) {
                throw new ConfigException("method.steps", "is required");
            }
            return new MethodArgs(this);
        }
    }
}
