package org.lifelongseg.erfnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lifelongseg.erfnet.checkpoint.NpzStateDictReader;
import org.lifelongseg.erfnet.checkpoint.StateDict;
import org.lifelongseg.erfnet.checkpoint.StateDictLoader;
import org.lifelongseg.core.engine.NativeArrays;

/** Training-mode behaviour: BatchNorm statistics as PyTorch, gradients, Trainer path, no leaks. */
@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class ErfNetTrainingTest {

    @Test
    void batchNormTrainingUpdatesRunningStatsWithPyTorchMomentum() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchNorm bn = Layers.batchNorm();
            Shape shape = new Shape(4, 3, 5, 6);
            bn.initialize(manager, DataType.FLOAT32, shape);
            Map<String, Parameter> p = new LinkedHashMap<>();
            TorchNames.batchNorm("", bn, p);
            NativeArrays.copyInto(NativeArrays.of(manager, new float[] {1.5f, -0.5f, 2f}), p.get("weight").getArray());
            NativeArrays.copyInto(NativeArrays.of(manager, new float[] {0.1f, 0.2f, -0.3f}), p.get("bias").getArray());
            NativeArrays.copyInto(NativeArrays.of(manager, new float[] {0.5f, -1f, 2f}), p.get("running_mean").getArray());
            NativeArrays.copyInto(NativeArrays.of(manager, new float[] {2f, 0.5f, 1f}), p.get("running_var").getArray());
            NDArray x = manager.randomNormal(1f, 2f, shape, DataType.FLOAT32);
            NDArray y = bn.forward(new ParameterStore(manager, false), new NDList(x), true).head();

            // per-channel statistics (the PyTorch engine reduces one axis at a time)
            NDArray perChannel = x.transpose(1, 0, 2, 3).reshape(3, -1);
            NDArray mean = perChannel.mean(new int[] {1});
            long count = 4 * 5 * 6;
            NDArray centered = x.sub(mean.reshape(1, 3, 1, 1));
            NDArray biasedVar =
                    centered.transpose(1, 0, 2, 3).reshape(3, -1).square().mean(new int[] {1});
            NDArray unbiasedVar = biasedVar.mul((float) count / (count - 1));
            NDArray expectedMean = manager.create(new float[] {0.5f, -1f, 2f}).mul(0.9f).add(mean.mul(0.1f));
            NDArray expectedVar =
                    manager.create(new float[] {2f, 0.5f, 1f}).mul(0.9f).add(unbiasedVar.mul(0.1f));
            assertArrayEquals(expectedMean.toFloatArray(), p.get("running_mean").getArray().toFloatArray(), 1e-5f);
            assertArrayEquals(expectedVar.toFloatArray(), p.get("running_var").getArray().toFloatArray(), 1e-4f);
            NDArray expectedY =
                    centered.div(biasedVar.add(1e-3f).sqrt().reshape(1, 3, 1, 1))
                            .mul(manager.create(new float[] {1.5f, -0.5f, 2f}).reshape(1, 3, 1, 1))
                            .add(manager.create(new float[] {0.1f, 0.2f, -0.3f}).reshape(1, 3, 1, 1));
            assertArrayEquals(expectedY.toFloatArray(), y.toFloatArray(), 1e-4f);

            // inference uses the running statistics and leaves them alone
            float[] before = p.get("running_mean").getArray().toFloatArray();
            bn.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertArrayEquals(before, p.get("running_mean").getArray().toFloatArray());
        }
    }

    @Test
    void trainerStepReachesEveryParameterAndLoadingStillWorksAfterwards() throws Exception {
        Engine.getInstance().setRandomSeed(3);
        ErfNet net = ErfNet.builder().setNumClasses(5).build();
        try (Model model = Model.newInstance("erfnet")) {
            model.setBlock(net);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.l2Loss())
                            .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(2, 3, 64, 96));
                Map<String, Parameter> params = net.stateDictParameters();
                float[] runningBefore =
                        params.get("encoder.layers.7.bn1.running_mean").getArray().toFloatArray();
                float[] upBefore = params.get("decoder.layers.0.conv.weight").getArray().toFloatArray();
                NDManager manager = trainer.getManager();
                try (NDManager batch = manager.newSubManager()) {
                    NDArray x = batch.randomUniform(0f, 1f, new Shape(2, 3, 64, 96));
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
                        assertEquals(new Shape(2, 5, 64, 96), out.getShape());
                        gc.backward(out.square().mean());
                    }
                    for (Map.Entry<String, Parameter> e : params.entrySet()) {
                        NDArray arr = e.getValue().getArray();
                        if (e.getValue().requiresGradient()) {
                            NDArray grad = arr.getGradient();
                            assertNotNull(grad, e.getKey());
                            assertTrue(grad.isInfinite().logicalOr(grad.isNaN()).none().getBoolean(),
                                    e.getKey());
                            assertTrue(grad.abs().sum().getFloat() > 0f, "zero gradient " + e.getKey());
                        }
                    }
                    trainer.step();
                }
                assertFalse(
                        java.util.Arrays.equals(
                                runningBefore,
                                params.get("encoder.layers.7.bn1.running_mean").getArray().toFloatArray()),
                        "running statistics updated in training");
                assertFalse(
                        java.util.Arrays.equals(
                                upBefore,
                                params.get("decoder.layers.0.conv.weight").getArray().toFloatArray()),
                        "transposed-conv weight updated by the optimizer");

                // a checkpoint can be loaded into parameters that carry gradients
                try (StateDict sd = StateDictLoader.export(params, manager, "snapshot")) {
                    params.get("decoder.output_conv.bias").getArray().subi(1f);
                    StateDictLoader.strict().load(sd, params);
                    assertArrayEquals(
                            sd.get("decoder.output_conv.bias").toFloatArray(),
                            params.get("decoder.output_conv.bias").getArray().toFloatArray());
                    assertTrue(params.get("decoder.output_conv.bias").getArray().hasGradient());
                }
            }
        }
    }

    @Test
    void trainingForwardIsDeterministicUnderEngineSeed() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            ErfNet net = ErfNet.builder().setNumClasses(3).build().initializeParameters(manager);
            NDArray x = manager.randomUniform(0f, 1f, new Shape(2, 3, 32, 64));
            Map<String, Parameter> params = net.stateDictParameters();
            try (StateDict initial = StateDictLoader.export(params, manager, "initial")) {
                float[][] runs = new float[3][];
                int[] seeds = {11, 11, 12};
                for (int i = 0; i < 3; i++) {
                    StateDictLoader.strict().load(initial, params); // reset running stats
                    Engine.getInstance().setRandomSeed(seeds[i]);
                    try (NDManager call = manager.newSubManager()) {
                        NDArray in = x.duplicate();
                        in.attach(call);
                        runs[i] = net.forward(new ParameterStore(call, false), new NDList(in), true)
                                .head().toFloatArray();
                    }
                }
                assertArrayEquals(runs[0], runs[1]);
                assertFalse(java.util.Arrays.equals(runs[0], runs[2]), "dropout depends on the seed");
            }
        }
    }

    @Test
    void invalidInputShapesAreRejectedClearly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ErfNet net = ErfNet.builder().setNumClasses(3).build().initializeParameters(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> net.forward(ps, new NDList(manager.zeros(new Shape(1, 3, 100, 64))), false));
            assertTrue(e.getMessage().contains("multiples of 32") && e.getMessage().contains("(1, 3, 100, 64)"),
                    e.getMessage());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> net.forward(ps, new NDList(manager.zeros(new Shape(1, 4, 64, 64))), false));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> net.forwardEncoder(ps, manager.zeros(new Shape(3, 64, 64)), false));
            assertThrows(IllegalStateException.class, () -> ErfNet.builder().build());
            assertThrows(IllegalStateException.class, () -> ErfNet.builder().setNumClasses(3).setNumClasses(4));
            assertThrows(IllegalArgumentException.class, () -> ErfNet.builder().optDropoutScale(4f));
        }
    }

    @Test
    void repeatedForwardsDoNotLeak() throws Exception {
        try (NDManager base = NDManager.newBaseManager()) {
            ErfNet net = ErfNet.builder().setNumClasses(20).optEncoderOutputConv(true).build();
            net.initializeParameters(base);
            ParameterStore ps = new ParameterStore(base, false);
            Shape shape = new Shape(1, 3, 64, 128);
            for (boolean training : new boolean[] {false, true}) {
                runOnce(net, ps, base, shape, training); // warm-up
                int before = base.getManagedArrays().size();
                for (int i = 0; i < 5; i++) {
                    runOnce(net, ps, base, shape, training);
                }
                assertEquals(before, base.getManagedArrays().size(), "training=" + training);
            }
        }
    }

    private static void runOnce(
            ErfNet net, ParameterStore ps, NDManager base, Shape shape, boolean training) {
        try (NDManager call = base.newSubManager()) {
            NDArray x = call.randomUniform(0f, 1f, shape);
            net.forward(ps, new NDList(x), training).head().toFloatArray();
            net.forwardEncoder(ps, x, training);
        }
    }
}
