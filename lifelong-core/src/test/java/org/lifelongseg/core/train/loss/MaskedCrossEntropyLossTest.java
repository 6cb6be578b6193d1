package org.lifelongseg.core.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskedCrossEntropyLossTest {

    private static final int B = 2;
    private static final int C = 4;
    private static final int H = 3;
    private static final int W = 5;

    /** Reference value and gradient in double precision with plain loops. */
    private static double[] reference(float[] z, int[] y, double[] gradOut) {
        int labelled = 0;
        for (int v : y) {
            if (v != 255) {
                labelled++;
            }
        }
        double denom = labelled == 0 ? 1e-15 : labelled;
        double sum = 0;
        for (int b = 0; b < B; b++) {
            for (int p = 0; p < H * W; p++) {
                int label = y[b * H * W + p];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < C; c++) {
                    max = Math.max(max, z[(b * C + c) * H * W + p]);
                }
                double norm = 0;
                for (int c = 0; c < C; c++) {
                    norm += Math.exp(z[(b * C + c) * H * W + p] - max);
                }
                double logNorm = max + Math.log(norm);
                for (int c = 0; c < C; c++) {
                    int i = (b * C + c) * H * W + p;
                    if (label == 255) {
                        gradOut[i] = 0;
                    } else {
                        double prob = Math.exp(z[i] - logNorm);
                        gradOut[i] = (prob - (c == label ? 1 : 0)) / denom;
                    }
                }
                if (label != 255) {
                    sum += z[(b * C + label) * H * W + p] - logNorm;
                }
            }
        }
        return new double[] {-sum / denom};
    }

    private static float[] randomLogits(Random rnd) {
        float[] z = new float[B * C * H * W];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (rnd.nextGaussian() * 3);
        }
        return z;
    }

    private static int[] randomLabels(Random rnd, double ignoredFraction) {
        int[] y = new int[B * H * W];
        for (int i = 0; i < y.length; i++) {
            y[i] = rnd.nextDouble() < ignoredFraction ? 255 : rnd.nextInt(C);
        }
        return y;
    }

    private static void checkAgainstReference(float[] z, int[] y) {
        double[] expectedGrad = new double[z.length];
        double expected = reference(z, y, expectedGrad)[0];
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(z, new Shape(B, C, H, W));
            NDArray labels = manager.create(y, new Shape(B, H, W));
            logits.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = new MaskedCrossEntropyLoss()
                        .evaluate(new NDList(labels), new NDList(logits));
                assertEquals(0, loss.getShape().dimension(), "scalar loss");
                assertEquals(expected, loss.getFloat(), 1e-6 * Math.max(1, Math.abs(expected)));
                gc.backward(loss);
            }
            float[] grad = logits.getGradient().toFloatArray();
            for (int i = 0; i < grad.length; i++) {
                assertEquals(expectedGrad[i], grad[i], 1e-6, "gradient element " + i);
            }
        }
    }

    @Test
    void matchesDoublePrecisionReferenceWithGradient() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 5; trial++) {
            checkAgainstReference(randomLogits(rnd), randomLabels(rnd, 0.3));
        }
    }

    @Test
    void noLabelledPixelGivesZeroLossAndZeroGradient() {
        Random rnd = new Random(7);
        int[] y = randomLabels(rnd, 1.0);
        checkAgainstReference(randomLogits(rnd), y);
    }

    @Test
    void floatLabelsAreAccepted() {
        Random rnd = new Random(3);
        float[] z = randomLogits(rnd);
        int[] y = randomLabels(rnd, 0.2);
        float[] yf = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            yf[i] = y[i];
        }
        double expected = reference(z, y, new double[z.length])[0];
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray loss = MaskedCrossEntropyLoss.compute(
                    manager.create(z, new Shape(B, C, H, W)), manager.create(yf, new Shape(B, H, W)));
            assertEquals(expected, loss.getFloat(), 1e-5);
        }
    }

    @Test
    void rejectsLabelsOutOfRange() {
        Random rnd = new Random(1);
        int[] y = randomLabels(rnd, 0.2);
        y[5] = C; // one past the last class
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(randomLogits(rnd), new Shape(B, C, H, W));
            NDArray labels = manager.create(y, new Shape(B, H, W));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> MaskedCrossEntropyLoss.compute(logits, labels));
            assertTrue(e.getMessage().contains("[0, 4)"), e.getMessage());
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.zeros(new Shape(B, C, H, W));
            NDArray labels = manager.zeros(new Shape(B, H, W + 1));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> MaskedCrossEntropyLoss.compute(logits, labels));
            assertTrue(e.getMessage().contains("labels must have shape"), e.getMessage());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new MaskedCrossEntropyLoss()
                            .evaluate(new NDList(labels, labels), new NDList(logits)));
        }
    }

    @Test
    void leavesOnlyTheResultInTheCallersManager() {
        Random rnd = new Random(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(randomLogits(rnd), new Shape(B, C, H, W));
            NDArray labels = manager.create(randomLabels(rnd, 0.3), new Shape(B, H, W));
            int before = manager.getManagedArrays().size();
            NDArray loss = MaskedCrossEntropyLoss.compute(logits, labels);
            assertEquals(before + 1, manager.getManagedArrays().size());
            assertTrue(manager.getManagedArrays().contains(loss));
        }
    }
}
