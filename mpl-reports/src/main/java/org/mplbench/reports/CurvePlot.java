package org.mplbench.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Training curves over steps: per line, the mean over seeds with a band from the minimum to the
 * maximum seed. Panels share the step axis (e.g. accuracy; or teacher losses, student losses and
 * {@code h} of an MPL run); a line keeps its colour across panels when the panels list the same
 * lines in the same order, and the legend lists the first panel's lines.
 */
public final class CurvePlot {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)};

    /**
     * Dash patterns by line index: lines that coincide (an ablation equal to its reference) still show
     * both, one dashed over the other.
     */
    private static final float[][] DASHES = {null, {7f, 4f}, {2f, 3f}, {9f, 3f, 2f, 3f}, {14f, 5f}, {4f, 2f, 1f, 2f}};

    /**
     * Marker shapes by line index, fixed per line: left to the plot, panels of one figure would draw
     * their lines' markers from one shared sequence and stop matching the legend.
     */
    private static final java.awt.Shape[] SHAPES = org.jfree.chart.plot.DefaultDrawingSupplier.createStandardSeriesShapes();

    /** A line: {@code metric} of {@code series}, labelled {@code label}. */
    public record Line(String label, String series, String metric, double scale) {}

    /** A panel: its y-axis label and lines. */
    public record Panel(String yLabel, List<Line> lines) {}

    /** Mean, min and max over seeds at one step. */
    public record Band(long step, double mean, double min, double max, int n) {}

    private CurvePlot() {}

    /** The per-step mean, min and max over seeds of {@code metric} of {@code series}, in step order. */
    public static List<Band> bands(List<CurvePoint> points, String series, String metric) {
        TreeMap<Long, List<Double>> byStep = new TreeMap<>();
        for (CurvePoint p : points) {
            if (p.series().equals(series) && p.metric().equals(metric) && Double.isFinite(p.value())) {
                byStep.computeIfAbsent(p.step(), k -> new ArrayList<>()).add(p.value());
            }
        }
        List<Band> out = new ArrayList<>();
        byStep.forEach((step, values) -> {
            Stats s = Stats.of(values);
            out.add(new Band(step, s.mean(), s.min(), s.max(), s.n()));
        });
        return out;
    }

    /** Whether any panel has data to draw. */
    public static boolean hasData(List<CurvePoint> points, List<Panel> panels) {
        return panels.stream().flatMap(p -> p.lines().stream())
                .anyMatch(l -> !bands(points, l.series(), l.metric()).isEmpty());
    }

    /** Writes the panels stacked over a shared step axis as a PNG (atomically). */
    public static void write(Path png, String title, List<CurvePoint> points, List<Panel> panels, int width, int height)
            throws IOException {
        JFreeChart chart = chart(title, points, panels);
        AtomicText.writeBinary(png, tmp -> ChartUtils.saveChartAsPNG(tmp.toFile(), chart, width, height));
    }

    /** The chart {@link #write} draws. */
    static JFreeChart chart(String title, List<CurvePoint> points, List<Panel> panels) {
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("training step"));
        combined.setGap(12);
        boolean firstPanel = true;
        for (Panel panel : panels) {
            YIntervalSeriesCollection data = new YIntervalSeriesCollection();
            DeviationRenderer renderer = new DeviationRenderer(true, panel.lines().size() <= 1 || points.size() < 2000);
            renderer.setAlpha(0.18f);
            int i = 0;
            for (Line line : panel.lines()) {
                List<Band> bands = bands(points, line.series(), line.metric());
                if (bands.isEmpty()) {
                    continue;
                }
                YIntervalSeries s = new YIntervalSeries(line.label() + seedsNote(bands));
                for (Band b : bands) {
                    s.add(b.step(), b.mean() * line.scale(), b.min() * line.scale(), b.max() * line.scale());
                }
                data.addSeries(s);
                Color c = PALETTE[i % PALETTE.length];
                renderer.setSeriesPaint(i, c);
                renderer.setSeriesFillPaint(i, c);
                float[] dash = DASHES[i % DASHES.length];
                renderer.setSeriesStroke(i, dash == null ? new BasicStroke(1.8f)
                        : new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
                renderer.setSeriesShape(i, SHAPES[i % SHAPES.length]);
                renderer.setSeriesShapesVisible(i, bands.size() <= 40);
                // panels of one figure show the same lines in the same colours: one legend entry each
                renderer.setSeriesVisibleInLegend(i, firstPanel);
                i++;
            }
            NumberAxis y = new NumberAxis(panel.yLabel());
            y.setAutoRangeIncludesZero(false);
            XYPlot plot = new XYPlot(data, null, y, renderer);
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(new Color(220, 220, 220));
            plot.setRangeGridlinePaint(new Color(220, 220, 220));
            combined.add(plot);
            firstPanel = false;
        }
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 14), combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** " (n=3)" when every step has the same number of seeds, else " (n=1–3)". */
    private static String seedsNote(List<Band> bands) {
        int lo = bands.stream().mapToInt(Band::n).min().orElse(0);
        int hi = bands.stream().mapToInt(Band::n).max().orElse(0);
        return lo == hi ? " (n=" + lo + ")" : " (n=" + lo + "–" + hi + ")";
    }
}
