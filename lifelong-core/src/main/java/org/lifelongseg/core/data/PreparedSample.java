package org.lifelongseg.core.data;

import java.util.Objects;

/**
 * A sample ready to become tensors: the image as float CHW and its label map (class indices of the
 * current class space, 255 = ignored). Image and labels may differ in size (evaluation keeps the
 * labels at full resolution).
 *
 * <pre>{@code
 * PreparedSample s = transform.apply(labeledImage, lut, rng);
 * float v = s.image()[(c * s.height() + y) * s.width() + x];
 * int label = s.labels()[y * s.labelWidth() + x] & 0xFF;
 * }</pre>
 *
 * @param id the image's id
 * @param image 3 x height x width floats (channel-major); not copied
 * @param width image width
 * @param height image height
 * @param labels labelHeight x labelWidth unsigned bytes; not copied
 * @param labelWidth label map width
 * @param labelHeight label map height
 */
public record PreparedSample(
        String id,
        float[] image,
        int width,
        int height,
        byte[] labels,
        int labelWidth,
        int labelHeight) {

    /** Checks the array sizes. */
    public PreparedSample {
        Objects.requireNonNull(id, "id");
        if (image.length != 3 * height * width) {
            throw new IllegalArgumentException(
                    id + ": image has " + image.length + " floats, expected 3x" + height + "x" + width);
        }
        if (labels.length != labelHeight * labelWidth) {
            throw new IllegalArgumentException(
                    id + ": labels have " + labels.length + " bytes, expected " + labelHeight + "x"
                            + labelWidth);
        }
    }

    /** The label at (y, x) as 0..255. */
    public int label(int y, int x) {
        return labels[y * labelWidth + x] & 0xFF;
    }
}
