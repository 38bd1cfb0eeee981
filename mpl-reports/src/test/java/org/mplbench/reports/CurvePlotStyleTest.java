package org.mplbench.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.junit.jupiter.api.Test;

class CurvePlotStyleTest {

    @Test
    void aLineHasOneShapeInEveryPanelAndLinesHaveDistinctDashes() {
        List<CurvePoint> points = new ArrayList<>();
        List<CurvePlot.Line> lossLines = new ArrayList<>();
        List<CurvePlot.Line> hLines = new ArrayList<>();
        for (String series : List.of("a", "b", "c")) {
            for (long step = 1; step <= 5; step++) {
                points.add(new CurvePoint(series, 0, step, "loss", 1.0)); // identical lines: one lies on another
                points.add(new CurvePoint(series, 0, step, "h", 0.0));
            }
            lossLines.add(new CurvePlot.Line(series, series, "loss", 1));
            hLines.add(new CurvePlot.Line(series, series, "h", 1));
        }
        JFreeChart chart = CurvePlot.chart("t", points,
                List.of(new CurvePlot.Panel("loss", lossLines), new CurvePlot.Panel("h", hLines)));
        @SuppressWarnings("unchecked")
        List<XYPlot> panels = ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots();
        XYItemRenderer first = panels.get(0).getRenderer();
        XYItemRenderer second = panels.get(1).getRenderer();
        for (int i = 0; i < 3; i++) {
            assertThat(first.getSeriesShape(i)).as("line %d has its own shape", i).isNotNull();
            assertThat(second.getSeriesShape(i)).as("line %d", i).isSameAs(first.getSeriesShape(i));
            assertThat(second.getSeriesPaint(i)).isEqualTo(first.getSeriesPaint(i));
        }
        assertThat(((BasicStroke) first.getSeriesStroke(0)).getDashArray()).isNull();
        assertThat(((BasicStroke) first.getSeriesStroke(1)).getDashArray()).isNotNull()
                .isNotEqualTo(((BasicStroke) first.getSeriesStroke(2)).getDashArray());
        assertThat(first.getSeriesShape(0)).isNotEqualTo(first.getSeriesShape(1));
    }
}
