package org.mplbench.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A figure like the paper's Figure 2: one panel per method, each showing the model's probability of
 * class 1 over a grid (colour), the unlabeled points (small dots, coloured by their true moon) and
 * the labeled points (large outlined markers).
 */
public final class DecisionBoundaryPlot {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Color CLASS0 = new Color(33, 102, 172);
    private static final Color CLASS1 = new Color(178, 24, 43);

    /** The evaluation grid: {@code nx × ny} points, index {@code iy·nx + ix}. */
    public record Grid(double xMin, double xMax, double yMin, double yMax, int nx, int ny) {
        public Grid {
            if (nx < 2 || ny < 2 || !(xMax > xMin) || !(yMax > yMin)) {
                throw new IllegalArgumentException("degenerate grid " + nx + "x" + ny);
            }
        }

        /** Grid points row-major as {@code [x0, y0, x1, y1, ...]}. */
        public float[] points() {
            float[] xy = new float[2 * nx * ny];
            for (int iy = 0; iy < ny; iy++) {
                for (int ix = 0; ix < nx; ix++) {
                    int i = iy * nx + ix;
                    xy[2 * i] = (float) x(ix);
                    xy[2 * i + 1] = (float) y(iy);
                }
            }
            return xy;
        }

        double x(int ix) {
            return xMin + (xMax - xMin) * ix / (nx - 1);
        }

        double y(int iy) {
            return yMin + (yMax - yMin) * iy / (ny - 1);
        }
    }

    /** One panel: a title and the probability of class 1 at each grid point. */
    public record Panel(String title, float[] probClass1) {}

    /** The points shown on every panel: all points with their true class, and which are labeled. */
    public record Points(float[] xy, int[] label, int[] labeledIndex) {}

    private DecisionBoundaryPlot() {}

    public static void write(Path png, String title, Grid grid, List<Panel> panels, Points points, int panelSize)
            throws IOException {
        JFreeChart chart = chart(title, grid, panels, points, false);
        int width = Math.max(400, panels.size() * panelSize);
        int height = panelSize + 90;
        AtomicText.writeBinary(png, tmp -> ChartUtils.saveChartAsPNG(tmp.toFile(), chart, width, height));
    }

    /**
     * As {@link #write}, drawn like the paper's Figure 2: the labeled points as stars, and a colour scale
     * of the predicted probability beside the panels.
     */
    public static void writeFigure(Path png, String title, Grid grid, List<Panel> panels, Points points, int panelSize)
            throws IOException {
        JFreeChart chart = chart(title, grid, panels, points, true);
        NumberAxis scaleAxis = new NumberAxis("p(moon 1): blue = moon 0, red = moon 1, black = boundary");
        scaleAxis.setRange(0, 1);
        PaintScaleLegend legend = new PaintScaleLegend(new LegendScale(), scaleAxis);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setMargin(4, 60, 8, 60);
        legend.setStripWidth(12);
        chart.addSubtitle(legend);
        int width = Math.max(400, panels.size() * panelSize);
        int height = panelSize + 160;
        AtomicText.writeBinary(png, tmp -> ChartUtils.saveChartAsPNG(tmp.toFile(), chart, width, height));
    }

    private static JFreeChart chart(String title, Grid grid, List<Panel> panels, Points points, boolean stars) {
        CombinedRangeXYPlot combined = new CombinedRangeXYPlot(axis("y", grid.yMin(), grid.yMax()));
        combined.setGap(12);
        for (Panel p : panels) {
            if (p.probClass1().length != grid.nx() * grid.ny()) {
                throw new IllegalArgumentException("panel '" + p.title() + "' has " + p.probClass1().length
                        + " values for a " + grid.nx() + "x" + grid.ny() + " grid");
            }
            combined.add(panel(p, grid, points, stars), 1);
        }
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 14), combined, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** A five-pointed star of outer radius {@code r}, centred on the origin. */
    private static java.awt.Shape star(double r) {
        java.awt.geom.Path2D.Double path = new java.awt.geom.Path2D.Double();
        for (int i = 0; i < 10; i++) {
            double radius = i % 2 == 0 ? r : r * 0.42;
            double a = -Math.PI / 2 + i * Math.PI / 5;
            if (i == 0) {
                path.moveTo(radius * Math.cos(a), radius * Math.sin(a));
            } else {
                path.lineTo(radius * Math.cos(a), radius * Math.sin(a));
            }
        }
        path.closePath();
        return path;
    }

    private static XYPlot panel(Panel p, Grid grid, Points points, boolean stars) {
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(axis(p.title(), grid.xMin(), grid.xMax()));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);

        DefaultXYZDataset surface = new DefaultXYZDataset();
        int n = grid.nx() * grid.ny();
        double[][] xyz = new double[3][n];
        float[] prob = p.probClass1();
        for (int iy = 0; iy < grid.ny(); iy++) {
            for (int ix = 0; ix < grid.nx(); ix++) {
                int i = iy * grid.nx() + ix;
                xyz[0][i] = grid.x(ix);
                xyz[1][i] = grid.y(iy);
                // A cell whose right or upper neighbour is predicted the other class lies on the boundary.
                boolean cls = prob[i] >= 0.5f;
                boolean edge = (ix + 1 < grid.nx() && (prob[i + 1] >= 0.5f) != cls)
                        || (iy + 1 < grid.ny() && (prob[i + grid.nx()] >= 0.5f) != cls);
                xyz[2][i] = edge ? BOUNDARY : prob[i];
            }
        }
        surface.addSeries("p(class 1)", xyz);
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setBlockWidth((grid.xMax() - grid.xMin()) / (grid.nx() - 1));
        blocks.setBlockHeight((grid.yMax() - grid.yMin()) / (grid.ny() - 1));
        blocks.setPaintScale(new ProbabilityScale());
        plot.setDataset(0, surface);
        plot.setRenderer(0, blocks);

        XYSeriesCollection unlabeled = new XYSeriesCollection();
        XYSeries u0 = new XYSeries("moon 0", false);
        XYSeries u1 = new XYSeries("moon 1", false);
        for (int i = 0; i < points.label().length; i++) {
            (points.label()[i] == 0 ? u0 : u1).add(points.xy()[2 * i], points.xy()[2 * i + 1]);
        }
        unlabeled.addSeries(u0);
        unlabeled.addSeries(u1);
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        dots.setSeriesShape(0, new Ellipse2D.Double(-1.2, -1.2, 2.4, 2.4));
        dots.setSeriesShape(1, new Ellipse2D.Double(-1.2, -1.2, 2.4, 2.4));
        dots.setSeriesPaint(0, CLASS0);
        dots.setSeriesPaint(1, CLASS1);
        plot.setDataset(1, unlabeled);
        plot.setRenderer(1, dots);

        XYSeriesCollection labeled = new XYSeriesCollection();
        XYSeries l0 = new XYSeries("labeled 0", false);
        XYSeries l1 = new XYSeries("labeled 1", false);
        for (int i : points.labeledIndex()) {
            (points.label()[i] == 0 ? l0 : l1).add(points.xy()[2 * i], points.xy()[2 * i + 1]);
        }
        labeled.addSeries(l0);
        labeled.addSeries(l1);
        XYLineAndShapeRenderer marks = new XYLineAndShapeRenderer(false, true);
        marks.setUseOutlinePaint(true);
        marks.setDrawOutlines(true);
        for (int s = 0; s < 2; s++) {
            marks.setSeriesShape(s, stars ? star(11) : new Rectangle2D.Double(-6, -6, 12, 12));
            marks.setSeriesOutlinePaint(s, Color.BLACK);
            marks.setSeriesOutlineStroke(s, new BasicStroke(2f));
        }
        marks.setSeriesPaint(0, CLASS0);
        marks.setSeriesPaint(1, CLASS1);
        plot.setDataset(2, labeled);
        plot.setRenderer(2, marks);
        return plot;
    }

    private static NumberAxis axis(String label, double lo, double hi) {
        NumberAxis a = new NumberAxis(label);
        a.setRange(lo, hi);
        a.setAutoRangeIncludesZero(false);
        return a;
    }

    /** The colour scale's legend: {@link ProbabilityScale} over [0, 1], without the boundary's black. */
    private static final class LegendScale implements PaintScale {
        private final ProbabilityScale scale = new ProbabilityScale();

        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double p) {
            return scale.getPaint(Math.max(0, Math.min(1, p)));
        }
    }

    /** Marks grid cells on the decision boundary. */
    private static final double BOUNDARY = -1;

    /**
     * The predicted class's colour, paler the closer p is to 0.5 (so even an undecided model shows
     * which side is which); black on the boundary.
     */
    private static final class ProbabilityScale implements PaintScale {
        @Override
        public double getLowerBound() {
            return BOUNDARY;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double p) {
            if (p == BOUNDARY) {
                return Color.BLACK;
            }
            double confidence = Math.min(1, Math.abs(p - 0.5) * 2);
            double strength = 0.18 + 0.37 * confidence;
            Color c = p >= 0.5 ? CLASS1 : CLASS0;
            return new Color(mix(c.getRed(), strength), mix(c.getGreen(), strength), mix(c.getBlue(), strength));
        }

        private static int mix(int channel, double strength) {
            return (int) Math.round(255 + (channel - 255) * strength);
        }
    }
}
