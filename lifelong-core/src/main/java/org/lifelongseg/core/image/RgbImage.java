package org.lifelongseg.core.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.lifelongseg.core.engine.NativeArrays;

/**
 * An 8-bit RGB image on the Java heap, pixels interleaved row-major (R, G, B, R, G, B, ...).
 *
 * <pre>{@code
 * RgbImage img = ImageFiles.readRgb(Path.of("frame.png"));
 * RgbImage small = img.resizeBilinear(1024, 512);
 * NDArray chw = small.toFloatChw(manager); // (3, 512, 1024), values in [0, 1]
 * }</pre>
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param pixels {@code width * height * 3} bytes
 */
public record RgbImage(int width, int height, byte[] pixels) {

    /** Validates the buffer size. */
    public RgbImage {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0 || (long) width * height * 3 != pixels.length) {
            throw new IllegalArgumentException(
                    "RGB buffer of " + pixels.length + " bytes does not fit " + width + "x" + height);
        }
    }

    /**
     * Converts any BufferedImage (gray, RGBA, 16-bit, indexed, ...) to 8-bit RGB; alpha is dropped.
     *
     * @throws IllegalArgumentException if it has more than {@link ImageLimits#MAX_PIXELS} pixels
     */
    public static RgbImage of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        ImageLimits.checkSize(w, h, "image");
        byte[] out = new byte[w * h * 3];
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < out.length; i += 3) {
                out[i] = bgr[i + 2];
                out[i + 1] = bgr[i + 1];
                out[i + 2] = bgr[i];
            }
            return new RgbImage(w, h, out);
        }
        Raster raster = img.getRaster();
        int bands = raster.getNumBands();
        if (bands <= 2 && img.getColorModel().getColorSpace().getNumComponents() == 1) {
            // Gray (+ alpha): take the stored values, not a colour-managed conversion.
            int bits = img.getColorModel().getComponentSize(0);
            int shift = Math.max(0, bits - 8);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    byte v = (byte) (row[x] >>> shift);
                    int o = (y * w + x) * 3;
                    out[o] = v;
                    out[o + 1] = v;
                    out[o + 2] = v;
                }
            }
            return new RgbImage(w, h, out);
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            out[i * 3] = (byte) (p >>> 16);
            out[i * 3 + 1] = (byte) (p >>> 8);
            out[i * 3 + 2] = (byte) p;
        }
        return new RgbImage(w, h, out);
    }

    /** This image resized with Pillow-exact bilinear filtering (see {@link Resampler}). */
    public RgbImage resizeBilinear(int newWidth, int newHeight) {
        if (newWidth == width && newHeight == height) {
            return this;
        }
        return new RgbImage(
                newWidth,
                newHeight,
                Resampler.bilinear(pixels, width, height, 3, newWidth, newHeight));
    }

    /**
     * The network input for this image: resized to {@code width x height} (Pillow-exact bilinear,
     * unless it already has that size), normalized, as a float {@code (3, H, W)} NDArray.
     */
    public NDArray toNetworkInput(NDManager manager, int width, int height, Normalization normalization) {
        RgbImage resized = resizeBilinear(width, height);
        return NativeArrays.of(manager, normalization.toChw(resized.pixels(), width, height),
                new Shape(3, height, width));
    }

    /** The image as a {@code (H, W, 3)} uint8 NDArray. */
    public NDArray toUint8Hwc(NDManager manager) {
        return NativeArrays.of(manager, ByteBuffer.wrap(pixels), new Shape(height, width, 3), DataType.UINT8);
    }

    /** The image as a {@code (3, H, W)} float32 NDArray with values in [0, 1]. */
    public NDArray toFloatChw(NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray chw = toUint8Hwc(scope).toType(DataType.FLOAT32, false).divi(255f).transpose(2, 0, 1);
            return NativeArrays.copy(chw, manager);
        }
    }

    /** The image as a {@link BufferedImage} of type {@code TYPE_3BYTE_BGR}. */
    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i += 3) {
            bgr[i] = pixels[i + 2];
            bgr[i + 1] = pixels[i + 1];
            bgr[i + 2] = pixels[i];
        }
        return img;
    }
}
