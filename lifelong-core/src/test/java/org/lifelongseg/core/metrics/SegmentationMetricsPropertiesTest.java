package org.lifelongseg.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class SegmentationMetricsPropertiesTest {

    /** Random labels in [0, n) with some ignored pixels, and predictions in [0, n). */
    private static int[][] labelsAndPredictions(long seed, int n, int pixels) {
        Random r = new Random(seed);
        int[] gt = new int[pixels];
        int[] pred = new int[pixels];
        for (int i = 0; i < pixels; i++) {
            gt[i] = r.nextInt(8) == 0 ? 255 : r.nextInt(n);
            pred[i] = r.nextInt(3) == 0 ? r.nextInt(n) : Math.min(gt[i], n - 1);
        }
        return new int[][] {gt, pred};
    }

    private static List<String> names(int n) {
        return IntStream.range(0, n).mapToObj(i -> "c" + i).toList();
    }

    @Property(tries = 200)
    void iouIsWithinUnitIntervalOrNan(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int n, @ForAll @IntRange(min = 0, max = 300) int px) {
        int[][] d = labelsAndPredictions(seed, n, px);
        SegmentationMetrics m = new ConfusionMatrix(n).update(d[0], d[1]).metrics(names(n));
        for (double v : m.classIoU()) {
            assertTrue(Double.isNaN(v) || (v >= 0 && v <= 1), "IoU " + v);
        }
        double miou = m.meanIoU();
        assertTrue(Double.isNaN(miou) || (miou >= 0 && miou <= 1));
    }

    @Property(tries = 200)
    void perfectPredictionScoresOneForEveryPresentClass(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int n, @ForAll @IntRange(min = 1, max = 300) int px) {
        int[] gt = labelsAndPredictions(seed, n, px)[0];
        int[] pred = Arrays.stream(gt).map(g -> g < n ? g : 0).toArray();
        SegmentationMetrics m = new ConfusionMatrix(n).update(gt, pred).metrics(names(n));
        double[] iou = m.classIoU();
        for (int c = 0; c < n; c++) {
            final int cls = c;
            boolean present = Arrays.stream(gt).anyMatch(g -> g == cls);
            if (present) {
                assertEquals(1.0, iou[c], 0);
            } else {
                assertTrue(Double.isNaN(iou[c]));
            }
        }
    }

    @Property(tries = 200)
    void consistentRelabellingKeepsMeanIou(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int n, @ForAll @IntRange(min = 0, max = 300) int px) {
        int[][] d = labelsAndPredictions(seed, n, px);
        List<Integer> perm = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        Collections.shuffle(perm, new Random(seed ^ 0x5DEECE66DL));
        int[] gt2 = Arrays.stream(d[0]).map(g -> g < n ? perm.get(g) : g).toArray();
        int[] pred2 = Arrays.stream(d[1]).map(perm::get).toArray();
        double a = new ConfusionMatrix(n).update(d[0], d[1]).metrics(names(n)).meanIoU();
        double b = new ConfusionMatrix(n).update(gt2, pred2).metrics(names(n)).meanIoU();
        if (Double.isNaN(a)) {
            assertTrue(Double.isNaN(b));
        } else {
            assertEquals(a, b, 1e-12);
        }
    }

    @Property(tries = 200)
    void mergedMatricesEqualTheMatrixOfTheConcatenation(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int n,
            @ForAll @IntRange(min = 0, max = 200) int px1, @ForAll @IntRange(min = 0, max = 200) int px2) {
        int[][] a = labelsAndPredictions(seed, n, px1);
        int[][] b = labelsAndPredictions(seed + 1, n, px2);
        ConfusionMatrix merged = new ConfusionMatrix(n).update(a[0], a[1]).merge(new ConfusionMatrix(n).update(b[0], b[1]));
        int[] gt = IntStream.concat(Arrays.stream(a[0]), Arrays.stream(b[0])).toArray();
        int[] pred = IntStream.concat(Arrays.stream(a[1]), Arrays.stream(b[1])).toArray();
        assertEquals(new ConfusionMatrix(n).update(gt, pred), merged);
    }

    @Property(tries = 50)
    void restrictedArgmaxNeverLeavesTheSubset(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 10) int c, @ForAll @IntRange(min = 1, max = 8) int k) {
        Random r = new Random(seed);
        List<Integer> all = new ArrayList<>(IntStream.range(0, c).boxed().toList());
        Collections.shuffle(all, r);
        int[] subset = all.subList(0, Math.min(k, c)).stream().mapToInt(Integer::intValue).toArray();
        float[] logits = new float[2 * c * 3 * 4];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) r.nextGaussian() * 5;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pos = TaskEvaluator.restrictedArgmax(m.create(logits, new Shape(2, c, 3, 4)), subset);
            long[] p = pos.toLongArray();
            for (int i = 0; i < p.length; i++) {
                assertTrue(p[i] >= 0 && p[i] < subset.length, "position " + p[i]);
                // the chosen channel is the max over the subset at that pixel
                int b = i / 12;
                int pix = i % 12;
                float chosen = logits[(b * c + subset[(int) p[i]]) * 12 + pix];
                for (int s : subset) {
                    assertTrue(logits[(b * c + s) * 12 + pix] <= chosen);
                }
            }
        }
    }
}
