package org.lifelongseg.erfnet.recognize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.image.RgbImage;

/** The layout-shuffled data placeholders: the same tiles, in another order. */
class ShuffledTilesTest {

    /** Every pixel's red value is its tile index, green its row within the tile, blue its column. */
    static RgbImage tiled(int w, int h, int tx, int ty) {
        byte[] p = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                p[i] = (byte) ((y / (h / ty)) * tx + x / (w / tx));
                p[i + 1] = (byte) (y % (h / ty));
                p[i + 2] = (byte) (x % (w / tx));
            }
        }
        return new RgbImage(w, h, p);
    }

    @Test
    void movesWholeTilesAndKeepsEveryTile() {
        RgbImage img = tiled(64, 32, 4, 2);
        RgbImage out = ProserRecognizer.Trainer.shuffleTiles(img, 4, 2, new Random(3));
        assertFalse(Arrays.equals(img.pixels(), out.pixels()), "the order changed");
        int[] seen = new int[8];
        for (int ty = 0; ty < 2; ty++) {
            for (int tx = 0; tx < 4; tx++) {
                int tile = out.pixels()[((ty * 16) * 64 + tx * 16) * 3];
                seen[tile]++;
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        int i = ((ty * 16 + y) * 64 + tx * 16 + x) * 3;
                        assertEquals(tile, out.pixels()[i], "whole tile moved");
                        assertEquals(y, out.pixels()[i + 1]);
                        assertEquals(x, out.pixels()[i + 2]);
                    }
                }
            }
        }
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1}, seen, "each tile exactly once");
    }

    @Test
    void rejectsMorePlaceholdersThanTheBatch() {
        RgbImage img = tiled(64, 32, 4, 2);
        assertThrows(IllegalArgumentException.class, () -> ProserRecognizer.trainer().optShuffledPlaceholders(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProserRecognizer.trainer()
                .setClassNames(java.util.List.of("a", "b"))
                .setTrainingImages(java.util.List.of(java.util.List.of(img), java.util.List.of(img)))
                .optBatchSize(4).optShuffledPlaceholders(5).train());
        assertEquals("5 shuffled placeholders per step exceed the batch size 4", e.getMessage());
    }
}
