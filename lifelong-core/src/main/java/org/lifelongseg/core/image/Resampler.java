package org.lifelongseg.core.image;

/**
 * Resizes 8-bit interleaved images exactly like Pillow's {@code Image.resize(size, BILINEAR)}
 * (triangle filter widened by the scale when shrinking, 22-bit fixed-point weights, horizontal
 * pass first with an 8-bit intermediate) and label maps like {@code NEAREST}. The bilinear result
 * is bit-identical to Pillow's (tested against a Pillow golden).
 *
 * <pre>{@code
 * byte[] half = Resampler.bilinear(rgb, 2048, 1024, 3, 1024, 512);
 * byte[] lab = Resampler.nearest(labels, 2048, 1024, 1024, 512);
 * }</pre>
 *
 * <p>The region methods compute only a window of the resized image (identical to resizing fully,
 * then cropping), read the source mirrored if asked (identical to flipping first), and accept a
 * source that is itself only a window of a larger virtual image; the training transform uses them
 * to compute only the final crop.
 */
public final class Resampler {

    private static final int PRECISION_BITS = 32 - 8 - 2;

    private Resampler() {}

    /** Pillow's per-output-pixel filter taps for one dimension. */
    static final class Taps {
        final int ksize;
        final int[] start;
        final int[] count;
        final int[] weights;

        Taps(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterscale = Math.max(scale, 1.0);
            double support = filterscale;
            ksize = (int) Math.ceil(support) * 2 + 1;
            start = new int[outSize];
            count = new int[outSize];
            weights = new int[outSize * ksize];
            double[] k = new double[ksize];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                double ss = 1.0 / filterscale;
                int xmin = (int) (center - support + 0.5);
                if (xmin < 0) {
                    xmin = 0;
                }
                int xmax = (int) (center + support + 0.5);
                if (xmax > inSize) {
                    xmax = inSize;
                }
                xmax -= xmin;
                double ww = 0;
                for (int x = 0; x < xmax; x++) {
                    double t = Math.abs((x + xmin - center + 0.5) * ss);
                    double w = t < 1.0 ? 1.0 - t : 0.0;
                    k[x] = w;
                    ww += w;
                }
                for (int x = 0; x < xmax; x++) {
                    double v = ww != 0.0 ? k[x] / ww : k[x];
                    weights[xx * ksize + x] = v < 0
                            ? (int) (-0.5 + v * (1 << PRECISION_BITS))
                            : (int) (0.5 + v * (1 << PRECISION_BITS));
                }
                start[xx] = xmin;
                count[xx] = xmax;
            }
        }
    }

    private static int clip8(int v) {
        if (v >= (1 << PRECISION_BITS << 8)) {
            return 255;
        }
        if (v <= 0) {
            return 0;
        }
        return v >> PRECISION_BITS;
    }

    /** The whole image resized to {@code dw x dh} (Pillow BILINEAR). */
    public static byte[] bilinear(byte[] src, int sw, int sh, int channels, int dw, int dh) {
        if (sw <= 0 || sh <= 0 || dw <= 0 || dh <= 0 || channels <= 0) {
            throw new IllegalArgumentException("image sizes must be positive: " + sw + "x" + sh
                    + " -> " + dw + "x" + dh + ", channels " + channels);
        }
        if ((long) sw * sh * channels != src.length) {
            throw new IllegalArgumentException("pixel buffer holds " + src.length
                    + " bytes, expected " + sw + "x" + sh + "x" + channels);
        }
        return bilinearRegion(src, sw, sh, 0, 0, sw, sh, false, channels, dw, dh, 0, 0, dw, dh);
    }

    /**
     * The window {@code [x0, x0+cw) x [y0, y0+ch)} of the virtual image (of size {@code sw x sh},
     * optionally mirrored left-right) resized to {@code dw x dh} with Pillow BILINEAR.
     *
     * @param src the pixels of the source window {@code [srcX0, srcX0+srcW) x [srcY0, srcY0+srcH)}
     *     of the (unmirrored) virtual source; it must cover {@link #sourceWindow}
     */
    public static byte[] bilinearRegion(
            byte[] src, int sw, int sh, int srcX0, int srcY0, int srcW, int srcH, boolean mirror,
            int channels, int dw, int dh, int x0, int y0, int cw, int ch) {
        checkRegion(dw, dh, x0, y0, cw, ch);
        ImageLimits.checkSize(cw, ch, "resized image");
        boolean needH = dw != sw || mirror;
        boolean needV = dh != sh;
        // rows of the source the vertical pass reads
        Taps tv = needV ? new Taps(sh, dh) : null;
        int rowFrom = needV ? tv.start[y0] : y0;
        int rowTo = needV ? tv.start[y0 + ch - 1] + tv.count[y0 + ch - 1] : y0 + ch;
        int rows = rowTo - rowFrom;
        // horizontal pass: rows [rowFrom, rowTo), output columns [x0, x0+cw)
        byte[] mid = new byte[rows * cw * channels];
        if (needH) {
            Taps th = new Taps(sw, dw);
            for (int r = 0; r < rows; r++) {
                int sy = rowFrom + r - srcY0;
                checkInside(sy, srcH, "row");
                int rowBase = sy * srcW;
                for (int xx = 0; xx < cw; xx++) {
                    int ox = x0 + xx;
                    int xmin = th.start[ox];
                    int n = th.count[ox];
                    int kb = ox * th.ksize;
                    for (int c = 0; c < channels; c++) {
                        int ss = 1 << (PRECISION_BITS - 1);
                        for (int x = 0; x < n; x++) {
                            int vx = xmin + x;
                            int sx = (mirror ? sw - 1 - vx : vx) - srcX0;
                            ss += (src[(rowBase + sx) * channels + c] & 0xFF) * th.weights[kb + x];
                        }
                        mid[(r * cw + xx) * channels + c] = (byte) clip8(ss);
                    }
                }
            }
        } else {
            for (int r = 0; r < rows; r++) {
                int sy = rowFrom + r - srcY0;
                checkInside(sy, srcH, "row");
                checkInside(x0 - srcX0, srcW, "column");
                checkInside(x0 + cw - 1 - srcX0, srcW, "column");
                System.arraycopy(src, (sy * srcW + x0 - srcX0) * channels, mid,
                        r * cw * channels, cw * channels);
            }
        }
        if (!needV) {
            return mid;
        }
        byte[] out = new byte[cw * ch * channels];
        int rowLen = cw * channels;
        for (int yy = 0; yy < ch; yy++) {
            int oy = y0 + yy;
            int ymin = tv.start[oy] - rowFrom;
            int n = tv.count[oy];
            int kb = oy * tv.ksize;
            int ob = yy * rowLen;
            for (int i = 0; i < rowLen; i++) {
                int ss = 1 << (PRECISION_BITS - 1);
                for (int y = 0; y < n; y++) {
                    ss += (mid[(ymin + y) * rowLen + i] & 0xFF) * tv.weights[kb + y];
                }
                out[ob + i] = (byte) clip8(ss);
            }
        }
        return out;
    }

    /**
     * The source window {@code {x0, y0, w, h}} (unmirrored coordinates) that {@link
     * #bilinearRegion} reads to produce the given output window.
     */
    public static int[] sourceWindow(
            int sw, int sh, boolean mirror, int dw, int dh, int x0, int y0, int cw, int ch) {
        checkRegion(dw, dh, x0, y0, cw, ch);
        int xa;
        int xb;
        if (dw != sw || mirror) {
            Taps th = new Taps(sw, dw);
            xa = th.start[x0];
            xb = th.start[x0 + cw - 1] + th.count[x0 + cw - 1];
            for (int x = x0; x < x0 + cw; x++) { // starts are monotone, but be safe
                xa = Math.min(xa, th.start[x]);
                xb = Math.max(xb, th.start[x] + th.count[x]);
            }
            if (mirror) {
                int a = sw - xb;
                xb = sw - xa;
                xa = a;
            }
        } else {
            xa = x0;
            xb = x0 + cw;
        }
        int ya;
        int yb;
        if (dh != sh) {
            Taps tv = new Taps(sh, dh);
            ya = tv.start[y0];
            yb = tv.start[y0 + ch - 1] + tv.count[y0 + ch - 1];
        } else {
            ya = y0;
            yb = y0 + ch;
        }
        return new int[] {xa, ya, xb - xa, yb - ya};
    }

    /**
     * The source indices Pillow NEAREST samples for each of {@code out} outputs: Pillow's scaling
     * affine transform accumulates {@code x = 0.5*in/out}, {@code x += in/out} and takes the
     * integer part (clamped to the image).
     */
    public static int[] nearestIndices(int in, int out) {
        double a = (double) in / out;
        double acc = a * 0.5;
        int[] idx = new int[out];
        for (int i = 0; i < out; i++) {
            int v = acc < 0 ? 0 : (int) acc;
            idx[i] = Math.min(v, in - 1);
            acc += a;
        }
        return idx;
    }

    /**
     * The source indices PyTorch's {@code F.interpolate(mode='nearest')} samples for each of {@code
     * out} outputs: {@code min(floor(dst * (float) (in / out)), in - 1)} in single precision, as
     * PyTorch computes it. The protocol upsamples logits (or, equivalently, class maps) this way.
     */
    public static int[] torchNearestIndices(int in, int out) {
        float scale = (float) in / out;
        int[] idx = new int[out];
        for (int i = 0; i < out; i++) {
            idx[i] = Math.min((int) Math.floor((float) i * scale), in - 1);
        }
        return idx;
    }

    /** A label map resized with Pillow NEAREST. */
    public static byte[] nearest(byte[] src, int sw, int sh, int dw, int dh) {
        ImageLimits.checkSize(dw, dh, "resized label map");
        byte[] out = new byte[dw * dh];
        int[] xs = nearestIndices(sw, dw);
        int[] ys = nearestIndices(sh, dh);
        for (int y = 0; y < dh; y++) {
            int sy = ys[y] * sw;
            for (int x = 0; x < dw; x++) {
                out[y * dw + x] = src[sy + xs[x]];
            }
        }
        return out;
    }

    /** A left-right mirrored copy of an interleaved image. */
    public static byte[] flipHorizontal(byte[] src, int w, int h, int channels) {
        byte[] out = new byte[src.length];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                System.arraycopy(src, (row + x) * channels, out, (row + w - 1 - x) * channels, channels);
            }
        }
        return out;
    }

    private static void checkRegion(int dw, int dh, int x0, int y0, int cw, int ch) {
        if (dw < 1 || dh < 1 || cw < 1 || ch < 1 || x0 < 0 || y0 < 0 || x0 + cw > dw
                || y0 + ch > dh) {
            throw new IllegalArgumentException("window " + cw + "x" + ch + " at (" + x0 + ","
                    + y0 + ") does not fit an image of " + dw + "x" + dh);
        }
    }

    private static void checkInside(int v, int size, String what) {
        if (v < 0 || v >= size) {
            throw new IllegalArgumentException(
                    "source window too small: needs " + what + " " + v + " of " + size);
        }
    }
}
