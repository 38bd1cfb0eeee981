package org.mplbench.experiments.table2;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.mplbench.reports.ComparisonTable;
import org.mplbench.reports.CurvePoint;
import org.mplbench.reports.ResultRow;

/** Reads a Table 2 results directory's run directories: result rows and training curves. */
public final class Table2Results {

    private Table2Results() {}

    /** Training curves of every run: test accuracy at each evaluation, losses as logged. */
    public static List<CurvePoint> curves(Path out) throws IOException {
        List<CurvePoint> points = new ArrayList<>();
        for (Path f : runFiles(out, "metrics.jsonl")) {
            Path seedDir = f.getParent();
            String row = seedDir.getParent().getFileName().toString();
            String cell = seedDir.getParent().getParent().getFileName().toString();
            long seed = Long.parseLong(seedDir.getFileName().toString().replace("seed", ""));
            String series = cell + "/" + row;
            RunDir run = new RunDir(seedDir);
            List<JsonObject> trainLog = run.trainLog();
            for (JsonObject line : run.metrics()) {
                String key = line.has("acc_test") ? "acc_test" : "acc_val";
                points.add(new CurvePoint(series, seed, line.get("step").getAsLong(), key, line.get(key).getAsDouble()));
            }
            // losses every few steps from train.jsonl; runs from before it existed have them per evaluation only
            for (JsonObject line : trainLog.isEmpty() ? run.metrics() : trainLog) {
                long step = line.get("step").getAsLong();
                if (line.has("train")) {
                    for (Map.Entry<String, JsonElement> e : line.getAsJsonObject("train").entrySet()) {
                        points.add(new CurvePoint(series, seed, step, e.getKey(), e.getValue().getAsDouble()));
                    }
                }
            }
        }
        return points;
    }

    /** Every file called {@code name} under {@code out/runs}, in path order. */
    static List<Path> runFiles(Path out, String name) throws IOException {
        Path runs = out.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(runs)) {
            return s.filter(p -> p.getFileName().toString().equals(name)).sorted().toList();
        }
    }

    /** One row per metric of every finished run under {@code out/runs}, in a fixed order. */
    public static List<ResultRow> collect(Path out) throws IOException {
        List<ResultRow> rows = new ArrayList<>();
        for (Path p : runFiles(out, "result.json")) {
            RunResult r = new RunDir(p.getParent()).result().orElseThrow();
            if (r.ok()) {
                for (Map.Entry<String, Double> e : r.metrics().entrySet()) {
                    rows.add(new ResultRow(r.run(), e.getKey(), e.getValue(), r.steps(), r.trainSeconds(), r.msPerStep(),
                            r.provenance()));
                }
            } else {
                rows.add(new ResultRow(r.run(), ComparisonTable.FAILED, r.steps(), r.steps(), r.trainSeconds(),
                        r.msPerStep(), r.provenance()));
            }
        }
        return rows;
    }
}
