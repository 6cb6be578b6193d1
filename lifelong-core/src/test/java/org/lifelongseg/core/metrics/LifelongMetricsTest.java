package org.lifelongseg.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LifelongMetricsTest {

    private static final double EPS = 1e-12;

    //            task1 task2 task3
    // step 0:  [ 0.1,  0.2,  0.0 ]   before training
    // step 1:  [ 0.8,  0.3,  0.1 ]
    // step 2:  [ 0.6,  0.7,  0.2 ]
    // step 3:  [ 0.5,  0.6,  0.9 ]
    private static final AccuracyMatrix R =
            AccuracyMatrix.of(
                    new double[][] {
                        {0.1, 0.2, 0.0}, {0.8, 0.3, 0.1}, {0.6, 0.7, 0.2}, {0.5, 0.6, 0.9}
                    });

    @Test
    void averageOverSeenTasks() {
        // step 1: 0.8; step 2: (0.6 + 0.7) / 2 = 0.65; step 3: (0.5 + 0.6 + 0.9) / 3 = 2/3
        assertArrayEquals(new double[] {0.8, 0.65, 2 / 3.0}, LifelongMetrics.averageSeenTaskScore(R), EPS);
    }

    @Test
    void forgetting() {
        // task 1: max(0.8, 0.6) - 0.5 = 0.3; task 2: 0.7 - 0.6 = 0.1; task 3: undefined
        double[] f = LifelongMetrics.forgetting(R);
        assertEquals(0.3, f[0], EPS);
        assertEquals(0.1, f[1], EPS);
        assertTrue(Double.isNaN(f[2]));
        assertEquals(0.2, LifelongMetrics.averageForgetting(R), EPS);
    }

    @Test
    void gemTransfers() {
        // BWT = ((0.5 - 0.8) + (0.6 - 0.7)) / 2 = -0.2
        assertEquals(-0.2, LifelongMetrics.backwardTransfer(R), EPS);
        // FWT = ((R[1][2] - R[0][2]) + (R[2][3] - R[0][3])) / 2 = (0.1 + 0.2) / 2 = 0.15
        assertEquals(0.15, LifelongMetrics.forwardTransfer(R), EPS);
    }

    @Test
    void ianvsTransfers() {
        // LLN BWT = ((0.5 - 0.8) + (0.6 - 0.7) + (0.9 - 0.9)) / 3 = -0.4 / 3
        assertEquals(-0.4 / 3, LifelongMetrics.ianvsLlnBackwardTransfer(R), EPS);
        // FWT = ((0.1 - 0.1) + (0.3 - 0.2) + (0.2 - 0.0)) / 3 = 0.1
        assertEquals(0.1, LifelongMetrics.ianvsForwardTransfer(R), EPS);
        // MAIN BWT telescopes: ((0.5 - 0.1) + (0.6 - 0.2) + (0.9 - 0.0)) / 9 = 1.7 / 9
        assertEquals(1.7 / 9, LifelongMetrics.ianvsMainBackwardTransfer(R), EPS);
    }

    @Test
    void missingEntries() {
        // the same matrix without the row before training
        AccuracyMatrix.Builder b = AccuracyMatrix.builder(3);
        double[][] rows = R.toArray();
        for (int i = 1; i <= 3; i++) {
            for (int j = 1; j <= 3; j++) {
                b.set(i, j, rows[i][j - 1]);
            }
        }
        AccuracyMatrix noRow0 = b.build();
        assertTrue(Double.isNaN(noRow0.get(0, 2)));
        assertTrue(Double.isNaN(LifelongMetrics.forwardTransfer(noRow0)));
        assertEquals(-0.2, LifelongMetrics.backwardTransfer(noRow0), EPS);
        // MAIN skips the step-0 terms: ((0.5-0.8) + (0.6-0.3) + (0.9-0.1)) / 9 = 0.8 / 9
        assertEquals(0.8 / 9, LifelongMetrics.ianvsMainBackwardTransfer(noRow0), EPS);
    }

    @Test
    void builderAndShapeValidation() {
        assertThrows(IllegalStateException.class, () -> AccuracyMatrix.builder(2).set(1, 1, 0.5).set(1, 1, 0.6));
        assertThrows(IllegalArgumentException.class, () -> AccuracyMatrix.builder(2).set(1, 3, 0.5));
        assertThrows(IllegalArgumentException.class, () -> AccuracyMatrix.of(new double[][] {{1, 2}, {3}}));
        assertTrue(Double.isNaN(LifelongMetrics.backwardTransfer(AccuracyMatrix.of(new double[][] {{0}, {1}}))));
    }

    @Test
    void oldNewAll() {
        // rows gt, cols pred, classes a b c d; b occurs nowhere -> NaN
        SegmentationMetrics m =
                SegmentationMetrics.of(
                        List.of("a", "b", "c", "d"), new long[][] {{1, 0, 1, 0}, {0, 0, 0, 0}, {0, 0, 2, 0}, {0, 0, 1, 0}});
        // a: tp 1, row 2, col 1 -> 1/2; c: tp 2, row 2, col 4 -> 1/2; d: tp 0, row 1, col 0 -> 0
        LifelongMetrics.OldNewScores s = LifelongMetrics.oldNewAll(m, List.of("a", "b"), List.of("c", "d"));
        assertEquals(0.5, s.oldClasses(), EPS);
        assertEquals(0.25, s.newClasses(), EPS);
        assertEquals(1.0 / 3, s.allClasses(), EPS);
        assertThrows(IllegalArgumentException.class, () -> LifelongMetrics.oldNewAll(m, List.of("a"), List.of("a")));
    }
}
