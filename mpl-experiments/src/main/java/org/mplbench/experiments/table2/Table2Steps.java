package org.mplbench.experiments.table2;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import org.mplbench.data.DatasetLocator;
import org.mplbench.data.SslSplit;
import org.mplbench.data.VisionData;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.RunOptions.DataSource;
import org.mplbench.ssl.SslMethod;
import org.mplbench.train.TrainLoop;

/**
 * The training steps of one Table 2 run exactly as the runner builds it (the profile's budget, the
 * row's method, the cell's real data and split, the augmentation pipeline), without evaluations or
 * checkpoints: what the benchmarks time to catch a slowdown of the tables users run.
 */
public final class Table2Steps implements AutoCloseable {

    private final NDManager base;
    private final SslMethod method;
    private final MethodFactory.Batches batches;
    private final TrainLoop loop;
    private final Budget budget;
    private final String data;

    private Table2Steps(NDManager base, SslMethod method, MethodFactory.Batches batches, TrainLoop loop, Budget budget,
            String data) {
        this.base = base;
        this.method = method;
        this.batches = batches;
        this.loop = loop;
        this.budget = budget;
        this.data = data;
    }

    /** Seed 0 of {@code row} in {@code cell} of {@code profile}, on the real data set (refused when absent). */
    public static Table2Steps open(Profile profile, Table2Cell cell, Table2Method row, int threads) throws IOException {
        Budget budget = Budget.of(profile, cell);
        DatasetLocator locator = DatasetLocator.fromSystemProperties();
        VisionData vd = Table2Data.load(cell, DataSource.REAL, budget, locator);
        long splitSeed = Table2Data.splitSeed(budget, 0);
        SslSplit split = SslSplit.draw(Table2Data.splitSpec(cell, budget, profile), vd.train(), vd.train().size(), splitSeed);
        MethodFactory factory = new MethodFactory(budget, row, 0, cell.classes(), cell.channels());
        Engine.getInstance().setRandomSeed(0);
        NDManager base = NDManager.newBaseManager();
        SslMethod method = factory.build(base);
        MethodFactory.Batches batches = factory.batches(vd.train(), vd.normalization(), split, threads);
        TrainLoop loop = TrainLoop.builder().setMethod(method).setBatches(batches.source()).setSteps(factory.totalSteps())
                .optSeed(0).optLogEvery(10).build();
        return new Table2Steps(base, method, batches, loop, budget, vd.dataset());
    }

    /** Runs step {@code s}. */
    public void step(long s) {
        loop.run(base, s, s + 1);
    }

    public Budget budget() {
        return budget;
    }

    /** The data set's name (the real one: this class does not fall back to a stand-in). */
    public String data() {
        return data;
    }

    /** Images through the networks per step: labeled, and unlabeled views when the method reads them. */
    public int examplesPerStep(boolean unlabeled) {
        return budget.labeledBatch() + (unlabeled ? 2 * budget.unlabeledBatch() : 0);
    }

    /** FLOPs of step {@code s} as the method declares them. */
    public double stepFlops(long s, boolean unlabeled) {
        return method.work(s, budget.labeledBatch(), unlabeled ? budget.unlabeledBatch() : 0, unlabeled)
                .flops(method.evaluationModel().forwardFlopsPerExample());
    }

    @Override
    public void close() {
        method.close();
        batches.close();
        base.close();
    }
}
