package org.lifelongseg.core.data.folder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.data.PreparedSample;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.image.Resampler;

/**
 * Turns a decoded image and its label map into a network-ready sample: optional resize (image
 * bilinear as Pillow, labels nearest), optional random horizontal flip, optional random crop,
 * label remapping through a table, normalization. Immutable and thread-safe.
 *
 * <pre>{@code
 * FolderTransform train = FolderTransform.builder()
 *         .optResize(128, 64)          // width, height
 *         .optCrop(96, 64)             // random window, width, height
 *         .optHorizontalFlip(true)     // probability 1/2
 *         .build();                    // normalization: ImageNet mean/std by default
 * FolderTransform eval = train.forEvaluation();   // resize and normalization only
 * PreparedSample s = train.apply(image, labelTable, new Random(seed));
 * }</pre>
 *
 * <p>Random choices are drawn from the given generator in a fixed order (flip, then the crop's
 * top, then its left), so a seeded generator makes the result reproducible. Sizes are given as
 * width, height (as {@code SegmentationTranslator.optInputSize}).
 */
public final class FolderTransform {

    private static final FolderTransform NONE = new Builder().build();

    private final int resizeWidth;
    private final int resizeHeight;
    private final int cropWidth;
    private final int cropHeight;
    private final boolean flip;
    private final Normalization normalization;

    private FolderTransform(int resizeWidth, int resizeHeight, int cropWidth, int cropHeight,
            boolean flip, Normalization normalization) {
        this.resizeWidth = resizeWidth;
        this.resizeHeight = resizeHeight;
        this.cropWidth = cropWidth;
        this.cropHeight = cropHeight;
        this.flip = flip;
        this.normalization = normalization;
    }

    /** A builder; defaults: no resize, no crop, no flip, {@link Normalization#IMAGENET}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The identity geometry with ImageNet normalization. */
    public static FolderTransform none() {
        return NONE;
    }

    /** This transform without its random parts (flip, crop): for validation and evaluation. */
    public FolderTransform forEvaluation() {
        return new FolderTransform(resizeWidth, resizeHeight, 0, 0, false, normalization);
    }

    /** Whether images are resized (to {@link #resizeWidth()} x {@link #resizeHeight()}). */
    public boolean resizes() {
        return resizeWidth > 0;
    }

    /** The resize width, or 0 when images keep their size. */
    public int resizeWidth() {
        return resizeWidth;
    }

    /** The resize height, or 0 when images keep their size. */
    public int resizeHeight() {
        return resizeHeight;
    }

    /** Whether a random window is cropped (of {@link #cropWidth()} x {@link #cropHeight()}). */
    public boolean crops() {
        return cropWidth > 0;
    }

    /** The crop width, or 0 without crop. */
    public int cropWidth() {
        return cropWidth;
    }

    /** The crop height, or 0 without crop. */
    public int cropHeight() {
        return cropHeight;
    }

    /** Whether images are mirrored left-right with probability 1/2. */
    public boolean horizontalFlip() {
        return flip;
    }

    /** How the 8-bit image becomes network input. */
    public Normalization normalization() {
        return normalization;
    }

    /**
     * Transforms one sample; {@code image} is not modified.
     *
     * @param image the decoded image with its raw label values
     * @param labelTable 256 entries: raw label value to class index of the target class space, or
     *     255 (ignored)
     * @param rng the source of the random choices (unused without flip and crop; may then be null)
     * @return the sample: float CHW image, mapped labels of the same size
     * @throws IllegalArgumentException if the crop is larger than the (resized) image
     */
    public PreparedSample apply(LabeledImage image, byte[] labelTable, Random rng) {
        if (labelTable.length != 256) {
            throw new IllegalArgumentException("label table must have 256 entries, has " + labelTable.length);
        }
        int w = image.width();
        int h = image.height();
        byte[] rgb = image.rgb();
        byte[] labels = image.labels();
        if (resizes() && (w != resizeWidth || h != resizeHeight)) {
            rgb = Resampler.bilinear(rgb, w, h, 3, resizeWidth, resizeHeight);
            labels = Resampler.nearest(labels, w, h, resizeWidth, resizeHeight);
            w = resizeWidth;
            h = resizeHeight;
        }
        if (flip && rng.nextDouble() < 0.5) {
            rgb = Resampler.flipHorizontal(rgb, w, h, 3);
            labels = Resampler.flipHorizontal(labels, w, h, 1);
        }
        if (crops()) {
            if (cropWidth > w || cropHeight > h) {
                throw new IllegalArgumentException("image is " + w + "x" + h
                        + (resizes() ? " after the resize" : "") + ", smaller than the crop "
                        + cropWidth + "x" + cropHeight + (resizes() ? "" : "; resize it first (optResize)"));
            }
            int top = rng.nextInt(h - cropHeight + 1);
            int left = rng.nextInt(w - cropWidth + 1);
            rgb = window(rgb, w, 3, left, top, cropWidth, cropHeight);
            labels = window(labels, w, 1, left, top, cropWidth, cropHeight);
            w = cropWidth;
            h = cropHeight;
        }
        byte[] mapped = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            mapped[i] = labelTable[labels[i] & 0xFF];
        }
        return new PreparedSample(image.id(), normalization.toChw(rgb, w, h), w, h, mapped, w, h);
    }

    private static byte[] window(byte[] src, int srcWidth, int channels, int left, int top, int w, int h) {
        byte[] out = new byte[w * h * channels];
        for (int y = 0; y < h; y++) {
            System.arraycopy(src, ((top + y) * srcWidth + left) * channels, out, y * w * channels, w * channels);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FolderTransform t && t.resizeWidth == resizeWidth
                && t.resizeHeight == resizeHeight && t.cropWidth == cropWidth
                && t.cropHeight == cropHeight && t.flip == flip && t.normalization == normalization;
    }

    @Override
    public int hashCode() {
        return Objects.hash(resizeWidth, resizeHeight, cropWidth, cropHeight, flip, normalization);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (resizes()) {
            parts.add("resize " + resizeWidth + "x" + resizeHeight);
        }
        if (crops()) {
            parts.add("crop " + cropWidth + "x" + cropHeight);
        }
        if (flip) {
            parts.add("horizontal flip");
        }
        parts.add("normalization " + normalization);
        return String.join(", ", parts);
    }

    /** Builds a {@link FolderTransform}; a setting given twice is an error. */
    public static final class Builder {
        private int resizeWidth;
        private int resizeHeight;
        private int cropWidth;
        private int cropHeight;
        private Boolean flip;
        private Normalization normalization;

        private Builder() {}

        /** Resizes every image to {@code width x height} first (default: keep the size). */
        public Builder optResize(int width, int height) {
            if (resizeWidth != 0) {
                throw new IllegalStateException("resize given twice");
            }
            positive("resize", width, height);
            resizeWidth = width;
            resizeHeight = height;
            return this;
        }

        /** Crops a random {@code width x height} window (default: no crop). */
        public Builder optCrop(int width, int height) {
            if (cropWidth != 0) {
                throw new IllegalStateException("crop given twice");
            }
            positive("crop", width, height);
            cropWidth = width;
            cropHeight = height;
            return this;
        }

        /** Mirrors images left-right with probability 1/2 (default false). */
        public Builder optHorizontalFlip(boolean flip) {
            if (this.flip != null) {
                throw new IllegalStateException("horizontal flip given twice");
            }
            this.flip = flip;
            return this;
        }

        /** The input normalization (default {@link Normalization#IMAGENET}). */
        public Builder optNormalization(Normalization normalization) {
            if (this.normalization != null) {
                throw new IllegalStateException("normalization given twice");
            }
            this.normalization = Objects.requireNonNull(normalization, "normalization");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException if the crop does not fit the resize
         */
        public FolderTransform build() {
            if (cropWidth > 0 && resizeWidth > 0 && (cropWidth > resizeWidth || cropHeight > resizeHeight)) {
                throw new IllegalArgumentException("crop " + cropWidth + "x" + cropHeight
                        + " does not fit the resize " + resizeWidth + "x" + resizeHeight);
            }
            return new FolderTransform(resizeWidth, resizeHeight, cropWidth, cropHeight,
                    flip != null && flip, normalization == null ? Normalization.IMAGENET : normalization);
        }

        private static void positive(String what, int width, int height) {
            if (width < 1 || height < 1) {
                throw new IllegalArgumentException(what + " must be at least 1x1, got " + width + "x" + height);
            }
        }
    }
}
