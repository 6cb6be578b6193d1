package org.lifelongseg.core.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.lifelongseg.core.data.SegmentationDataset;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.image.Resampler;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.metrics.DatasetEvaluator;
import org.lifelongseg.core.report.SamplePrediction;
import org.lifelongseg.core.task.ClassSpace;

/**
 * Keeps a few predictions of a final model for the report while it is evaluated: every 7th
 * evaluation image up to a limit, as input (normalization undone), ground truth and prediction,
 * at the label size, classes as indices of the run's final class space.
 */
final class SamplePredictions {

    private final int limit;
    private final ClassSpace modelClasses;
    private final ClassSpace all;
    private final Normalization normalization;
    private final List<SamplePrediction> kept = new ArrayList<>();

    SamplePredictions(int limit, ClassSpace modelClasses, ClassSpace all, Normalization normalization) {
        this.limit = limit;
        this.modelClasses = modelClasses;
        this.all = all;
        this.normalization = normalization;
    }

    /** The predictions kept so far. */
    List<SamplePrediction> samples() {
        return List.copyOf(kept);
    }

    /** The evaluator's hook over {@code data}, whose sample ids name the predictions. */
    DatasetEvaluator.BatchHook hook(SegmentationDataset data) {
        return (first, images, logits, labels) -> {
            long n = images.getShape().get(0);
            for (int b = 0; b < n && kept.size() < limit; b++) {
                long index = first + b;
                if (index % 7 != 0) {
                    continue;
                }
                int h = (int) labels.getShape().get(1);
                int w = (int) labels.getShape().get(2);
                NDArray pred = logits.get(b).argMax(0).toType(DataType.INT32, false);
                int[] p = resizeNearest(pred.toIntArray(), (int) pred.getShape().get(1),
                        (int) pred.getShape().get(0), w, h);
                int[] g = labels.get(b).toType(DataType.INT32, false).toIntArray();
                for (int i = 0; i < p.length; i++) {
                    p[i] = all.indexOf(modelClasses.name(p[i]));
                    g[i] = g[i] == 255 ? 255 : all.indexOf(modelClasses.name(g[i]));
                }
                kept.add(new SamplePrediction(data.sampleId(index), toRgb(images.get(b), w, h), g, p));
            }
        };
    }

    private static int[] resizeNearest(int[] src, int sw, int sh, int dw, int dh) {
        int[] xs = Resampler.torchNearestIndices(sw, dw);
        int[] ys = Resampler.torchNearestIndices(sh, dh);
        int[] out = new int[dw * dh];
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++) {
                out[y * dw + x] = src[ys[y] * sw + xs[x]];
            }
        }
        return out;
    }

    /** Undoes the input normalization for display, at the label size. */
    private RgbImage toRgb(NDArray chw, int w, int h) {
        float[] mean = normalization.mean();
        float[] std = normalization.std();
        int ih = (int) chw.getShape().get(1);
        int iw = (int) chw.getShape().get(2);
        float[] v = chw.toType(DataType.FLOAT32, false).toFloatArray();
        byte[] rgb = new byte[iw * ih * 3];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < iw * ih; i++) {
                float x = (v[c * iw * ih + i] * std[c] + mean[c]) * 255f;
                rgb[i * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(x)));
            }
        }
        return new RgbImage(iw, ih, rgb).resizeBilinear(w, h);
    }
}
