package org.mplbench.experiments.executor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mplbench.experiments.run.Plan;

/** A plan whose runs' states the test sets; executing a run marks it done (or what {@code outcome} says). */
final class FakePlan implements Plan {

    final Path dir;
    final List<String> keys;
    final List<State> states = new ArrayList<>();
    final List<Integer> executed = new ArrayList<>();
    final List<List<String>> rendered = new ArrayList<>();
    State outcome = new State(Status.DONE, "acc 50 %");

    FakePlan(Path dir, String... keys) {
        this.dir = dir;
        this.keys = List.of(keys);
        for (int i = 0; i < keys.length; i++) {
            states.add(new State(Status.NOT_STARTED, ""));
        }
    }

    @Override
    public String table() {
        return "fake";
    }

    @Override
    public Path resultsDir() {
        return dir;
    }

    @Override
    public List<Item> runs() {
        return keys.stream().map(k -> new Item(k, dir.resolve("runs").resolve(k.replace('/', '-') + ".lock"), 10))
                .toList();
    }

    @Override
    public State state(int index) {
        return states.get(index);
    }

    @Override
    public State execute(int index, Context context) {
        executed.add(index);
        states.set(index, outcome);
        return outcome;
    }

    @Override
    public void render(List<String> notes) {
        rendered.add(notes);
    }
}
