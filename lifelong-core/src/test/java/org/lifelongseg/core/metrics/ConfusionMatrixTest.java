package org.lifelongseg.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ConfusionMatrixTest {

    private static final Logger LOG = LoggerFactory.getLogger(ConfusionMatrixTest.class);

    // gt:   0 0 1 1 2 255 3(out of range for n=3)
    // pred: 0 1 1 1 0 2   2
    private static final int[] GT = {0, 0, 1, 1, 2, 255, 3};
    private static final int[] PRED = {0, 1, 1, 1, 0, 2, 2};
    // counted pixels: (0,0) (0,1) (1,1) (1,1) (2,0)
    private static final long[][] EXPECTED = {{1, 1, 0}, {0, 2, 0}, {1, 0, 0}};

    @Test
    void countsIntArraysAndSkipsIgnoredGroundTruth() {
        ConfusionMatrix cm = new ConfusionMatrix(3).update(GT, PRED);
        assertArrayEquals(EXPECTED, cm.toArray());
        assertEquals(5, cm.total());
    }

    @Test
    void countsUnsignedBytes() {
        byte[] gt = new byte[GT.length];
        byte[] pred = new byte[GT.length];
        for (int i = 0; i < GT.length; i++) {
            gt[i] = (byte) GT[i];
            pred[i] = (byte) PRED[i];
        }
        assertArrayEquals(EXPECTED, new ConfusionMatrix(3).update(gt, pred).toArray());
    }

    @Test
    void countsNdArraysWithEveryStrategy() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray gt = manager.create(GT).toType(DataType.UINT8, false).reshape(1, 7);
            NDArray pred = manager.create(PRED).toType(DataType.INT64, false).reshape(1, 7);
            int before = manager.getManagedArrays().size();
            for (ConfusionMatrix.Counting c : ConfusionMatrix.Counting.values()) {
                ConfusionMatrix cm = new ConfusionMatrix(3).update(gt, pred, c);
                assertArrayEquals(EXPECTED, cm.toArray(), c.name());
            }
            // inputs untouched and still owned by their manager; no temporaries left behind
            assertEquals(before, manager.getManagedArrays().size());
            assertEquals(manager, gt.getManager());
            assertEquals(DataType.UINT8, gt.getDataType());
        }
    }

    @Test
    void ndArrayCountingMatchesArrayCountingForManyClasses() {
        // 40 classes: n^2 + 1 > 256, so the codes are int32 instead of uint8
        int n = 40;
        Random rnd = new Random(7);
        int[] gt = new int[5000];
        int[] pred = new int[5000];
        for (int i = 0; i < gt.length; i++) {
            gt[i] = rnd.nextInt(10) == 0 ? 255 : rnd.nextInt(n + 3) - 1; // includes -1 and >= n
            pred[i] = rnd.nextInt(n);
        }
        ConfusionMatrix expected = new ConfusionMatrix(n).update(gt, pred);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray g = manager.create(gt, new Shape(50, 100));
            NDArray p = manager.create(pred, new Shape(50, 100)).toType(DataType.INT64, false);
            for (ConfusionMatrix.Counting c : ConfusionMatrix.Counting.values()) {
                assertEquals(expected, new ConfusionMatrix(n).update(g, p, c), c.name());
            }
        }
    }

    @Test
    void rejectsBadInput() {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        assertThrows(IllegalArgumentException.class, () -> cm.update(new int[] {0}, new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> cm.update(new int[] {0}, new int[] {-1}));
        assertThrows(
                IllegalArgumentException.class, () -> cm.update(new int[] {0, 1}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(2).merge(cm));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray gt = manager.create(new int[] {0, 1});
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> cm.update(gt, manager.create(new int[] {0, 5})));
            assertTrue(e.getMessage().contains("[0, 5]"), e.getMessage());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> cm.update(gt, manager.create(new int[] {0, 1, 2})));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> cm.update(gt, manager.create(new float[] {0, 1})));
        }
        assertEquals(0, cm.total());
    }

    @Test
    void mergeSumsCounts() {
        ConfusionMatrix a = ConfusionMatrix.of(new long[][] {{1, 2}, {3, 4}});
        ConfusionMatrix b = ConfusionMatrix.of(new long[][] {{10, 0}, {0, 1}});
        assertArrayEquals(new long[][] {{11, 2}, {3, 5}}, a.merge(b).toArray());
    }

    @Test
    void metricsFromHandComputedMatrix() {
        // rows gt, cols pred
        //        0  1  2  3
        // 0:   [ 8, 2, 0, 0]   row 10
        // 1:   [ 1, 4, 0, 0]   row 5
        // 2:   [ 0, 0, 0, 0]   row 0 (absent), predicted once by gt 3 -> IoU 0/(0+1-0) = 0
        // 3:   [ 0, 0, 1, 0]   row 1, never predicted correctly
        // col:   9  6  1  0
        // IoU0 = 8/(10+9-8)=8/11, IoU1 = 4/(5+6-4)=4/7, IoU2 = 0/1 = 0, IoU3 = 0/(1+0-0) = 0
        long[][] cm = {{8, 2, 0, 0}, {1, 4, 0, 0}, {0, 0, 0, 0}, {0, 0, 1, 0}};
        SegmentationMetrics m = SegmentationMetrics.of(List.of("a", "b", "c", "d"), cm);
        assertArrayEquals(new double[] {8 / 11.0, 4 / 7.0, 0, 0}, m.classIoU(), 1e-15);
        assertEquals((8 / 11.0 + 4 / 7.0) / 4, m.meanIoU(), 1e-15);
        // recall: 8/10, 4/5, NaN, 0/1 -> mean (0.8+0.8+0)/3
        assertEquals(1.6 / 3, m.meanRecall(), 1e-15);
        // precision: 8/9, 4/6, 0/1, NaN -> mean (8/9+2/3+0)/3
        assertEquals((8 / 9.0 + 2 / 3.0) / 3, m.meanPrecision(), 1e-15);
        // accuracy 12/16
        assertEquals(0.75, m.pixelAccuracy(), 1e-15);
        // fwIoU = 10/16*8/11 + 5/16*4/7 + 1/16*0
        assertEquals(10 / 16.0 * 8 / 11.0 + 5 / 16.0 * 4 / 7.0, m.frequencyWeightedIoU(), 1e-15);
        assertEquals((8 / 11.0 + 4 / 7.0) / 2, m.meanIoU(List.of("a", "b")), 1e-15);
    }

    @Test
    void classAbsentEverywhereIsNanAndSkipped() {
        // y never in gt nor pred -> NaN; x: tp 2, row 2, col 2 -> 1; z: tp 1, row 1, col 1 -> 1
        SegmentationMetrics m =
                SegmentationMetrics.of(
                        List.of("x", "y", "z"), new long[][] {{2, 0, 0}, {0, 0, 0}, {0, 0, 1}});
        assertTrue(Double.isNaN(m.classIoU("y")));
        assertEquals(1.0, m.meanIoU(), 0);
        // z: 2 gt pixels, one predicted as x: tp 1, row 2, col 1 -> 1/2; x: tp 2, row 2, col 3 -> 2/3
        SegmentationMetrics m2 =
                SegmentationMetrics.of(
                        List.of("x", "y", "z"), new long[][] {{2, 0, 0}, {0, 0, 0}, {1, 0, 1}});
        assertEquals((2 / 3.0 + 1 / 2.0) / 2, m2.meanIoU(), 1e-15);
    }

    @Test
    void updateSpeedOnFullCityscapesFrame() {
        int h = 1024;
        int w = 2048;
        int n = 19;
        Random rnd = new Random(1);
        byte[] gt = new byte[h * w];
        long[] pred = new long[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int block = (y / 32) * 64 + x / 32; // blocky like a real label map
                int cls = (block * 7) % (n + 1);
                gt[y * w + x] = (byte) (cls == n ? 255 : cls);
                pred[y * w + x] = rnd.nextInt(10) == 0 ? rnd.nextInt(n) : Math.min(cls, n - 1);
            }
        }
        ConfusionMatrix reference = new ConfusionMatrix(n);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray g = manager.create(gt, new Shape(1, h, w)).toType(DataType.UINT8, false);
            NDArray p = manager.create(pred, new Shape(1, h, w));
            reference.update(g, p, ConfusionMatrix.Counting.HOST);
            for (ConfusionMatrix.Counting c :
                    List.of(ConfusionMatrix.Counting.HOST, ConfusionMatrix.Counting.DEVICE)) {
                long best = Long.MAX_VALUE;
                for (int rep = 0; rep < 12; rep++) {
                    ConfusionMatrix cm = new ConfusionMatrix(n);
                    long t0 = System.nanoTime();
                    cm.update(g, p, c);
                    best = Math.min(best, System.nanoTime() - t0);
                    assertEquals(reference, cm);
                }
                double ms = best / 1e6;
                LOG.warn(
                        "ConfusionMatrix.update {} on one 2048x1024 frame (CPU): {} ms = {} Mpx/s",
                        c, String.format("%.2f", ms), String.format("%.0f", h * w / ms / 1e3));
                assertTrue(ms < 500, "update took " + ms + " ms");
            }
        }
    }
}
