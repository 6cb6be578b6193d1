package org.lifelongseg.core.data.transform;

import java.util.Objects;
import java.util.Random;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.data.PreparedSample;
import org.lifelongseg.core.image.Resampler;

/**
 * The training augmentation; see {@link TransformSettings}. Only the final crop is computed: the
 * flip is folded into the first resize, and both bilinear resizes are evaluated on the windows the
 * crop needs, which gives exactly the pixels of the full sequence.
 *
 * <pre>{@code
 * PreparedSample s = new TrainingTransform(TransformSettings.reference()).apply(img, lut, rng);
 * }</pre>
 *
 * <p>The random choices are drawn from the generator in a fixed order whatever the settings
 * (flip, downscale, crop top, crop left, brightness, contrast, saturation, hue), so a seeded
 * generator makes the sample reproducible.
 *
 * @param settings the sizes and strengths
 */
public record TrainingTransform(TransformSettings settings) implements SegmentationTransform {

    /** Checks the settings are given. */
    public TrainingTransform {
        Objects.requireNonNull(settings, "settings");
    }

    /**
     * The random choices for one sample, drawn in a fixed order from the sample's generator.
     *
     * @param flip whether the image is mirrored left-right
     * @param scale the downscale factor
     * @param scaledWidth the image width after resize and downscale
     * @param scaledHeight the image height after resize and downscale
     * @param top the crop's top row in the scaled image
     * @param left the crop's left column in the scaled image
     * @param brightness the brightness factor
     * @param contrast the contrast factor
     * @param saturation the saturation factor
     * @param hue the hue shift
     */
    public record Draw(boolean flip, double scale, int scaledWidth, int scaledHeight, int top,
            int left, float brightness, float contrast, float saturation, float hue) {}

    /**
     * Draws the random parameters of one sample of a {@code width x height} image.
     *
     * @throws IllegalArgumentException if the settings keep the image size and the crop does not
     *     fit the image at the largest downscale
     */
    public Draw draw(Random rng, int width, int height) {
        int rw = resizedWidth(width);
        int rh = resizedHeight(height);
        if (!settings.resizes() && settings.crops()) {
            int minHeight = (int) Math.floor(rh / settings.maxDownscale());
            int minWidth = (int) Math.floor(rw / settings.maxDownscale());
            if (settings.cropHeight() > minHeight || settings.cropWidth() > minWidth) {
                throw new IllegalArgumentException("image is " + width + "x" + height
                        + (settings.maxDownscale() > 1 ? " (" + minWidth + "x" + minHeight
                                + " at the largest downscale " + settings.maxDownscale() + ")" : "")
                        + ", smaller than the crop " + settings.cropWidth() + "x" + settings.cropHeight()
                        + "; resize the images first (optResize)");
            }
        }
        boolean flip = rng.nextDouble() < settings.flipProbability();
        double scale = 1.0 + rng.nextDouble() * (settings.maxDownscale() - 1.0);
        int h2 = (int) Math.floor(rh / scale);
        int w2 = (int) Math.floor(rw / scale);
        int top = rng.nextInt(h2 - cropHeight(h2) + 1);
        int left = rng.nextInt(w2 - cropWidth(w2) + 1);
        float b = (float) (1.0 + (2 * rng.nextDouble() - 1) * settings.brightness());
        float c = (float) (1.0 + (2 * rng.nextDouble() - 1) * settings.contrast());
        float sat = (float) (1.0 + (2 * rng.nextDouble() - 1) * settings.saturation());
        float hue = (float) ((2 * rng.nextDouble() - 1) * settings.hue());
        return new Draw(flip, scale, w2, h2, top, left, b, c, sat, hue);
    }

    @Override
    public PreparedSample apply(LabeledImage img, byte[] labelTable, Random rng) {
        return apply(img, labelTable, draw(rng, img.width(), img.height()));
    }

    /** Transforms with given random choices. */
    public PreparedSample apply(LabeledImage img, byte[] labelTable, Draw d) {
        int w = img.width();
        int h = img.height();
        int rh = resizedHeight(h);
        int rw = resizedWidth(w);
        int ch = cropHeight(d.scaledHeight());
        int cw = cropWidth(d.scaledWidth());
        // image: crop of resize(resize(flip(img), rw x rh), w2 x h2)
        int[] win = Resampler.sourceWindow(rw, rh, false, d.scaledWidth(), d.scaledHeight(),
                d.left(), d.top(), cw, ch);
        byte[] mid = Resampler.bilinearRegion(img.rgb(), w, h, 0, 0, w, h, d.flip(), 3,
                rw, rh, win[0], win[1], win[2], win[3]);
        byte[] crop = Resampler.bilinearRegion(mid, rw, rh, win[0], win[1], win[2], win[3], false,
                3, d.scaledWidth(), d.scaledHeight(), d.left(), d.top(), cw, ch);
        // labels: the same geometry with nearest neighbours, then the label table
        int[] xa = Resampler.nearestIndices(w, rw);
        int[] ya = Resampler.nearestIndices(h, rh);
        int[] xb = Resampler.nearestIndices(rw, d.scaledWidth());
        int[] yb = Resampler.nearestIndices(rh, d.scaledHeight());
        int[] cols = new int[cw];
        for (int x = 0; x < cw; x++) {
            int sx = xa[xb[d.left() + x]];
            cols[x] = d.flip() ? w - 1 - sx : sx;
        }
        byte[] src = img.labels();
        byte[] labels = new byte[ch * cw];
        for (int y = 0; y < ch; y++) {
            int row = ya[yb[d.top() + y]] * w;
            for (int x = 0; x < cw; x++) {
                labels[y * cw + x] = labelTable[src[row + cols[x]] & 0xFF];
            }
        }
        ColorJitter.apply(crop, d.brightness(), d.contrast(), d.saturation(), d.hue());
        float[] chw = settings.normalization().toChw(crop, cw, ch);
        return new PreparedSample(img.id(), chw, cw, ch, labels, cw, ch);
    }

    private int resizedWidth(int width) {
        return settings.resizes() ? settings.resizeWidth() : width;
    }

    private int resizedHeight(int height) {
        return settings.resizes() ? settings.resizeHeight() : height;
    }

    private int cropWidth(int scaledWidth) {
        return settings.crops() ? settings.cropWidth() : scaledWidth;
    }

    private int cropHeight(int scaledHeight) {
        return settings.crops() ? settings.cropHeight() : scaledHeight;
    }
}
