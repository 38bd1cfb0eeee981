package org.mplbench.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mplbench.augment.Ops.Resample;

/**
 * Every PIL-defined operation against Pillow's own output on a 12×10 image (fixture written by
 * {@code tools/pil_fixtures.py}): the reference PyTorch code's augmentations are PIL calls, so
 * bit-exact agreement is the standard.
 */
class OpsPilTest {

    private static final int H = 10;
    private static final int W = 12;
    private static final Map<String, byte[]> FIXTURE = load();

    private static Map<String, byte[]> load() {
        try (InputStream in = OpsPilTest.class.getResourceAsStream("/augment/pil-ops.txt")) {
            Map<String, byte[]> m = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] kv = line.trim().split(" ");
                    m.put(kv[0], HexFormat.of().parseHex(kv[1]));
                }
            }
            return m;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> cases() {
        byte[] s = new byte[H * W * 3];
        return Stream.of(
                op("autocontrast", img -> Ops.autoContrast(img, H, W, 3)),
                op("equalize", img -> Ops.equalize(img, H, W, 3)),
                op("invert", img -> Ops.invert(img, H, W, 3)),
                op("posterize2", img -> Ops.posterize(img, H, W, 3, 2)),
                op("solarize153", img -> Ops.solarize(img, H, W, 3, 153)),
                op("color2.98", img -> Ops.color(img, H, W, 3, 2.98, s)),
                op("color0.4", img -> Ops.color(img, H, W, 3, 0.4, s)),
                op("contrast2.98", img -> Ops.contrast(img, H, W, 3, 2.98, false, s)),
                op("brightness2.98", img -> Ops.brightness(img, H, W, 3, 2.98, s)),
                op("sharpness2.98", img -> Ops.sharpness(img, H, W, 3, 2.98, false, s)),
                op("sharpness0.3", img -> Ops.sharpness(img, H, W, 3, 0.3, false, s)),
                geo("rotate48bicubic", (src, dst) -> Ops.rotate(src, dst, H, W, 3, 48, Resample.BICUBIC, 128)),
                geo("rotate-30nearest", (src, dst) -> Ops.rotate(src, dst, H, W, 3, -30, Resample.NEAREST, 128)),
                geo("shearx0.48bicubic", (src, dst) -> Ops.affine(src, dst, H, W, 3, 1, 0.48, 0, 0, 1, 0, Resample.BICUBIC, 128)),
                geo("sheary-0.3nearest", (src, dst) -> Ops.affine(src, dst, H, W, 3, 1, 0, 0, -0.3, 1, 0, Resample.NEAREST, 128)),
                geo("translatex6.4bicubic", (src, dst) -> Ops.affine(src, dst, H, W, 3, 1, 0, 6.4, 0, 1, 0, Resample.BICUBIC, 128)),
                geo("translatey-3nearest", (src, dst) -> Ops.affine(src, dst, H, W, 3, 1, 0, 0, 0, 1, -3, Resample.NEAREST, 128)));
    }

    private static Arguments op(String name, Consumer<byte[]> f) {
        return Arguments.of(name, (java.util.function.UnaryOperator<byte[]>) src -> {
            byte[] img = src.clone();
            f.accept(img);
            return img;
        });
    }

    private static Arguments geo(String name, java.util.function.BiConsumer<byte[], byte[]> f) {
        return Arguments.of(name, (java.util.function.UnaryOperator<byte[]>) src -> {
            byte[] dst = new byte[src.length];
            f.accept(src.clone(), dst);
            return dst;
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPillow(String name, java.util.function.UnaryOperator<byte[]> op) {
        byte[] expected = FIXTURE.get(name);
        assertThat(expected).as("fixture " + name).isNotNull();
        byte[] got = op.apply(FIXTURE.get("input"));
        int mismatches = 0;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < got.length; i++) {
            if (got[i] != expected[i]) {
                if (mismatches++ < 5) {
                    first.append(String.format(" [y=%d x=%d c=%d: ours %d, PIL %d]", i / 3 / W, i / 3 % W, i % 3,
                            got[i] & 0xFF, expected[i] & 0xFF));
                }
            }
        }
        assertThat(mismatches).as(name + " differs from Pillow at" + first).isZero();
    }
}
