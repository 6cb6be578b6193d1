package org.lifelongseg.erfnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lifelongseg.erfnet.checkpoint.NpzStateDictReader;
import org.lifelongseg.erfnet.checkpoint.StateDict;

/** ERFNet against the PyTorch goldens of the random-weight and the trained reference. */
@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class ErfNetParityTest {

    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {ReferenceModels.RANDOM, ReferenceModels.TRAINED})
    void stateDictKeysMatchPyTorchOrderAndCount(String dir) throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict sd = NpzStateDictReader.read(ReferenceModels.stateDictNpz(dir), manager)) {
            ErfNet net = ErfNet.builder().setNumClasses(20).optEncoderOutputConv(true).build();
            net.initializeParameters(manager);
            List<String> expected =
                    sd.keys().stream()
                            .filter(k -> !k.endsWith(".num_batches_tracked"))
                            .collect(Collectors.toList());
            assertEquals(345, sd.size());
            assertEquals(expected, new ArrayList<>(net.stateDictParameters().keySet()));
            long learnable =
                    net.stateDictParameters().values().stream()
                            .filter(p -> p.requiresGradient())
                            .mapToLong(p -> p.getArray().size())
                            .sum();
            assertEquals(2_066_836L, learnable); // fixtures_info.json n_learnable_params
            assertEquals(learnable, net.parameterCount());
            ErfNet noEncoderHead = ErfNet.builder().setNumClasses(19).build();
            assertEquals(2_064_191L, noEncoderHead.parameterCount()); // reference protocol §4
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ReferenceModels.RANDOM, ReferenceModels.TRAINED})
    void goldenSmallEncoderAndLogits(String dir) throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict golden =
                        NpzStateDictReader.read(
                                ReferenceModels.golden(dir, "golden_small.npz"), manager)) {
            ErfNet net = ReferenceModels.loadReference(dir, manager);
            NDArray input = golden.get("input_nchw");
            ParameterStore ps = new ParameterStore(manager, false);
            NDList encoder = net.forwardEncoder(ps, input, false);
            double featErr =
                    ReferenceModels.relativeMaxError(encoder.get(0), golden.get("encoder_features"));
            double encLogitErr =
                    ReferenceModels.relativeMaxError(
                            encoder.get(1), golden.get("encoder_only_logits"));
            NDArray logits = net.forward(ps, new NDList(input), false).singletonOrThrow();
            assertEquals(new Shape(1, 20, 128, 256), logits.getShape());
            double logitErr = ReferenceModels.relativeMaxError(logits, golden.get("logits"));
            System.out.printf(
                    "[%s] golden_small relative max error: encoder_features %.3g,"
                            + " encoder_only_logits %.3g, logits %.3g%n",
                    dir, featErr, encLogitErr, logitErr);
            assertTrue(featErr < TOLERANCE, "encoder_features error " + featErr);
            assertTrue(encLogitErr < TOLERANCE, "encoder_only_logits error " + encLogitErr);
            assertTrue(logitErr < TOLERANCE, "logits error " + logitErr);
            NDArray argmax = logits.argMax(1).squeeze(0).toType(DataType.INT32, false);
            NDArray goldenArgmax = golden.get("argmax").toType(DataType.INT32, false);
            long agree = argmax.eq(goldenArgmax).sum().getLong();
            assertTrue(agree >= 128 * 256 - 3, "argmax agreement " + agree + " / " + 128 * 256);

            // the same through DJL's Model / Predictor path
            try (Model model = Model.newInstance("erfnet")) {
                model.setBlock(net);
                try (Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator());
                        NDManager call = manager.newSubManager()) {
                    NDArray in = input.duplicate();
                    in.attach(call);
                    NDArray out = predictor.predict(new NDList(in)).singletonOrThrow();
                    assertArrayEquals(logits.toFloatArray(), out.toFloatArray(), 1e-6f);
                }
            }
        }
    }

    @Test
    void parityCheckDetectsAPerturbedBatchNorm() throws Exception {
        String dir = ReferenceModels.RANDOM;
        try (NDManager manager = NDManager.newBaseManager();
                StateDict golden =
                        NpzStateDictReader.read(
                                ReferenceModels.golden(dir, "golden_small.npz"), manager)) {
            ErfNet net = ReferenceModels.loadReference(dir, manager);
            net.stateDictParameters().get("decoder.layers.4.bn2.running_var").getArray().muli(2f);
            NDArray logits =
                    net.forward(new ParameterStore(manager, false),
                                    new NDList(golden.get("input_nchw")), false)
                            .singletonOrThrow();
            double err = ReferenceModels.relativeMaxError(logits, golden.get("logits"));
            assertTrue(err > 100 * TOLERANCE, "perturbation not detected: " + err);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ReferenceModels.RANDOM, ReferenceModels.TRAINED})
    void golden1024x512ArgmaxAndSampledLogits(String dir) throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict golden =
                        NpzStateDictReader.read(
                                ReferenceModels.golden(dir, "golden_1024x512.npz"), manager)) {
            ErfNet net = ReferenceModels.loadReference(dir, manager);
            NDArray input =
                    golden.get("input_uint8_hwc")
                            .toType(DataType.FLOAT32, false)
                            .div(255f)
                            .transpose(2, 0, 1)
                            .expandDims(0);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray logits = net.forward(ps, new NDList(input), false).singletonOrThrow();
            int h = 512;
            int w = 1024;
            int c = 20;
            assertEquals(new Shape(1, c, h, w), logits.getShape());
            float[] out = logits.toFloatArray();
            byte[] goldenArgmax = golden.get("argmax").toByteArray();

            // argmax agreement; a disagreement is a tie if our own top-2 logits are that close
            int disagree = 0;
            int nonTie = 0;
            float tie = 1e-5f * 12f;
            for (int p = 0; p < h * w; p++) {
                int best = 0;
                float bestV = out[p];
                float second = Float.NEGATIVE_INFINITY;
                for (int k = 1; k < c; k++) {
                    float v = out[k * h * w + p];
                    if (v > bestV) {
                        second = bestV;
                        bestV = v;
                        best = k;
                    } else if (v > second) {
                        second = v;
                    }
                }
                if (best != Byte.toUnsignedInt(goldenArgmax[p])) {
                    disagree++;
                    if (bestV - second > tie) {
                        nonTie++;
                    }
                }
            }
            double agreement = 1.0 - (double) disagree / (h * w);
            // sampled logits
            long[] ys = golden.get("sample_y").toLongArray();
            long[] xs = golden.get("sample_x").toLongArray();
            float[] sample = golden.get("sample_logits").toFloatArray();
            double maxAbs = 0;
            double maxErr = 0;
            for (int i = 0; i < ys.length; i++) {
                int p = (int) (ys[i] * w + xs[i]);
                for (int k = 0; k < c; k++) {
                    float g = sample[i * c + k];
                    maxAbs = Math.max(maxAbs, Math.abs(g));
                    maxErr = Math.max(maxErr, Math.abs(out[k * h * w + p] - g));
                }
            }
            // per-channel statistics over the full image
            NDArray perChannel = logits.squeeze(0).reshape(c, (long) h * w);
            double meanErr =
                    perChannel.mean(new int[] {1}).sub(golden.get("ch_mean")).abs().max().getFloat();
            double minErr =
                    perChannel.min(new int[] {1}).sub(golden.get("ch_min")).abs().max().getFloat();
            double maxStatErr =
                    perChannel.max(new int[] {1}).sub(golden.get("ch_max")).abs().max().getFloat();
            System.out.printf(
                    "[%s] golden_1024x512: argmax agreement %.6f%% (%d differ, %d not near-ties),"
                            + " sample_logits max err %.3g / max |v| %.3g = %.3g,"
                            + " channel mean/min/max err %.3g/%.3g/%.3g%n",
                    dir, 100 * agreement, disagree, nonTie, maxErr, maxAbs, maxErr / maxAbs,
                    meanErr, minErr, maxStatErr);
            assertTrue(agreement >= 0.9999, "argmax agreement " + agreement);
            assertEquals(0, nonTie, "argmax disagreements that are not near-ties");
            assertTrue(maxErr / maxAbs < TOLERANCE, "sample_logits error " + maxErr / maxAbs);
            double chScale = golden.get("ch_max").abs().max().getFloat();
            assertTrue(meanErr / chScale < TOLERANCE, "ch_mean error " + meanErr);
            assertTrue(minErr / chScale < TOLERANCE, "ch_min error " + minErr);
            assertTrue(maxStatErr / chScale < TOLERANCE, "ch_max error " + maxStatErr);
        }
    }
}
