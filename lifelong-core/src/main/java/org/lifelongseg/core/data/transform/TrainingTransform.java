package org.lifelongseg.core.data.transform;

import java.util.Random;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.data.PreparedSample;
import org.lifelongseg.core.image.Resampler;

/**
 * The reference training augmentation; see {@link TransformSettings}. Only the final crop is
 * computed: the flip is folded into the first resize, and both bilinear resizes are evaluated on
 * the windows the crop needs, which gives exactly the pixels of the full sequence.
 *
 * <pre>{@code
 * PreparedSample s = new TrainingTransform(TransformSettings.reference()).apply(img, lut, rng);
 * }</pre>
 */
public final class TrainingTransform implements SegmentationTransform {

    private final TransformSettings s;

    /** The transform with these settings. */
    public TrainingTransform(TransformSettings settings) {
        this.s = settings;
    }

    /** The random choices for one sample, drawn in a fixed order from the sample's generator. */
    public record Draw(boolean flip, double scale, int scaledWidth, int scaledHeight, int top,
            int left, float brightness, float contrast, float saturation, float hue) {}

    /** Draws the random parameters of one sample. */
    public Draw draw(Random rng) {
        boolean flip = rng.nextDouble() < s.flipProbability();
        double scale = 1.0 + rng.nextDouble() * (s.maxDownscale() - 1.0);
        int h2 = (int) Math.floor(s.resizeHeight() / scale);
        int w2 = (int) Math.floor(s.resizeWidth() / scale);
        int top = rng.nextInt(h2 - s.cropHeight() + 1);
        int left = rng.nextInt(w2 - s.cropWidth() + 1);
        float b = (float) (1.0 + (2 * rng.nextDouble() - 1) * s.brightness());
        float c = (float) (1.0 + (2 * rng.nextDouble() - 1) * s.contrast());
        float sat = (float) (1.0 + (2 * rng.nextDouble() - 1) * s.saturation());
        float hue = (float) ((2 * rng.nextDouble() - 1) * s.hue());
        return new Draw(flip, scale, w2, h2, top, left, b, c, sat, hue);
    }

    @Override
    public PreparedSample apply(LabeledImage img, byte[] labelTable, Random rng) {
        return apply(img, labelTable, draw(rng));
    }

    /** Transforms with given random choices. */
    public PreparedSample apply(LabeledImage img, byte[] labelTable, Draw d) {
        int w = img.width();
        int h = img.height();
        int rh = s.resizeHeight();
        int rw = s.resizeWidth();
        int ch = s.cropHeight();
        int cw = s.cropWidth();
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
        float[] chw = s.normalization().toChw(crop, cw, ch);
        return new PreparedSample(img.id(), chw, cw, ch, labels, cw, ch);
    }

    /** The settings. */
    public TransformSettings settings() {
        return s;
    }
}
