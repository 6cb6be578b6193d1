package org.lifelongseg.core.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.infer.ClassSubset;

/** The confidence statistics against values computed by hand (double precision). */
class SegmentationConfidenceScorerTest {

    // one image, 3 channels, 1x2 pixels: pixel 0 logits (2, 0, 5), pixel 1 logits (0, 1, 9)
    private static final float[] LOGITS = {2, 0, 0, 1, 5, 9};

    private static double[] softmax(double... l) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : l) {
            m = Math.max(m, v);
        }
        double s = 0;
        double[] e = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            e[i] = Math.exp(l[i] - m);
            s += e[i];
        }
        for (int i = 0; i < l.length; i++) {
            e[i] /= s;
        }
        return e;
    }

    private static double max(double[] p) {
        return java.util.Arrays.stream(p).max().orElseThrow();
    }

    private static double negEntropy(double[] p) {
        double h = 0;
        for (double v : p) {
            h += v * Math.log(v);
        }
        return h / Math.log(p.length);
    }

    @Test
    void statisticsAndAggregationsMatchHandComputation() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray logits = m.create(LOGITS, new Shape(1, 3, 1, 2));
            ClassSubset all = ClassSubset.all(3);
            double[] p0 = softmax(2, 0, 5);
            double[] p1 = softmax(0, 1, 9);
            assertEquals((max(p0) + max(p1)) / 2, SegmentationConfidenceScorer.scoreLogits(logits, all,
                    ConfidenceStatistic.MAX_SOFTMAX, ConfidenceAggregation.PIXEL_MEAN)[0], 1e-6);
            assertEquals((negEntropy(p0) + negEntropy(p1)) / 2, SegmentationConfidenceScorer.scoreLogits(logits, all,
                    ConfidenceStatistic.NEGATIVE_ENTROPY, ConfidenceAggregation.PIXEL_MEAN)[0], 1e-6);
            // both pixels predict channel 2: one class, its mean = the pixel mean
            assertEquals((max(p0) + max(p1)) / 2, SegmentationConfidenceScorer.scoreLogits(logits, all,
                    ConfidenceStatistic.MAX_SOFTMAX, ConfidenceAggregation.CLASS_MEAN)[0], 1e-6);
            // channels {0, 1} only (channel 2 excluded like a void channel): pixel 0 -> class 0, pixel 1 -> class 1
            double[] q0 = softmax(2, 0);
            double[] q1 = softmax(0, 1);
            assertEquals((max(q0) + max(q1)) / 2, SegmentationConfidenceScorer.scoreLogits(logits, ClassSubset.of(0, 1),
                    ConfidenceStatistic.MAX_SOFTMAX, ConfidenceAggregation.CLASS_MEAN)[0], 1e-6);
            // three pixels, two predicted classes: class mean differs from pixel mean
            NDArray three = m.create(new float[] {3, 3, 0, 0, 0, 1}, new Shape(2, 1, 3)); // (C, h, w)
            double[] a = softmax(3, 0);
            double[] b = softmax(0, 1);
            double classMean = (max(a) + max(b)) / 2;     // pixels 0, 1 -> class 0 (same conf); pixel 2 -> class 1
            double pixelMean = (2 * max(a) + max(b)) / 3;
            assertEquals(classMean, SegmentationConfidenceScorer.scoreLogits(three, ClassSubset.all(2),
                    ConfidenceStatistic.MAX_SOFTMAX, ConfidenceAggregation.CLASS_MEAN)[0], 1e-6);
            assertEquals(pixelMean, SegmentationConfidenceScorer.scoreLogits(three, ClassSubset.all(2),
                    ConfidenceStatistic.MAX_SOFTMAX, ConfidenceAggregation.PIXEL_MEAN)[0], 1e-6);
            // the input stays usable and owned by its manager; no intermediate leaks into it
            int before = m.getManagedArrays().size();
            for (int i = 0; i < 50; i++) {
                SegmentationConfidenceScorer.scoreLogits(logits, ClassSubset.of(0, 2),
                        ConfidenceStatistic.NEGATIVE_ENTROPY, ConfidenceAggregation.CLASS_MEAN);
            }
            assertEquals(before, m.getManagedArrays().size(), "arrays leaked into the caller's manager");
            assertEquals(6, logits.toFloatArray().length);
            assertThrows(IllegalArgumentException.class, () -> SegmentationConfidenceScorer.scoreLogits(logits,
                    ClassSubset.range(0, 5), ConfidenceStatistic.MAX_SOFTMAX, ConfidenceAggregation.PIXEL_MEAN));
        }
    }
}
