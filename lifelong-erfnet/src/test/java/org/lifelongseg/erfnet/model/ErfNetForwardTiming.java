package org.lifelongseg.erfnet.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.lifelongseg.core.testing.SharedTestData;

/**
 * A measurement, not a test: 1x3x512x1024 FP32 inference time of the ErfNet block and of the
 * reference TorchScript in the same JVM. Run with {@code -Dlifelong.timing=true}.
 */
@EnabledIfSystemProperty(named = "lifelong.timing", matches = "true")
class ErfNetForwardTiming {

    private static final int WARMUP = 5;
    private static final int RUNS = 10;

    interface Forward {
        NDArray run(NDManager call, NDArray input) throws Exception;
    }

    @Test
    void timeBlockAndTorchScript() throws Exception {
        Path dir = SharedTestData.require(ReferenceModels.RANDOM);
        Shape shape = new Shape(1, 3, 512, 1024);
        try (NDManager manager = NDManager.newBaseManager()) {
            ErfNet net = ReferenceModels.loadReference(ReferenceModels.RANDOM, manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray input = manager.randomUniform(0f, 1f, shape);
            try (Model ts = Model.newInstance("ts", Device.cpu(), "PyTorch")) {
                ts.load(dir, "erfnet20_seed0_traced");
                try (Predictor<NDList, NDList> predictor = ts.newPredictor(new NoopTranslator())) {
                    Forward block = (call, x) -> net.forward(ps, new NDList(x), false).head();
                    Forward encoder = (call, x) -> net.forwardEncoder(ps, x, false).head();
                    Forward script = (call, x) -> predictor.predict(new NDList(x)).head();
                    try (NDManager call = manager.newSubManager()) {
                        NDArray x = input.duplicate();
                        x.attach(call);
                        NDArray a = block.run(call, x);
                        NDArray b = script.run(call, x);
                        System.out.printf(
                                "block vs TorchScript max |diff| %.3g (max |v| %.3g)%n",
                                a.sub(b).abs().max().getFloat(), b.abs().max().getFloat());
                    }
                    for (int round = 0; round < 3; round++) {
                        report("ErfNet block", time(manager, input, block));
                        report("TorchScript  ", time(manager, input, script));
                        report("block encoder", time(manager, input, encoder));
                    }
                }
            }
        }
    }

    private static double[] time(NDManager manager, NDArray input, Forward f) throws Exception {
        double[] ms = new double[RUNS];
        for (int i = 0; i < WARMUP + RUNS; i++) {
            try (NDManager call = manager.newSubManager()) {
                // the input must live in the call's manager: every intermediate result is
                // created in its first operand's manager
                NDArray x = input.duplicate();
                x.attach(call);
                long t0 = System.nanoTime();
                NDArray out = f.run(call, x);
                out.toFloatArray(); // force completion
                long t1 = System.nanoTime();
                if (i >= WARMUP) {
                    ms[i - WARMUP] = (t1 - t0) / 1e6;
                }
            }
        }
        return ms;
    }

    private static void report(String what, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = (sorted[RUNS / 2 - 1] + sorted[RUNS / 2]) / 2;
        System.out.printf("%s 1x3x512x1024: median %.1f ms, min %.1f ms, max %.1f ms%n",
                what, median, sorted[0], sorted[RUNS - 1]);
    }
}
