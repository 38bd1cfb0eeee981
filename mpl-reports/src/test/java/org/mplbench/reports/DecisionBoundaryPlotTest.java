package org.mplbench.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionBoundaryPlotTest {

    private static final DecisionBoundaryPlot.Grid GRID = new DecisionBoundaryPlot.Grid(-1, 1, -1, 1, 20, 10);
    private static final DecisionBoundaryPlot.Points POINTS =
            new DecisionBoundaryPlot.Points(new float[] {0.5f, 0.5f, -0.5f, -0.5f}, new int[] {1, 0}, new int[] {0});

    @Test
    void writesOnePanelPerMethod(@TempDir Path dir) throws IOException {
        float[] p = new float[200];
        for (int i = 0; i < p.length; i++) {
            p[i] = (i % 20) / 19f; // class 1 on the right half
        }
        Path png = dir.resolve("f.png");
        DecisionBoundaryPlot.write(png, "test", GRID, List.of(
                new DecisionBoundaryPlot.Panel("a", p), new DecisionBoundaryPlot.Panel("b", p),
                new DecisionBoundaryPlot.Panel("c", p)), POINTS, 300);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(900);
        assertThat(img.getHeight()).isEqualTo(390);
        assertThat(GRID.points()).hasSize(400).startsWith(-1f, -1f);
    }

    @Test
    void theFigureHasAColourScaleBelowItsPanels(@TempDir Path dir) throws IOException {
        float[] p = new float[200];
        for (int i = 0; i < p.length; i++) {
            p[i] = (i % 20) / 19f;
        }
        Path png = dir.resolve("fig.png");
        DecisionBoundaryPlot.writeFigure(png, "three", GRID, List.of(new DecisionBoundaryPlot.Panel("a", p),
                new DecisionBoundaryPlot.Panel("b", p), new DecisionBoundaryPlot.Panel("c", p)), POINTS, 300);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(900);
        assertThat(img.getHeight()).isEqualTo(460);
        // the scale strip runs from the moon-0 colour (left) to the moon-1 colour (right)
        int y = java.util.stream.IntStream.range(380, 460).filter(r -> {
            int c = img.getRGB(450, r) & 0xFFFFFF;
            return c != 0xFFFFFF;
        }).findFirst().orElseThrow();
        java.awt.Color left = new java.awt.Color(img.getRGB(80, y));
        java.awt.Color right = new java.awt.Color(img.getRGB(820, y));
        assertThat(left.getBlue()).isGreaterThan(left.getRed());
        assertThat(right.getRed()).isGreaterThan(right.getBlue());
    }

    @Test
    void panelOfTheWrongSizeIsRejected(@TempDir Path dir) {
        assertThatThrownBy(() -> DecisionBoundaryPlot.write(dir.resolve("f.png"), "t", GRID,
                List.of(new DecisionBoundaryPlot.Panel("short", new float[3])), POINTS, 300))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("panel 'short' has 3 values for a 20x10 grid");
    }
}
