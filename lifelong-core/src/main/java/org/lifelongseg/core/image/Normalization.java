package org.lifelongseg.core.image;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import org.lifelongseg.core.engine.NativeArrays;

/**
 * How an 8-bit RGB image becomes the network input.
 *
 * <pre>{@code
 * float[] chw = Normalization.IMAGENET.toChw(rgb, width, height); // on the Java heap
 * NDArray x = Normalization.NONE.apply(floatChwIn01);              // on the device
 * }</pre>
 */
public enum Normalization {
    /** RGB / 255, no mean or std: what the original ERFNet weights expect. */
    NONE(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f}),
    /** (RGB / 255 − ImageNet mean) / ImageNet std: what the class-incremental models expect. */
    IMAGENET(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    private final float[] mean;
    private final float[] std;
    private final float[][] tables = new float[3][256];

    Normalization(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                tables[c][v] = (v / 255f - mean[c]) / std[c];
            }
        }
    }

    /** Per-channel mean subtracted after scaling to [0, 1]. */
    public float[] mean() {
        return mean.clone();
    }

    /** Per-channel standard deviation divided by after subtracting the mean. */
    public float[] std() {
        return std.clone();
    }

    /** The normalized value of the 8-bit value {@code v} in channel {@code c}. */
    public float value(int c, int v) {
        return tables[c][v];
    }

    /** Interleaved 8-bit RGB (H x W x 3) to normalized channel-major floats (3 x H x W). */
    public float[] toChw(byte[] rgb, int width, int height) {
        if (height <= 0 || width <= 0 || 3L * height * width != rgb.length) {
            throw new IllegalArgumentException("RGB buffer of " + rgb.length + " bytes does not fit "
                    + width + "x" + height);
        }
        int n = height * width;
        float[] out = new float[3 * n];
        float[] t0 = tables[0];
        float[] t1 = tables[1];
        float[] t2 = tables[2];
        for (int i = 0, j = 0; i < n; i++, j += 3) {
            out[i] = t0[rgb[j] & 0xFF];
            out[n + i] = t1[rgb[j + 1] & 0xFF];
            out[2 * n + i] = t2[rgb[j + 2] & 0xFF];
        }
        return out;
    }

    /**
     * Normalizes a float image in [0, 1] with channels first ({@code (3,H,W)} or {@code
     * (N,3,H,W)}); returns a new array in the input's manager.
     */
    public NDArray apply(NDArray chwOrNchw) {
        if (this == NONE) {
            return chwOrNchw.duplicate();
        }
        long[] shape = chwOrNchw.getShape().getShape();
        long[] bshape = new long[shape.length];
        Arrays.fill(bshape, 1);
        bshape[shape.length - 3] = 3;
        NDArray m = NativeArrays.of(chwOrNchw.getManager(), mean).reshape(bshape);
        NDArray s = NativeArrays.of(chwOrNchw.getManager(), std).reshape(bshape);
        return chwOrNchw.sub(m).divi(s);
    }

    /** Parses {@code none} or {@code imagenet} (case-insensitive). */
    public static Normalization parse(String name) {
        for (Normalization n : values()) {
            if (n.name().equalsIgnoreCase(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException(
                "unknown normalization '" + name + "': expected none or imagenet");
    }
}
