package org.lifelongseg.erfnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.lifelongseg.erfnet.checkpoint.NpzStateDictReader;
import org.lifelongseg.erfnet.checkpoint.StateDict;
import org.lifelongseg.erfnet.checkpoint.StateDictLoader;

/**
 * The class-incremental layout: no encoder output conv, and an 11-channel head that is the first 11
 * channels of the 20-channel head gives the first 11 channels of the 20-class logits.
 */
class IncrementalLayoutTest {

    @Test
    void elevenClassHeadCutFromTwentyGivesFirstElevenChannels() throws Exception {
        String dir = ReferenceModels.TRAINED;
        try (NDManager manager = NDManager.newBaseManager();
                StateDict golden =
                        NpzStateDictReader.read(
                                ReferenceModels.golden(dir, "golden_small.npz"), manager);
                StateDict sd = NpzStateDictReader.read(ReferenceModels.stateDictNpz(dir), manager)) {
            NDArray input = golden.get("input_nchw");
            ParameterStore ps = new ParameterStore(manager, false);
            ErfNet net20 = ReferenceModels.loadReference(dir, manager);
            NDArray logits20 = net20.forward(ps, new NDList(input), false).singletonOrThrow();

            sd.remove("encoder.output_conv.weight");
            sd.remove("encoder.output_conv.bias");
            sd.put("decoder.output_conv.weight", sd.get("decoder.output_conv.weight").get(":, 0:11"));
            sd.put("decoder.output_conv.bias", sd.get("decoder.output_conv.bias").get("0:11"));
            ErfNet net11 = ErfNet.builder().setNumClasses(11).build();
            assertFalse(net11.hasEncoderOutputConv());
            net11.initializeParameters(manager);
            StateDictLoader.strict().load(sd, net11.stateDictParameters());
            assertEquals(2_063_671L, net11.parameterCount()); // reference protocol §4, C = 11

            NDArray logits11 = net11.forward(ps, new NDList(input), false).singletonOrThrow();
            assertEquals(new Shape(1, 11, 128, 256), logits11.getShape());
            assertArrayEquals(
                    logits20.get(":, 0:11").toFloatArray(), logits11.toFloatArray(), 0f);
        }
    }
}
