package org.lifelongseg.core.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.engine.FreedMemory;

@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class TorchAdamTest {

    private static final double[][] GRADIENTS = {{0.5, -0.25}, {-0.1, 0.3}, {0.2, 0.2}};

    /**
     * The textbook trajectory in double precision, written from the formulas (not from the
     * implementation). {@code decoupled} gives AdamW's variant, for contrast.
     */
    private static double[] expectedTrajectory(
            double[] theta0, double[] learningRates, double wd, boolean decoupled) {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[] theta = theta0.clone();
        double[] m = new double[theta.length];
        double[] v = new double[theta.length];
        for (int t = 1; t <= GRADIENTS.length; t++) {
            double lr = learningRates[t - 1];
            for (int i = 0; i < theta.length; i++) {
                double g = GRADIENTS[t - 1][i];
                if (decoupled) {
                    theta[i] -= lr * wd * theta[i];
                } else {
                    g += wd * theta[i];
                }
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                theta[i] -= lr * mHat / denom;
            }
        }
        return theta;
    }

    private static float[] run(TorchAdam adam, float[] theta0, int[] epochs) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(theta0);
            for (int t = 0; t < GRADIENTS.length; t++) {
                adam.setEpoch(epochs[t]);
                float[] g = {(float) GRADIENTS[t][0], (float) GRADIENTS[t][1]};
                adam.update("w", weight, manager.create(g));
                assertEquals(t + 1, adam.step("w"));
            }
            return weight.toFloatArray();
        }
    }

    @Test
    void followsTheHandComputedTrajectoryWithL2WeightDecay() {
        double wd = 1.0; // large, so that L2 and decoupled decay differ clearly
        try (TorchAdam adam = TorchAdam.builder()
                .optLearningRate(LearningRateSchedule.constant(0.01))
                .optWeightDecay(wd)
                .build()) {
            float[] actual = run(adam, new float[] {1f, -2f}, new int[] {0, 1, 2});
            double[] lrs = {0.01, 0.01, 0.01};
            double[] expected = expectedTrajectory(new double[] {1, -2}, lrs, wd, false);
            double[] adamW = expectedTrajectory(new double[] {1, -2}, lrs, wd, true);
            for (int i = 0; i < 2; i++) {
                assertEquals(expected[i], actual[i], 1e-6, "theta[" + i + "]");
                assertTrue(Math.abs(adamW[i] - actual[i]) > 1e-4, "must not be AdamW");
            }
        }
    }

    @Test
    void defaultsWithPolyScheduleFollowTheTrajectory() {
        PolyLearningRate schedule = PolyLearningRate.builder().setEpochs(200).build();
        try (TorchAdam adam = TorchAdam.builder().optLearningRate(schedule).build()) {
            int[] epochs = {0, 1, 199};
            float[] actual = run(adam, new float[] {0.3f, -0.7f}, epochs);
            double[] lrs = new double[3];
            for (int i = 0; i < 3; i++) {
                lrs[i] = 5e-4 * Math.pow(1 - (epochs[i] - 1) / 200.0, 0.9);
            }
            double[] expected = expectedTrajectory(new double[] {0.3, -0.7}, lrs, 3e-4, false);
            for (int i = 0; i < 2; i++) {
                assertEquals(expected[i], actual[i], 1e-7, "theta[" + i + "]");
            }
            assertEquals(lrs[2], adam.learningRate(), 1e-15);
        }
    }

    @Test
    void polyScheduleReproducesTheReferenceValues() {
        PolyLearningRate schedule = PolyLearningRate.builder().setEpochs(200).build();
        assertEquals(5.0225e-4, schedule.learningRate(0), 1e-8);
        assertEquals(5e-4, schedule.learningRate(1), 1e-18);
        assertEquals(2.70e-4, schedule.learningRate(100), 1e-6);
        assertEquals(7.92e-6, schedule.learningRate(199), 1e-8);
        assertEquals(5e-4 * Math.pow(1.005, 0.9), schedule.learningRate(0), 1e-18);
        assertEquals(5e-4 * Math.pow(0.505, 0.9), schedule.learningRate(100), 1e-18);
        assertEquals(5e-4 * Math.pow(0.01, 0.9), schedule.learningRate(199), 1e-18);
        assertThrows(IllegalArgumentException.class, () -> schedule.learningRate(-1));
        assertThrows(IllegalArgumentException.class, () -> schedule.learningRate(202));
        assertThrows(IllegalStateException.class, () -> PolyLearningRate.builder().build());
        assertThrows(
                IllegalStateException.class,
                () -> PolyLearningRate.builder().setEpochs(3).setEpochs(4));
    }

    @Test
    void exportImportResumesBitwise() {
        float[] a0 = {0.1f, -0.4f, 0.9f};
        float[] b0 = {2f, -1f};
        float[][] gradA = new float[6][];
        float[][] gradB = new float[6][];
        java.util.Random rnd = new java.util.Random(11);
        for (int t = 0; t < 6; t++) {
            gradA[t] = new float[] {rnd.nextFloat() - .5f, rnd.nextFloat() - .5f, rnd.nextFloat()};
            gradB[t] = new float[] {rnd.nextFloat() - .5f, rnd.nextFloat() - .5f};
        }
        PolyLearningRate schedule = PolyLearningRate.builder().setEpochs(6).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            // Uninterrupted: 6 steps, one per epoch; parameter b is updated from step 2 on.
            NDArray a = manager.create(a0);
            NDArray b = manager.create(b0);
            try (TorchAdam adam = TorchAdam.builder().optLearningRate(schedule).build()) {
                for (int t = 0; t < 6; t++) {
                    adam.setEpoch(t);
                    adam.update("id-a", a, manager.create(gradA[t]));
                    if (t > 0) {
                        adam.update("id-b", b, manager.create(gradB[t]));
                    }
                }
            }
            // Interrupted after 3 steps; the state goes through bytes and new parameter ids.
            NDArray a2 = manager.create(a0);
            NDArray b2 = manager.create(b0);
            byte[] saved;
            try (TorchAdam adam = TorchAdam.builder().optLearningRate(schedule).build()) {
                for (int t = 0; t < 3; t++) {
                    adam.setEpoch(t);
                    adam.update("id-a", a2, manager.create(gradA[t]));
                    if (t > 0) {
                        adam.update("id-b", b2, manager.create(gradB[t]));
                    }
                }
                try (NDManager exportManager = manager.newSubManager()) {
                    NDList state = adam.exportState(
                            exportManager, Map.of("id-a", "layer.a", "id-b", "layer.b"));
                    assertEquals(6, state.size());
                    assertEquals("layer.a.exp_avg", state.get(0).getName());
                    assertEquals(3L, state.get("layer.a.step").getLong());
                    assertEquals(2L, state.get("layer.b.step").getLong());
                    saved = state.encode();
                }
            }
            try (TorchAdam resumed = TorchAdam.builder().optLearningRate(schedule).build()) {
                Map<String, String> newIds = Map.of("new-a", "layer.a", "new-b", "layer.b");
                try (NDManager importManager = manager.newSubManager()) {
                    resumed.importState(NDList.decode(importManager, saved), newIds);
                } // the optimizer must hold copies, not views of the decoded (now closed) arrays
                FreedMemory.scribble();
                assertEquals(3, resumed.step("new-a"));
                for (int t = 3; t < 6; t++) {
                    resumed.setEpoch(t);
                    resumed.update("new-a", a2, manager.create(gradA[t]));
                    resumed.update("new-b", b2, manager.create(gradB[t]));
                }
            }
            assertArrayEquals(a.toFloatArray(), a2.toFloatArray(), 0f);
            assertArrayEquals(b.toFloatArray(), b2.toFloatArray(), 0f);
            // A fresh optimizer without the state gives a different result: the test can fail.
            NDArray a3 = manager.create(a0);
            try (TorchAdam adam = TorchAdam.builder().optLearningRate(schedule).build()) {
                for (int t = 0; t < 3; t++) {
                    adam.setEpoch(t);
                    adam.update("id-a", a3, manager.create(gradA[t]));
                }
            }
            try (TorchAdam fresh = TorchAdam.builder().optLearningRate(schedule).build()) {
                for (int t = 3; t < 6; t++) {
                    fresh.setEpoch(t);
                    fresh.update("id-a", a3, manager.create(gradA[t]));
                }
            }
            assertTrue(a.sub(a3).abs().max().getFloat() > 1e-5, "state must matter");
        }
    }

    @Test
    void importRejectsMalformedState() {
        try (NDManager manager = NDManager.newBaseManager();
                TorchAdam adam = TorchAdam.builder().build()) {
            NDArray m = manager.zeros(new Shape(2));
            m.setName("layer.a.exp_avg");
            NDArray v = manager.zeros(new Shape(2));
            v.setName("layer.a.exp_avg_sq");
            IllegalArgumentException missing = assertThrows(
                    IllegalArgumentException.class,
                    () -> adam.importState(new NDList(m, v), Map.of("id", "layer.a")));
            assertTrue(missing.getMessage().contains("layer.a"), missing.getMessage());
            IllegalArgumentException unknown = assertThrows(
                    IllegalArgumentException.class,
                    () -> adam.importState(new NDList(m), Map.of("id", "layer.b")));
            assertTrue(unknown.getMessage().contains("names no parameter"), unknown.getMessage());
            NDArray step = manager.create(1f);
            step.setName("layer.a.step");
            assertThrows(
                    IllegalArgumentException.class,
                    () -> adam.importState(new NDList(m, v, step), Map.of("id", "layer.a")));
        }
    }

    @Test
    void builderRejectsNonAdamOptionsAndRepeats() {
        assertThrows(IllegalArgumentException.class, () -> TorchAdam.builder().setRescaleGrad(0.5f));
        assertThrows(IllegalArgumentException.class, () -> TorchAdam.builder().optClipGrad(1f));
        assertThrows(IllegalArgumentException.class, () -> TorchAdam.builder().optBetas(1, 0.9));
        assertThrows(
                IllegalStateException.class,
                () -> TorchAdam.builder().optWeightDecay(0).optWeightDecays(0.1f));
        try (TorchAdam adam = TorchAdam.builder().build()) {
            assertEquals(5e-4, adam.learningRate());
        }
    }

    /** Through DJL's own Trainer/ParameterStore: the same math, and the gradient is zeroed. */
    @Test
    void stepThroughDjlTrainerMatchesFormulaAndZeroesGradient() {
        try (Model model = Model.newInstance("adam-test");
                TorchAdam adam = TorchAdam.builder()
                        .optLearningRate(LearningRateSchedule.constant(0.05))
                        .optWeightDecay(0.2)
                        .build()) {
            model.setBlock(Linear.builder().setUnits(1).optBias(false).build());
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(4, 2));
                Parameter weight = model.getBlock().getParameters().valueAt(0);
                NDManager manager = trainer.getManager();
                NDArray x = manager.create(new float[] {1, 2, -1, 0.5f, 0.3f, -2, 1, 1}, new Shape(4, 2));
                NDArray y = manager.create(new float[] {1, -1, 0.5f, 2}, new Shape(4, 1));
                double[] theta = toDouble(weight.getArray().toFloatArray());
                double[] m = new double[2];
                double[] v = new double[2];
                for (int t = 1; t <= 2; t++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray pred = trainer.forward(new NDList(x)).singletonOrThrow();
                        NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(pred));
                        gc.backward(loss);
                    }
                    double[] g = toDouble(weight.getArray().getGradient().toFloatArray());
                    trainer.step();
                    for (int i = 0; i < 2; i++) {
                        double gi = g[i] + 0.2 * theta[i];
                        m[i] = 0.9 * m[i] + 0.1 * gi;
                        v[i] = 0.999 * v[i] + 0.001 * gi * gi;
                        theta[i] -= 0.05 / (1 - Math.pow(0.9, t)) * m[i]
                                / (Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8);
                    }
                    float[] actual = weight.getArray().toFloatArray();
                    for (int i = 0; i < 2; i++) {
                        assertEquals(theta[i], actual[i], 1e-6, "step " + t + " theta[" + i + "]");
                    }
                    float[] after = weight.getArray().getGradient().toFloatArray();
                    assertArrayEquals(new float[2], after, 0f, "gradient zeroed after step");
                    assertEquals(t, adam.step(weight.getId()));
                }
                Map<String, String> names = ParameterNames.of(model.getBlock());
                assertEquals("weight", names.get(weight.getId()));
                try (NDManager export = manager.newSubManager()) {
                    NDList state = adam.exportState(export, names);
                    assertEquals(DataType.INT64, state.get("weight.step").getDataType());
                }
            }
        }
        assertTrue(Engine.getInstance().getEngineName().length() > 0);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
