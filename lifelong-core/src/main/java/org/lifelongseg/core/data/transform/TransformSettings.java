package org.lifelongseg.core.data.transform;

import java.util.HashSet;
import java.util.Set;
import org.lifelongseg.core.image.Normalization;

/**
 * Sizes and strengths of the reference transforms (Klingner et al.'s recipe); every value is
 * configurable.
 *
 * <pre>{@code
 * TransformSettings ref = TransformSettings.reference();   // 1024x512, crop 640x192, ...
 * TransformSettings small = TransformSettings.builder()
 *         .optResize(256, 128).optCrop(192, 96).build();   // for 256x128 synthetic frames
 * }</pre>
 *
 * <p>Training: horizontal flip with {@link #flipProbability()}, resize to {@link #resizeHeight()}
 * x {@link #resizeWidth()} (image bilinear, labels nearest), random downscale by s ~ U(1, {@link
 * #maxDownscale()}) to (int(H/s), int(W/s)), random crop {@link #cropHeight()} x {@link
 * #cropWidth()}, colour jitter on the image (brightness, contrast, saturation factors ~ U(1-x,
 * 1+x), hue shift ~ U(-h, h), in that order), normalization. Evaluation: image resized to {@link
 * #evalHeight()} x {@link #evalWidth()}, labels kept at full resolution (unless {@link
 * #evalResizeLabels()}).
 */
public final class TransformSettings {

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

    /** A builder starting from the reference values. */
    public static Builder builder() {
        return new Builder();
    }

    public int resizeHeight() {
        return resizeHeight;
    }

    public int resizeWidth() {
        return resizeWidth;
    }

    public int cropHeight() {
        return cropHeight;
    }

    public int cropWidth() {
        return cropWidth;
    }

    public double maxDownscale() {
        return maxDownscale;
    }

    public double flipProbability() {
        return flipProbability;
    }

    public double brightness() {
        return brightness;
    }

    public double contrast() {
        return contrast;
    }

    public double saturation() {
        return saturation;
    }

    public double hue() {
        return hue;
    }

    public Normalization normalization() {
        return normalization;
    }

    public int evalHeight() {
        return evalHeight;
    }

    public int evalWidth() {
        return evalWidth;
    }

    public boolean evalResizeLabels() {
        return evalResizeLabels;
    }

    /** The smallest image (after resize and the largest downscale) the crop must fit in. */
    public int minScaledHeight() {
        return (int) Math.floor(resizeHeight / maxDownscale);
    }

    /** See {@link #minScaledHeight()}. */
    public int minScaledWidth() {
        return (int) Math.floor(resizeWidth / maxDownscale);
    }

    @Override
    public String toString() {
        return "TransformSettings{resize=" + resizeHeight + "x" + resizeWidth + ", crop="
                + cropHeight + "x" + cropWidth + ", maxDownscale=" + maxDownscale + ", flip="
                + flipProbability + ", jitter=" + brightness + "/" + contrast + "/" + saturation
                + "/" + hue + ", normalization=" + normalization + ", eval=" + evalHeight + "x"
                + evalWidth + (evalResizeLabels ? " (labels too)" : "") + "}";
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

        /** Training crop, width then height (default 640x192). */
        public Builder optCrop(int width, int height) {
            once("crop");
            cropHeight = positive("crop height", height);
            cropWidth = positive("crop width", width);
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
            normalization = java.util.Objects.requireNonNull(n, "normalization");
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
         */
        public TransformSettings build() {
            TransformSettings s = new TransformSettings(this);
            if (s.cropHeight > s.minScaledHeight() || s.cropWidth > s.minScaledWidth()) {
                throw new IllegalArgumentException("crop " + cropHeight + "x" + cropWidth
                        + " does not fit the smallest downscaled image " + s.minScaledHeight()
                        + "x" + s.minScaledWidth() + " (resize " + resizeHeight + "x" + resizeWidth
                        + " / max downscale " + maxDownscale + ")");
            }
            return s;
        }
    }
}
