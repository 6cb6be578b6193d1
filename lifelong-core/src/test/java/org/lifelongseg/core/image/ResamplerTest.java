package org.lifelongseg.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    static byte[] flip(byte[] img, int w, int h, int c) {
        byte[] out = new byte[img.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(img, (y * w + x) * c, out, (y * w + w - 1 - x) * c, c);
            }
        }
        return out;
    }

    static byte[] crop(byte[] img, int w, int c, int x0, int y0, int cw, int ch) {
        byte[] out = new byte[cw * ch * c];
        for (int y = 0; y < ch; y++) {
            System.arraycopy(img, ((y0 + y) * w + x0) * c, out, y * cw * c, cw * c);
        }
        return out;
    }

    /** The region/mirror/window shortcuts give exactly flip -> resize -> crop. */
    @Property(tries = 60)
    void regionEqualsFlipResizeCrop(
            @ForAll @IntRange(min = 4, max = 60) int sw,
            @ForAll @IntRange(min = 4, max = 40) int sh,
            @ForAll @IntRange(min = 3, max = 70) int dw,
            @ForAll @IntRange(min = 3, max = 50) int dh,
            @ForAll boolean mirror,
            @ForAll long seed) {
        Random r = new Random(seed);
        byte[] src = random(r, sw * sh * 3);
        int cw = 1 + r.nextInt(dw);
        int ch = 1 + r.nextInt(dh);
        int x0 = r.nextInt(dw - cw + 1);
        int y0 = r.nextInt(dh - ch + 1);
        byte[] full = Resampler.bilinear(mirror ? flip(src, sw, sh, 3) : src, sw, sh, 3, dw, dh);
        byte[] want = crop(full, dw, 3, x0, y0, cw, ch);
        assertArrayEquals(want, Resampler.bilinearRegion(
                src, sw, sh, 0, 0, sw, sh, mirror, 3, dw, dh, x0, y0, cw, ch));
        int[] win = Resampler.sourceWindow(sw, sh, mirror, dw, dh, x0, y0, cw, ch);
        byte[] window = crop(src, sw, 3, win[0], win[1], win[2], win[3]);
        assertArrayEquals(want, Resampler.bilinearRegion(
                window, sw, sh, win[0], win[1], win[2], win[3], mirror, 3, dw, dh, x0, y0, cw, ch));
    }

    @Test
    void nearestPicksPillowsSourcePixels() {
        assertArrayEquals(new int[] {1, 3, 5, 7}, Resampler.nearestIndices(8, 4));
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, Resampler.nearestIndices(3, 6));
        assertArrayEquals(new int[] {0, 1, 2}, Resampler.nearestIndices(3, 3));
    }
}
