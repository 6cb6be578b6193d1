package org.lifelongseg.core.image;

import java.nio.file.Path;

/**
 * A single-channel label image as read by {@link ImageFiles#readLabels}: one unsigned byte per
 * pixel (class ids, Cityscapes labelIds or trainIds, 255 = void), row-major.
 *
 * <pre>{@code
 * LabelMap gt = ImageFiles.readLabels(Path.of("aachen_000000_000019_gtFine_labelIds.png"));
 * int labelId = gt.get(x, y);
 * }</pre>
 *
 * <p>The record holds the pixel array as is (no copy); records compare it by identity.
 *
 * @param file the file it was read from
 * @param width the width in pixels
 * @param height the height in pixels
 * @param values {@code width * height} values, row-major (read them with {@code & 0xFF})
 */
public record LabelMap(Path file, int width, int height, byte[] values) {

    /** The value at column {@code x}, row {@code y} (0..255). */
    public int get(int x, int y) {
        return values[y * width + x] & 0xFF;
    }
}
