package org.lifelongseg.cityscapes.eval;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A single-channel label image (e.g. {@code *_gtFine_labelIds.png}) read as its raw sample
 * values: grey levels of a greyscale PNG, palette indices of a palette PNG (what numpy sees).
 *
 * <pre>{@code
 * LabelImage gt = LabelImage.read(Path.of("aachen_000000_000019_gtFine_labelIds.png"));
 * int labelId = gt.get(x, y);
 * }</pre>
 *
 * <p>The record holds the pixel array as is (no copy); records compare it by identity.
 *
 * @param path the file it was read from
 * @param width the width in pixels
 * @param height the height in pixels
 * @param values row-major sample values, {@code width * height} entries
 */
public record LabelImage(Path path, int width, int height, int[] values) {

    /** The value at column {@code x}, row {@code y}. */
    public int get(int x, int y) {
        return values[y * width + x];
    }

    /**
     * Reads a single-channel PNG.
     *
     * @throws UncheckedIOException if the file cannot be read or is no image
     * @throws IllegalArgumentException if the image has more than one channel
     */
    public static LabelImage read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new UncheckedIOException(
                    new IOException("label image " + path + " does not exist or is not a file"));
        }
        BufferedImage img;
        try {
            img = ImageIO.read(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read label image " + path + ": " + e.getMessage(), e);
        }
        if (img == null) {
            throw new UncheckedIOException(
                    new IOException("label image " + path + " is not in a readable image format"));
        }
        Raster raster = img.getRaster();
        if (raster.getNumBands() != 1) {
            throw new IllegalArgumentException(
                    "label image " + path + " has " + raster.getNumBands()
                            + " channels; a label image must have exactly one");
        }
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[] values = raster.getSamples(0, 0, w, h, 0, new int[w * h]);
        return new LabelImage(path, w, h, values);
    }
}
