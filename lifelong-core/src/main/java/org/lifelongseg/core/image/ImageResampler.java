package org.lifelongseg.core.image;

/**
 * Resizes interleaved 8-bit images (RGB, or single-channel label maps) on the Java heap.
 *
 * <pre>{@code
 * byte[] small = ImageResampler.bilinear(rgb, 2048, 1024, 3, 1024, 512); // as PIL's BILINEAR
 * byte[] labels = ImageResampler.nearest(ids, 2048, 1024, 1, 1024, 512, NearestMode.CENTER);
 * }</pre>
 *
 * <p>{@link #bilinear} reproduces Pillow's {@code Image.resize(size, BILINEAR)} for 8-bit images
 * exactly: a triangle filter whose support widens with the downscale factor (antialiasing),
 * weights normalised per output pixel and rounded to 22-bit fixed point, a horizontal pass then a
 * vertical pass with the intermediate image rounded to 8 bits. This is the resize the
 * class-incremental protocol uses to bring 2048x1024 frames to the network's 1024x512.
 */
public final class ImageResampler {

    private static final int PRECISION_BITS = 32 - 8 - 2;

    /** Which source pixel nearest-neighbour resizing picks. */
    public enum NearestMode {
        /** Source index = floor((dst + 0.5) · in / out): Pillow's NEAREST (label resizing). */
        CENTER,
        /** Source index = floor(dst · in / out): PyTorch's {@code interpolate(mode='nearest')}. */
        FLOOR
    }

    private ImageResampler() {}

    /**
     * Bilinear (antialiased) resize of an interleaved 8-bit image, Pillow-exact.
     *
     * @param src pixels, row-major, {@code channels} bytes per pixel
     * @return the resized pixels, {@code outWidth * outHeight * channels} bytes
     */
    public static byte[] bilinear(
            byte[] src, int width, int height, int channels, int outWidth, int outHeight) {
        checkArgs(src, width, height, channels, outWidth, outHeight);
        if (width == outWidth && height == outHeight) {
            return src.clone();
        }
        byte[] tmp = src;
        int tmpWidth = width;
        if (outWidth != width) {
            tmp = horizontal(src, width, height, channels, outWidth);
            tmpWidth = outWidth;
        }
        if (outHeight != height) {
            return vertical(tmp, tmpWidth, height, channels, outHeight);
        }
        return tmp;
    }

    /** Nearest-neighbour resize of an interleaved 8-bit image (labels keep their values). */
    public static byte[] nearest(
            byte[] src,
            int width,
            int height,
            int channels,
            int outWidth,
            int outHeight,
            NearestMode mode) {
        checkArgs(src, width, height, channels, outWidth, outHeight);
        int[] xs = nearestIndices(width, outWidth, mode);
        int[] ys = nearestIndices(height, outHeight, mode);
        byte[] out = new byte[outWidth * outHeight * channels];
        for (int y = 0; y < outHeight; y++) {
            int srcRow = ys[y] * width * channels;
            int dstRow = y * outWidth * channels;
            for (int x = 0; x < outWidth; x++) {
                int s = srcRow + xs[x] * channels;
                int d = dstRow + x * channels;
                for (int c = 0; c < channels; c++) {
                    out[d + c] = src[s + c];
                }
            }
        }
        return out;
    }

    /** The source index of every destination index for nearest-neighbour resizing. */
    public static int[] nearestIndices(int in, int out, NearestMode mode) {
        int[] idx = new int[out];
        double scale = (double) in / out;
        for (int i = 0; i < out; i++) {
            double pos = mode == NearestMode.CENTER ? (i + 0.5) * scale : i * scale;
            idx[i] = Math.min((int) Math.floor(pos), in - 1);
        }
        return idx;
    }

    private static void checkArgs(
            byte[] src, int width, int height, int channels, int outWidth, int outHeight) {
        if (width <= 0 || height <= 0 || outWidth <= 0 || outHeight <= 0 || channels <= 0) {
            throw new IllegalArgumentException(
                    "image sizes must be positive: " + width + "x" + height + " -> " + outWidth
                            + "x" + outHeight + ", channels " + channels);
        }
        if ((long) width * height * channels != src.length) {
            throw new IllegalArgumentException(
                    "pixel buffer holds " + src.length + " bytes, expected " + width + "x"
                            + height + "x" + channels);
        }
    }

    /** Filter taps of one axis: for each output index, the first input index and its weights. */
    private static final class Taps {
        final int[] first;
        final int[] count;
        final int[] weights; // fixed point, [out][maxTaps]
        final int maxTaps;

        Taps(int in, int out) {
            double scale = (double) in / out;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // bilinear support 1.0, widened when downscaling
            maxTaps = (int) Math.ceil(support) * 2 + 1;
            first = new int[out];
            count = new int[out];
            weights = new int[out * maxTaps];
            double[] k = new double[maxTaps];
            for (int o = 0; o < out; o++) {
                double center = (o + 0.5) * scale;
                int min = (int) (center - support + 0.5);
                if (min < 0) {
                    min = 0;
                }
                int max = (int) (center + support + 0.5);
                if (max > in) {
                    max = in;
                }
                int n = max - min;
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    double t = Math.abs((i + min - center + 0.5) / filterScale);
                    double w = t < 1.0 ? 1.0 - t : 0.0;
                    k[i] = w;
                    sum += w;
                }
                for (int i = 0; i < n; i++) {
                    double w = sum != 0.0 ? k[i] / sum : k[i];
                    weights[o * maxTaps + i] =
                            (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
                }
                first[o] = min;
                count[o] = n;
            }
        }
    }

    private static int clip8(long acc) {
        long v = acc >> PRECISION_BITS;
        return v < 0 ? 0 : (v > 255 ? 255 : (int) v);
    }

    private static byte[] horizontal(byte[] src, int width, int height, int ch, int outWidth) {
        Taps taps = new Taps(width, outWidth);
        byte[] out = new byte[outWidth * height * ch];
        long half = 1L << (PRECISION_BITS - 1);
        for (int y = 0; y < height; y++) {
            int row = y * width * ch;
            int orow = y * outWidth * ch;
            for (int x = 0; x < outWidth; x++) {
                int base = x * taps.maxTaps;
                int f = taps.first[x];
                int n = taps.count[x];
                for (int c = 0; c < ch; c++) {
                    long acc = half;
                    for (int i = 0; i < n; i++) {
                        acc += (long) (src[row + (f + i) * ch + c] & 0xFF) * taps.weights[base + i];
                    }
                    out[orow + x * ch + c] = (byte) clip8(acc);
                }
            }
        }
        return out;
    }

    private static byte[] vertical(byte[] src, int width, int height, int ch, int outHeight) {
        Taps taps = new Taps(height, outHeight);
        int stride = width * ch;
        byte[] out = new byte[stride * outHeight];
        long half = 1L << (PRECISION_BITS - 1);
        long[] acc = new long[stride];
        for (int y = 0; y < outHeight; y++) {
            java.util.Arrays.fill(acc, half);
            int base = y * taps.maxTaps;
            int f = taps.first[y];
            int n = taps.count[y];
            for (int i = 0; i < n; i++) {
                int w = taps.weights[base + i];
                int row = (f + i) * stride;
                for (int j = 0; j < stride; j++) {
                    acc[j] += (long) (src[row + j] & 0xFF) * w;
                }
            }
            int orow = y * stride;
            for (int j = 0; j < stride; j++) {
                out[orow + j] = (byte) clip8(acc[j]);
            }
        }
        return out;
    }
}
