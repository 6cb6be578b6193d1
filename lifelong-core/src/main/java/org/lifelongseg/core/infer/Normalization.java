package org.lifelongseg.core.infer;

import ai.djl.ndarray.NDArray;

/** How an RGB image in [0, 255] becomes the network input. */
public enum Normalization {
    /** RGB / 255, no mean or std: what the original ERFNet weights expect. */
    NONE(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f}),
    /** (RGB / 255 − ImageNet mean) / ImageNet std: what the class-incremental models expect. */
    IMAGENET(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    private final float[] mean;
    private final float[] std;

    Normalization(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** Per-channel mean subtracted after scaling to [0, 1]. */
    public float[] mean() {
        return mean.clone();
    }

    /** Per-channel standard deviation divided by after subtracting the mean. */
    public float[] std() {
        return std.clone();
    }

    /**
     * Normalizes a float image in [0, 1] with channels first ({@code (3,H,W)} or
     * {@code (N,3,H,W)}); returns a new array.
     */
    public NDArray apply(NDArray chwOrNchw) {
        if (this == NONE) {
            return chwOrNchw.duplicate();
        }
        long[] shape = chwOrNchw.getShape().getShape();
        int channelAxis = shape.length - 3;
        long[] bshape = new long[shape.length];
        java.util.Arrays.fill(bshape, 1);
        bshape[channelAxis] = 3;
        NDArray m = chwOrNchw.getManager().create(mean).reshape(bshape);
        NDArray s = chwOrNchw.getManager().create(std).reshape(bshape);
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
