package org.lifelongseg.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lifelongseg.core.testing.SharedTestData;

class PillowParityTest {

    /** The protocol's 2048x1024 -> 1024x512 resize equals Pillow's BILINEAR byte for byte. */
    @Test
    void bilinearMatchesPillowOnRealFrame() {
        Path frame = SharedTestData.require(
                "data/cityscapes-mini/leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit.png");
        Path golden = SharedTestData.require(
                "reference/erfnet-random/aachen_000000_000019_1024x512_PILbilinear.png");
        RgbImage ours = ImageFiles.readRgb(frame).resizeBilinear(1024, 512);
        RgbImage pil = ImageFiles.readRgb(golden);
        assertEquals(0, countDifferent(ours.pixels(), pil.pixels()), "bytes differing from Pillow");
    }

    static Stream<Path> networkInputs() throws IOException {
        Path dir = SharedTestData.root().resolve("reference/metrics/inputs-1024x512");
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        return Files.list(dir).sorted();
    }

    /** All 10 network inputs of the evaluation goldens are reproduced from the full frames. */
    @ParameterizedTest
    @MethodSource("networkInputs")
    void reproducesEvaluationInputs(Path input) throws IOException {
        String frame = input.getFileName().toString().replace("_1024x512.png", "");
        String city = frame.substring(0, frame.indexOf('_'));
        Path root = SharedTestData.require("data/cityscapes-mini/leftImg8bit");
        Path original;
        try (Stream<Path> s = Files.walk(root)) {
            original = s.filter(p -> p.getFileName().toString().equals(frame + "_leftImg8bit.png"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no frame for " + input + " in " + city));
        }
        RgbImage ours = ImageFiles.readRgb(original).resizeBilinear(1024, 512);
        assertEquals(0, countDifferent(ours.pixels(), ImageFiles.readRgb(input).pixels()));
    }

    @Test
    void upscaleAndIdentity() {
        byte[] src = {0, 10, 20, 30, 40, 50, 60, 70, (byte) 255};
        assertArrayEquals(src, Resampler.bilinear(src, 3, 3, 1, 3, 3));
        byte[] up = Resampler.bilinear(new byte[] {0, (byte) 200}, 2, 1, 1, 4, 1);
        // Upscaling 2 -> 4 with a triangle filter: centres at 0.25, 0.75 of the first pixel ...
        assertArrayEquals(new byte[] {0, 50, (byte) 150, (byte) 200}, up);
    }

    @Test
    void rejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> Resampler.bilinear(new byte[5], 2, 2, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Resampler.bilinear(new byte[4], 2, 2, 1, 0, 1));
    }

    @Property
    void constantImageStaysConstant(
            @ForAll @IntRange(min = 1, max = 40) int w,
            @ForAll @IntRange(min = 1, max = 40) int h,
            @ForAll @IntRange(min = 1, max = 40) int ow,
            @ForAll @IntRange(min = 1, max = 40) int oh,
            @ForAll @IntRange(min = 0, max = 255) int value) {
        byte[] src = new byte[w * h * 3];
        java.util.Arrays.fill(src, (byte) value);
        byte[] out = Resampler.bilinear(src, w, h, 3, ow, oh);
        for (byte b : out) {
            assertEquals(value, b & 0xFF);
        }
    }

    @Property
    void nearestKeepsOnlySourceValues(
            @ForAll @IntRange(min = 1, max = 30) int w,
            @ForAll @IntRange(min = 1, max = 30) int h,
            @ForAll @IntRange(min = 1, max = 60) int ow,
            @ForAll @IntRange(min = 1, max = 60) int oh) {
        byte[] src = new byte[w * h];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) (i % 19);
        }
        byte[] out = Resampler.nearest(src, w, h, ow, oh);
        int[] xs = Resampler.nearestIndices(w, ow);
        int[] ys = Resampler.nearestIndices(h, oh);
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                assertEquals(src[ys[y] * w + xs[x]], out[y * ow + x]);
            }
        }
    }

    /** PyTorch's nearest indices: exact halving for 2x, in range, non-decreasing. */
    @Property
    void torchNearestIndicesAreMonotoneAndInRange(
            @ForAll @IntRange(min = 1, max = 300) int in, @ForAll @IntRange(min = 1, max = 600) int out) {
        int[] idx = Resampler.torchNearestIndices(in, out);
        for (int i = 0; i < out; i++) {
            assertTrue(idx[i] >= 0 && idx[i] < in);
            assertTrue(i == 0 || idx[i] >= idx[i - 1]);
        }
        if (out == 2 * in) {
            for (int i = 0; i < out; i++) {
                assertEquals(i >> 1, idx[i]);
            }
        }
    }

    private static int countDifferent(byte[] a, byte[] b) {
        assertEquals(a.length, b.length, "sizes");
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                n++;
            }
        }
        return n;
    }
}
