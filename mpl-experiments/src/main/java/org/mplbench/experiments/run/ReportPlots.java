package org.mplbench.experiments.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mplbench.reports.CurvePlot.Line;
import org.mplbench.reports.CurvePlot.Panel;
import org.mplbench.reports.CurvePlot;
import org.mplbench.reports.CurvePoint;

/**
 * The two figures every runner with training curves links from its {@code table.md}:
 * {@code <prefix>accuracy.png} (test accuracy vs step per method, mean over seeds with a min–max band) and
 * {@code <prefix>mpl.png} (per MPL variant: the teacher's loss, the student's labeled loss after its step,
 * and {@code h}).
 */
public final class ReportPlots {

    private ReportPlots() {}

    /**
     * Writes the figures for the series (in order, with their labels) that have data, removes
     * figures that no longer have any, and returns the Markdown that links them.
     */
    public static String write(Path dir, String prefix, String title, List<CurvePoint> curves, Map<String, String> labels)
            throws IOException {
        List<Line> acc = new ArrayList<>();
        Map<String, List<Line>> mpl = new LinkedHashMap<>();
        mpl.put("teacher loss (t_loss)", new ArrayList<>());
        mpl.put("student labeled loss after its step", new ArrayList<>());
        mpl.put("h (teacher feedback)", new ArrayList<>());
        labels.forEach((series, label) -> {
            acc.add(new Line(label, series, "acc_test", 100));
            if (!CurvePlot.bands(curves, series, "h").isEmpty()) {
                mpl.get("teacher loss (t_loss)").add(new Line(label, series, "t_loss", 1));
                mpl.get("student labeled loss after its step").add(new Line(label, series, "s_loss_l_new", 1));
                mpl.get("h (teacher feedback)").add(new Line(label, series, "h", 1));
            }
        });
        StringBuilder md = new StringBuilder();
        List<Panel> accPanels = List.of(new Panel("test accuracy (%)", acc));
        md.append(figure(dir.resolve(prefix + "accuracy.png"), title + ": test accuracy (mean over seeds, band min–max)",
                curves, accPanels, 900, 560, "Test accuracy vs step"));
        List<Panel> mplPanels = new ArrayList<>();
        mpl.forEach((y, lines) -> mplPanels.add(new Panel(y, lines)));
        md.append(figure(dir.resolve(prefix + "mpl.png"), title + ": MPL teacher/student losses and h (mean over seeds, band min–max)",
                curves, mplPanels, 900, 900, "MPL losses and h"));
        return md.toString();
    }

    private static String figure(Path png, String title, List<CurvePoint> curves, List<Panel> panels, int w, int h,
            String alt) throws IOException {
        if (!CurvePlot.hasData(curves, panels)) {
            Files.deleteIfExists(png);
            return "";
        }
        CurvePlot.write(png, title, curves, panels, w, h);
        return "![" + alt + "](" + png.getFileName() + ")\n";
    }
}
