package org.lifelongseg.core.image;

/**
 * The largest images the library reads or allocates. Pixels live in Java arrays, which hold at
 * most 2^31 - 1 elements; the limit keeps an RGBA buffer of the largest image inside that (and
 * gives a clear error instead of an overflowing size computation).
 *
 * <pre>{@code
 * ImageLimits.checkSize(width, height, "network input");   // IllegalArgumentException if too large
 * if (!ImageLimits.fits(w, h)) { ... ImageLimits.tooLarge(w, h) ... }
 * }</pre>
 */
public final class ImageLimits {

    /** Longest side of a network input size: 16384. */
    public static final int MAX_SIDE = 16384;

    /** Most pixels of an image: {@code MAX_SIDE * MAX_SIDE} = 268,435,456 (256 megapixels). */
    public static final long MAX_PIXELS = (long) MAX_SIDE * MAX_SIDE;

    private ImageLimits() {}

    /** Whether a {@code width x height} image is within {@link #MAX_PIXELS}. */
    public static boolean fits(long width, long height) {
        return width * height <= MAX_PIXELS;
    }

    /** {@code "WxH pixels exceeds the limit of N pixels"}, to follow a file or image name. */
    public static String tooLarge(long width, long height) {
        return width + "x" + height + " pixels exceeds the limit of " + MAX_PIXELS + " pixels";
    }

    /**
     * Checks an image size: both sides positive and at most {@link #MAX_PIXELS} pixels.
     *
     * @param what names the image in the error, e.g. "network input"
     * @throws IllegalArgumentException otherwise
     */
    public static void checkSize(long width, long height, String what) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(what + " size must be positive, got " + width + "x" + height);
        }
        if (!fits(width, height)) {
            throw new IllegalArgumentException(what + ": " + tooLarge(width, height));
        }
    }
}
