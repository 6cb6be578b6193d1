package org.lifelongseg.core.data.transform;

import java.util.Random;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.data.PreparedSample;
import org.lifelongseg.core.image.Resampler;

/**
 * The evaluation transform: the image resized (bilinear, as Pillow) to the evaluation size (or
 * kept, see {@link TransformSettings#evalResizes()}), the labels mapped through the label table
 * at full resolution (or resized with nearest neighbours if {@link
 * TransformSettings#evalResizeLabels()}). Deterministic; {@code rng} unused.
 *
 * <pre>{@code
 * PreparedSample s = new EvaluationTransform(TransformSettings.reference()).apply(img, lut, null);
 * }</pre>
 */
public final class EvaluationTransform implements SegmentationTransform {

    private final TransformSettings s;

    /** The transform with these settings. */
    public EvaluationTransform(TransformSettings settings) {
        this.s = settings;
    }

    @Override
    public PreparedSample apply(LabeledImage img, byte[] labelTable, Random rng) {
        int eh = s.evalResizes() ? s.evalHeight() : img.height();
        int ew = s.evalResizes() ? s.evalWidth() : img.width();
        byte[] rgb = (eh == img.height() && ew == img.width())
                ? img.rgb()
                : Resampler.bilinear(img.rgb(), img.width(), img.height(), 3, ew, eh);
        float[] chw = s.normalization().toChw(rgb, ew, eh);
        if (s.evalResizeLabels()) {
            byte[] lab = Resampler.nearest(img.labels(), img.width(), img.height(), ew, eh);
            return new PreparedSample(img.id(), chw, ew, eh,
                    SegmentationTransform.mapLabels(lab, labelTable), ew, eh);
        }
        return new PreparedSample(img.id(), chw, ew, eh,
                SegmentationTransform.mapLabels(img.labels(), labelTable), img.width(), img.height());
    }

    /** The settings. */
    public TransformSettings settings() {
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvaluationTransform t && t.s.equals(s);
    }

    @Override
    public int hashCode() {
        return s.hashCode() * 31 + 1;
    }

    @Override
    public String toString() {
        return "evaluation " + s;
    }
}
