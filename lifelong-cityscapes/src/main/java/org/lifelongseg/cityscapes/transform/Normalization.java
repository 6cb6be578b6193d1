package org.lifelongseg.cityscapes.transform;

/**
 * How 8-bit RGB becomes the network's float input.
 *
 * <pre>{@code
 * float[] chw = Normalization.IMAGENET.toChw(rgb, height, width);
 * }</pre>
 */
public enum Normalization {
    /** {@code (v/255 - mean) / std} with ImageNet mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225). */
    IMAGENET(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}),
    /** {@code v/255}. */
    NONE(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});

    private final float[][] tables = new float[3][256];

    Normalization(float[] mean, float[] std) {
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                tables[c][v] = (v / 255f - mean[c]) / std[c];
            }
        }
    }

    /** The normalized value of 8-bit {@code v} in channel {@code c}. */
    public float value(int c, int v) {
        return tables[c][v];
    }

    /** Interleaved RGB (H x W x 3) to normalized channel-major floats (3 x H x W). */
    public float[] toChw(byte[] rgb, int height, int width) {
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

    /** Parses {@code imagenet} or {@code none} (case-insensitive), naming the option on error. */
    public static Normalization parse(String s) {
        for (Normalization n : values()) {
            if (n.name().equalsIgnoreCase(s)) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown normalization '" + s + "'; use imagenet or none");
    }
}
