package org.mplbench.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.StepLog;

class TrainLoopTest {

    /** Reports loss = 1/(k − step): finite until step k, then infinite. */
    private static final class Exploding extends StubMethod {
        private final long k;

        Exploding(long k) {
            this.k = k;
        }

        @Override
        public StepLog step(SslBatch batch, long step) {
            return new StepLog().put("loss", batch.scope().create(1.0 / (k - step)));
        }
    }

    private static BatchSource batches() {
        return (scope, step) -> SslBatch.singleView(scope.zeros(new ai.djl.ndarray.types.Shape(1, 2)),
                scope.zeros(new ai.djl.ndarray.types.Shape(1)), scope.zeros(new ai.djl.ndarray.types.Shape(1, 2)), scope);
    }

    @Test
    void stopsLoudlyWhenALoggedScalarIsNotFinite() {
        try (NDManager m = NDManager.newBaseManager()) {
            TrainLoop loop = TrainLoop.builder().setMethod(new Exploding(7)).setBatches(batches())
                    .setSteps(20).optLogEvery(1).addListener(TrainingListener.onLog((s, v) -> {})).build();
            assertThatThrownBy(() -> loop.run(m))
                    .isInstanceOf(DivergenceCheck.TrainingDivergedException.class)
                    .hasMessage("exploding diverged at step 7: loss = Infinity");
        }
    }

    @Test
    void logsEveryNStepsAndTheLastStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Long> logged = new ArrayList<>();
            TrainLoop.builder().setMethod(new Exploding(1000)).setBatches(batches())
                    .setSteps(10).optLogEvery(4).addListener(TrainingListener.onLog((s, v) -> logged.add(s))).build().run(m);
            assertThat(logged).containsExactly(3L, 7L, 9L);
        }
    }

    @Test
    void listenersHearEachLogThenEachStepInOrderAndNeverANonFiniteScalar() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<String> heard = new ArrayList<>();
            TrainLoop loop = TrainLoop.builder().setMethod(new Exploding(5)).setBatches(batches()).setSteps(8)
                    .optLogEvery(2)
                    .addListener(new TrainingListener() {
                        @Override
                        public void onLog(long step, java.util.Map<String, Double> scalars) {
                            heard.add("log " + step);
                        }

                        @Override
                        public void onStepsDone(long done, double trainSeconds) {
                            heard.add("done " + done);
                        }
                    })
                    .build();
            loop.resumeClock(100);
            assertThatThrownBy(() -> loop.run(m, 2, 8)).isInstanceOf(DivergenceCheck.TrainingDivergedException.class);
            // step 5 diverges: its log is stopped by the divergence check, before the listener
            assertThat(heard).containsExactly("done 3", "log 3", "done 4", "done 5");
            assertThat(loop.trainSeconds()).isGreaterThan(100);
        }
    }

    @Test
    void aStopConditionEndsTheRunAtTheNextStepBoundaryAfterTheListeners() {
        try (NDManager m = NDManager.newBaseManager()) {
            StopSignal stop = StopSignal.manual();
            List<String> heard = new ArrayList<>();
            TrainLoop loop = TrainLoop.builder().setMethod(new Exploding(1000)).setBatches(batches()).setSteps(10)
                    .optStopWhen(stop::requested)
                    .addListener(new TrainingListener() {
                        @Override
                        public void onStepsDone(long done, double seconds) {
                            heard.add("done " + done);
                            if (done == 3) {
                                stop.request();
                            }
                        }

                        @Override
                        public void onStopped(long done, double seconds) {
                            heard.add("stopped " + done);
                        }
                    }).build();
            loop.run(m, 0, 10);
            assertThat(loop.stopped()).isTrue();
            assertThat(heard).containsExactly("done 1", "done 2", "done 3", "stopped 3");
        }
    }

    @Test
    void aStopAtTheLastStepOfARangeIsNoStop() {
        try (NDManager m = NDManager.newBaseManager()) {
            StopSignal stop = StopSignal.manual();
            stop.request();
            TrainLoop loop = TrainLoop.builder().setMethod(new Exploding(1000)).setBatches(batches()).setSteps(10)
                    .optStopWhen(stop::requested).build();
            loop.run(m, 4, 5);
            assertThat(loop.stopped()).isFalse();
        }
    }
}
