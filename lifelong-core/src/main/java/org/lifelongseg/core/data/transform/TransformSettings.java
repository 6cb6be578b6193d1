package org.lifelongseg.core.data.transform;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.lifelongseg.core.image.Normalization;

/**
 * Sizes and strengths of the training and evaluation transforms ({@link SegmentationTransform});
 * immutable. The builder starts from the reference recipe (Klingner et al.'s, made for 2048x1024
 * street frames such as Cityscapes'); every value is configurable, and {@link #identity()} is the
 * other end: images kept as they are, only normalized.
 *
 * <pre>{@code
 * TransformSettings ref = TransformSettings.reference();   // 1024x512, crop 640x192, ...
 * TransformSettings small = TransformSettings.builder()
 *         .optResize(256, 128).optCrop(192, 96).build();   // for 256x128 frames
 * TransformSettings flipOnly = TransformSettings.builder()
 *         .optKeepSize().optNoCrop().optMaxDownscale(1).optColorJitter(0, 0, 0, 0).build();
 * }</pre>
 *
 * <p>Training: horizontal flip with {@link #flipProbability()}, resize to {@link #resizeHeight()}
 * x {@link #resizeWidth()} (image bilinear, labels nearest; skipped with {@link
 * Builder#optKeepSize()}), random downscale by s ~ U(1, {@link #maxDownscale()}) to (int(H/s),
 * int(W/s)), random crop {@link #cropHeight()} x {@link #cropWidth()} (the whole image with {@link
 * Builder#optNoCrop()}), colour jitter on the image (brightness, contrast, saturation factors ~
 * U(1-x, 1+x), hue shift ~ U(-h, h), in that order), normalization. Evaluation: image resized to
 * {@link #evalHeight()} x {@link #evalWidth()} (by default the training resize; kept when the
 * size is kept), labels kept at full resolution (unless {@link #evalResizeLabels()}).
 */
public final class TransformSettings {

    private static final TransformSettings IDENTITY = builder().optKeepSize().optNoCrop()
            .optMaxDownscale(1).optFlipProbability(0).optColorJitter(0, 0, 0, 0).build();

    private final int resizeHeight;
    private final int resizeWidth;
    private final int cropHeight;
    private final int cropWidth;
    private final double maxDownscale;
    private final double flipProbability;
    private final double brightness;
    private final double contrast;
    private final double saturation;
    private final double hue;
    private final Normalization normalization;
    private final int evalHeight;
    private final int evalWidth;
    private final boolean evalResizeLabels;

    private TransformSettings(Builder b) {
        resizeHeight = b.resizeHeight;
        resizeWidth = b.resizeWidth;
        cropHeight = b.cropHeight;
        cropWidth = b.cropWidth;
        maxDownscale = b.maxDownscale;
        flipProbability = b.flipProbability;
        brightness = b.brightness;
        contrast = b.contrast;
        saturation = b.saturation;
        hue = b.hue;
        normalization = b.normalization;
        evalHeight = b.evalHeight != 0 ? b.evalHeight : b.resizeHeight;
        evalWidth = b.evalWidth != 0 ? b.evalWidth : b.resizeWidth;
        evalResizeLabels = b.evalResizeLabels;
    }

    /** The reference recipe: 512x1024, downscale up to 1.5, crop 192x640, jitter 0.2/0.2/0.2/0.1. */
    public static TransformSettings reference() {
        return builder().build();
    }

    /**
     * Transform settings for small frames: every image resized to {@code width} x {@code height},
     * training on the whole image (flip and colour jitter as in the reference, no downscale, no
     * crop), evaluation at that size with the labels resized with the images. At this scale the
     * whole frame trains far better per epoch than the reference's crop after a random downscale
     * (measured on the synthetic dataset's 256x128 frames, stage 1, 11 epochs: task-1 mIoU 0.715
     * and 0.704 with a 192x96 crop after a downscale of up to 1.25, 0.826 and 0.863 with the whole
     * frame, seeds 7 and 4321; crops of 192x128 and 256x96 gave 0.716 and 0.731): much of what
     * tells street classes apart is where in the frame they are, and a crop hides where it was
     * taken.
     *
     * @param width the network input width (a multiple of 32)
     * @param height the network input height (a multiple of 32)
     * @return the settings
     */
    public static TransformSettings forFrames(int width, int height) {
        return wholeFrames(width, height).optEvalResizeLabels(true).build();
    }

    /**
     * Transform settings for frames of one size scored at their own resolution: every image
     * resized to {@code networkWidth} x {@code networkHeight}, training on the whole image as
     * {@link #forFrames} does, evaluation at that size with the predictions scaled up to the label
     * maps, as the reference scores Cityscapes' 2048x1024 labels with the network at 1024x512.
     *
     * @param networkWidth the network input width (a multiple of 32)
     * @param networkHeight the network input height (a multiple of 32)
     * @return the settings
     */
    public static TransformSettings forFramesScoredAtLabelSize(int networkWidth, int networkHeight) {
        return wholeFrames(networkWidth, networkHeight).build();
    }

    private static Builder wholeFrames(int width, int height) {
        return builder().optResize(width, height).optMaxDownscale(1).optCrop(width, height);
    }

    /**
     * No augmentation and no resize: images keep their size, are not flipped, cropped or jittered,
     * only normalized (ImageNet mean/std).
     */
    public static TransformSettings identity() {
        return IDENTITY;
    }

    /** A builder starting from the reference values. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether training resizes images (to {@link #resizeWidth()} x {@link #resizeHeight()}). */
    public boolean resizes() {
        return resizeWidth > 0;
    }

    /** The training resize height, or 0 when images keep their size. */
    public int resizeHeight() {
        return resizeHeight;
    }

    /** The training resize width, or 0 when images keep their size. */
    public int resizeWidth() {
        return resizeWidth;
    }

    /** Whether training crops a random window (of {@link #cropWidth()} x {@link #cropHeight()}). */
    public boolean crops() {
        return cropWidth > 0;
    }

    /** The crop height, or 0 when training keeps the whole (downscaled) image. */
    public int cropHeight() {
        return cropHeight;
    }

    /** The crop width, or 0 when training keeps the whole (downscaled) image. */
    public int cropWidth() {
        return cropWidth;
    }

    /** The largest random downscale factor (1: none). */
    public double maxDownscale() {
        return maxDownscale;
    }

    /** The probability of a left-right flip. */
    public double flipProbability() {
        return flipProbability;
    }

    /** The brightness jitter x: factors ~ U(1-x, 1+x). */
    public double brightness() {
        return brightness;
    }

    /** The contrast jitter x: factors ~ U(1-x, 1+x). */
    public double contrast() {
        return contrast;
    }

    /** The saturation jitter x: factors ~ U(1-x, 1+x). */
    public double saturation() {
        return saturation;
    }

    /** The hue jitter h: shifts ~ U(-h, h). */
    public double hue() {
        return hue;
    }

    /** How the 8-bit image becomes network input. */
    public Normalization normalization() {
        return normalization;
    }

    /** Whether evaluation resizes images (to {@link #evalWidth()} x {@link #evalHeight()}). */
    public boolean evalResizes() {
        return evalWidth > 0;
    }

    /** The evaluation image height, or 0 when evaluation keeps the image size. */
    public int evalHeight() {
        return evalHeight;
    }

    /** The evaluation image width, or 0 when evaluation keeps the image size. */
    public int evalWidth() {
        return evalWidth;
    }

    /** Whether evaluation resizes the labels with the image (nearest) instead of keeping them. */
    public boolean evalResizeLabels() {
        return evalResizeLabels;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransformSettings t && t.resizeHeight == resizeHeight
                && t.resizeWidth == resizeWidth && t.cropHeight == cropHeight
                && t.cropWidth == cropWidth && t.maxDownscale == maxDownscale
                && t.flipProbability == flipProbability && t.brightness == brightness
                && t.contrast == contrast && t.saturation == saturation && t.hue == hue
                && t.normalization.equals(normalization) && t.evalHeight == evalHeight
                && t.evalWidth == evalWidth && t.evalResizeLabels == evalResizeLabels;
    }

    @Override
    public int hashCode() {
        return Objects.hash(resizeHeight, resizeWidth, cropHeight, cropWidth, maxDownscale,
                flipProbability, brightness, contrast, saturation, hue, normalization, evalHeight,
                evalWidth, evalResizeLabels);
    }

    /** The values; for settings that resize and crop, the text checkpoints have always recorded. */
    @Override
    public String toString() {
        return "TransformSettings{resize=" + size(resizeHeight, resizeWidth, "image size") + ", crop="
                + size(cropHeight, cropWidth, "none") + ", maxDownscale=" + maxDownscale + ", flip="
                + flipProbability + ", jitter=" + brightness + "/" + contrast + "/" + saturation
                + "/" + hue + ", normalization=" + normalization + ", eval="
                + size(evalHeight, evalWidth, "image size")
                + (evalResizeLabels ? " (labels too)" : "") + "}";
    }

    private static String size(int height, int width, String none) {
        return width > 0 ? height + "x" + width : none;
    }

    /** Builds {@link TransformSettings}; a setting given twice is an error. */
    public static final class Builder {
        private final Set<String> given = new HashSet<>();
        private int resizeHeight = 512;
        private int resizeWidth = 1024;
        private int cropHeight = 192;
        private int cropWidth = 640;
        private double maxDownscale = 1.5;
        private double flipProbability = 0.5;
        private double brightness = 0.2;
        private double contrast = 0.2;
        private double saturation = 0.2;
        private double hue = 0.1;
        private Normalization normalization = Normalization.IMAGENET;
        private int evalHeight;
        private int evalWidth;
        private boolean evalResizeLabels;

        private Builder() {}

        private void once(String name) {
            if (!given.add(name)) {
                throw new IllegalStateException("transform setting '" + name + "' given twice");
            }
        }

        private static int positive(String name, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, got " + v);
            }
            return v;
        }

        private static double range(String name, double v, double lo, double hi) {
            if (!(v >= lo && v <= hi)) {
                throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + v);
            }
            return v;
        }

        /** Training resize, width then height (default 1024x512); also the evaluation size unless set. */
        public Builder optResize(int width, int height) {
            once("resize");
            resizeHeight = positive("resize height", height);
            resizeWidth = positive("resize width", width);
            return this;
        }

        /**
         * No resize: training keeps each image's size, and so does evaluation unless {@link
         * #optEvalSize} is given. Images of different sizes then need a crop (or batch size 1).
         */
        public Builder optKeepSize() {
            once("resize");
            resizeHeight = 0;
            resizeWidth = 0;
            return this;
        }

        /** Training crop, width then height (default 640x192). */
        public Builder optCrop(int width, int height) {
            once("crop");
            cropHeight = positive("crop height", height);
            cropWidth = positive("crop width", width);
            return this;
        }

        /**
         * No crop: training keeps the whole (resized, downscaled) image. With a downscale, samples
         * then differ in size (batch size 1, or {@code optMaxDownscale(1)}).
         */
        public Builder optNoCrop() {
            once("crop");
            cropHeight = 0;
            cropWidth = 0;
            return this;
        }

        /** Largest random downscale factor (default 1.5; 1 disables it). */
        public Builder optMaxDownscale(double v) {
            once("maxDownscale");
            maxDownscale = range("max downscale", v, 1.0, 16.0);
            return this;
        }

        /** Horizontal flip probability (default 0.5). */
        public Builder optFlipProbability(double p) {
            once("flipProbability");
            flipProbability = range("flip probability", p, 0.0, 1.0);
            return this;
        }

        /** Colour jitter strengths (default 0.2, 0.2, 0.2, 0.1); all 0 disables jitter. */
        public Builder optColorJitter(double brightness, double contrast, double saturation, double hue) {
            once("colorJitter");
            this.brightness = range("brightness jitter", brightness, 0.0, 1.0);
            this.contrast = range("contrast jitter", contrast, 0.0, 1.0);
            this.saturation = range("saturation jitter", saturation, 0.0, 1.0);
            this.hue = range("hue jitter", hue, 0.0, 0.5);
            return this;
        }

        /** Input normalization (default ImageNet mean/std). */
        public Builder optNormalization(Normalization n) {
            once("normalization");
            normalization = Objects.requireNonNull(n, "normalization");
            return this;
        }

        /** Evaluation image size, width then height (default: the training resize). */
        public Builder optEvalSize(int width, int height) {
            once("evalSize");
            evalHeight = positive("eval height", height);
            evalWidth = positive("eval width", width);
            return this;
        }

        /** Whether evaluation resizes labels too (nearest), as validation during training does. */
        public Builder optEvalResizeLabels(boolean resize) {
            once("evalResizeLabels");
            evalResizeLabels = resize;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException if the crop does not fit the smallest downscaled image
         *     of the resize (without a resize, each image is checked when transformed)
         */
        public TransformSettings build() {
            TransformSettings s = new TransformSettings(this);
            if (s.resizes() && s.crops()) {
                int minHeight = (int) Math.floor(resizeHeight / maxDownscale);
                int minWidth = (int) Math.floor(resizeWidth / maxDownscale);
                if (cropHeight > minHeight || cropWidth > minWidth) {
                    throw new IllegalArgumentException("crop " + cropHeight + "x" + cropWidth
                            + " does not fit the smallest downscaled image " + minHeight + "x"
                            + minWidth + " (resize " + resizeHeight + "x" + resizeWidth
                            + " / max downscale " + maxDownscale + ")");
                }
            }
            return s;
        }
    }
}
