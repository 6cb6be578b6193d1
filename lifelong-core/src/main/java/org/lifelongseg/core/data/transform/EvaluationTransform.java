package org.lifelongseg.core.data.transform;

import java.util.Objects;
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
 *
 * @param settings the sizes and strengths
 */
public record EvaluationTransform(TransformSettings settings) implements SegmentationTransform {

    /** Checks the settings are given. */
    public EvaluationTransform {
        Objects.requireNonNull(settings, "settings");
    }

    @Override
    public PreparedSample apply(LabeledImage img, byte[] labelTable, Random rng) {
        int eh = settings.evalResizes() ? settings.evalHeight() : img.height();
        int ew = settings.evalResizes() ? settings.evalWidth() : img.width();
        byte[] rgb = (eh == img.height() && ew == img.width())
                ? img.rgb()
                : Resampler.bilinear(img.rgb(), img.width(), img.height(), 3, ew, eh);
        float[] chw = settings.normalization().toChw(rgb, ew, eh);
        if (settings.evalResizeLabels()) {
            byte[] lab = Resampler.nearest(img.labels(), img.width(), img.height(), ew, eh);
            return new PreparedSample(img.id(), chw, ew, eh,
                    SegmentationTransform.mapLabels(lab, labelTable), ew, eh);
        }
        return new PreparedSample(img.id(), chw, ew, eh,
                SegmentationTransform.mapLabels(img.labels(), labelTable), img.width(), img.height());
    }
}
