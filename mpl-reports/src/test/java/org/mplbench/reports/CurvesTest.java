package org.mplbench.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.reports.CurvePlot.Band;

class CurvesTest {

    private static final List<CurvePoint> POINTS = List.of(
            new CurvePoint("mpl/paper", 0, 100, "acc_test", 0.2), new CurvePoint("mpl/paper", 1, 100, "acc_test", 0.4),
            new CurvePoint("mpl/paper", 2, 100, "acc_test", 0.9), new CurvePoint("mpl/paper", 0, 200, "acc_test", 0.5),
            new CurvePoint("mpl/paper", 0, 200, "h", -1e-3), new CurvePoint("uda/default", 0, 100, "acc_test", 0.3),
            new CurvePoint("mpl/paper", 1, 200, "acc_test", Double.NaN));

    @Test
    void bandsAreMeanMinAndMaxOverSeedsPerStep() {
        assertThat(CurvePlot.bands(POINTS, "mpl/paper", "acc_test")).containsExactly(
                new Band(100, 0.5, 0.2, 0.9, 3), new Band(200, 0.5, 0.5, 0.5, 1));
        assertThat(CurvePlot.bands(POINTS, "uda/default", "h")).isEmpty();
    }

    @Test
    void csvRoundTripIsExactAndABadLineIsNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("curves.csv");
        CurvesCsv.write(f, POINTS);
        assertThat(CurvesCsv.read(f)).isEqualTo(POINTS);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(f));
        lines.set(2, "mpl/paper,1,x100,acc_test,0.4");
        Files.write(f, lines);
        assertThatThrownBy(() -> CurvesCsv.read(f)).hasMessageContaining(f + ":3");
    }

    @Test
    void writesAPngWithOnePanelPerMetricGroup(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("sub").resolve("curves.png");
        List<CurvePlot.Panel> panels = List.of(
                new CurvePlot.Panel("test accuracy (%)", List.of(new CurvePlot.Line("MPL", "mpl/paper", "acc_test", 100),
                        new CurvePlot.Line("UDA", "uda/default", "acc_test", 100))),
                new CurvePlot.Panel("h", List.of(new CurvePlot.Line("h", "mpl/paper", "h", 1))));
        assertThat(CurvePlot.hasData(POINTS, panels)).isTrue();
        CurvePlot.write(png, "test", POINTS, panels, 640, 480);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(640);
        assertThat(img.getHeight()).isEqualTo(480);
    }
}
