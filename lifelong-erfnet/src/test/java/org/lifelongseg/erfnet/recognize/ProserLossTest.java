package org.lifelongseg.erfnet.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The PROSER losses against hand computation in double precision. */
class ProserLossTest {

    private static double ce(double[] logits, int target) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            m = Math.max(m, v);
        }
        double s = 0;
        for (double v : logits) {
            s += Math.exp(v - m);
        }
        return -(logits[target] - m - Math.log(s));
    }

    @Test
    void lossesMatchHandComputation() {
        double[][] z = {{1, 2, 0}, {0.5, -1, 3}};
        int[] y = {0, 1};
        double beta = 0.7;
        double expected = 0;
        for (int i = 0; i < 2; i++) {
            double[] masked = z[i].clone();
            masked[y[i]] = Double.NEGATIVE_INFINITY; // the true class drops out of the softmax
            expected += ce(z[i], y[i]) + beta * ce(masked, 2);
        }
        expected /= 2;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray logits = m.create(new float[] {1, 2, 0, 0.5f, -1, 3}, new Shape(2, 3));
            NDArray labels = m.create(y);
            assertEquals(expected, ProserLoss.classifierPlaceholder(logits, labels, beta).getFloat(), 1e-5);
            double l2 = (ce(z[0], 2) + ce(z[1], 2)) / 2;
            assertEquals(l2, ProserLoss.dataPlaceholder(logits).getFloat(), 1e-5);
        }
    }

    @Test
    void betaSamplerHasTheRightMean() {
        Random rnd = new Random(3);
        for (double alpha : new double[] {0.5, 1, 2}) {
            double s = 0;
            double s2 = 0;
            int n = 20000;
            for (int i = 0; i < n; i++) {
                double v = ProserRecognizer.Trainer.sampleBeta(alpha, rnd);
                assertTrue(v >= 0 && v <= 1);
                s += v;
                s2 += v * v;
            }
            double mean = s / n;
            double var = s2 / n - mean * mean;
            assertEquals(0.5, mean, 0.01, "mean of Beta(" + alpha + ")");
            assertEquals(1 / (4 * (2 * alpha + 1)), var, 0.005, "variance of Beta(" + alpha + ")");
        }
    }
}
