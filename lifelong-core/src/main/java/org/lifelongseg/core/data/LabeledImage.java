package org.lifelongseg.core.data;

import java.util.Objects;

/**
 * A decoded RGB image and its label map at the same resolution, before any transform.
 *
 * <pre>{@code
 * LabeledImage img = new LabeledImage("aachen_000000_000019", 2048, 1024, rgb, labelIds);
 * int red = img.rgb()[(y * img.width() + x) * 3] & 0xFF;
 * }</pre>
 *
 * @param id the image's id
 * @param width width in pixels
 * @param height height in pixels
 * @param rgb interleaved RGB, row-major (height x width x 3), unsigned bytes; not copied
 * @param labels raw label values, row-major (height x width), unsigned bytes; not copied
 */
public record LabeledImage(String id, int width, int height, byte[] rgb, byte[] labels) {

    /** Checks the array sizes. */
    public LabeledImage {
        Objects.requireNonNull(id, "id");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(id + ": bad size " + width + "x" + height);
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException(
                    id + ": rgb has " + rgb.length + " bytes, expected " + width * height * 3);
        }
        if (labels.length != width * height) {
            throw new IllegalArgumentException(
                    id + ": labels have " + labels.length + " bytes, expected " + width * height);
        }
    }
}
