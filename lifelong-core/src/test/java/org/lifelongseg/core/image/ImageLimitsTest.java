package org.lifelongseg.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.infer.SegmentationTranslator;
import org.lifelongseg.core.testing.LargePngs;

/** Images too large for Java arrays are refused with a clear message, not an overflow. */
class ImageLimitsTest {

    @TempDir Path dir;

    @Test
    void aValidHugePngIsTooLargeNotCorrupt() throws Exception {
        Path big = LargePngs.blackBilevel(dir.resolve("big.png"), 30000, 30000);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> ImageFiles.read(big));
        assertEquals(big + ": 30000x30000 pixels exceeds the limit of 268435456 pixels", e.getMessage());
        assertEquals(big, e.file());
    }

    @Test
    void theSizeIsJudgedFromTheHeaderBeforeDecoding() throws Exception {
        Path big = LargePngs.headerOnly(dir.resolve("big-rgb.png"), 30000, 30000, 8, 2);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> ImageFiles.readRgb(big));
        assertTrue(e.getMessage().contains("30000x30000 pixels exceeds the limit"), e.getMessage());
    }

    @Test
    void aFolderIsNotAnImage() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("frames"));
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> ImageFiles.read(folder));
        assertEquals(folder + ": is a folder, expected an image file", e.getMessage());
    }

    @Test
    void resizingToAHugeSizeIsAnArgumentError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Resampler.bilinear(new byte[3], 1, 1, 3, 100000, 100000));
        assertTrue(e.getMessage().contains("100000x100000 pixels exceeds the limit"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Resampler.nearest(new byte[1], 1, 1, 100000, 100000));
        assertThrows(IllegalArgumentException.class,
                () -> new RgbImage(1, 1, new byte[3]).resizeBilinear(100000, 100000));
    }

    @Test
    void networkInputSizesAreLimited() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SegmentationTranslator.builder().optInputSize(100000, 100000));
        assertTrue(e.getMessage().contains("input size: 100000x100000 pixels exceeds"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Normalization.NONE.toChw(new byte[3], 100000, 100000));
        SegmentationTranslator.builder().optInputSize(ImageLimits.MAX_SIDE, ImageLimits.MAX_SIDE); // the limit itself is fine
    }
}
