package org.lifelongseg.erfnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ChannelDropoutTest {

    private static final int N = 16;
    private static final int C = 256;
    private static final int HW = 12;

    private static float[] run(ChannelDropout d, NDManager manager, NDArray x, boolean training) {
        return d.forward(new ParameterStore(manager, false), new NDList(x), training)
                .singletonOrThrow()
                .toFloatArray();
    }

    @Test
    void inferenceIsIdentity() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ChannelDropout d = ChannelDropout.builder().optRate(0.3f).build();
            NDArray x = manager.randomNormal(new Shape(2, 8, 3, 4));
            assertArrayEquals(x.toFloatArray(), run(d, manager, x, false));
        }
    }

    @Test
    void trainingZeroesWholeChannelsAtRatePAndKeepsTheExpectedValue() {
        float p = 0.3f;
        try (NDManager manager = NDManager.newBaseManager()) {
            ChannelDropout d = ChannelDropout.builder().optRate(p).build();
            NDArray x = manager.ones(new Shape(N, C, 3, 4));
            float[] y = run(d, manager, x, true);
            int dropped = 0;
            double sum = 0;
            for (int ch = 0; ch < N * C; ch++) {
                float first = y[ch * HW];
                for (int k = 0; k < HW; k++) {
                    assertEquals(first, y[ch * HW + k], 0f, "channel " + ch + " not uniform");
                    sum += y[ch * HW + k];
                }
                if (first == 0f) {
                    dropped++;
                } else {
                    assertEquals(1f / (1f - p), first, 1e-6f);
                }
            }
            double rate = (double) dropped / (N * C);
            double mean = sum / (N * C * HW);
            // 4096 channels: standard error of the rate 0.007
            assertEquals(p, rate, 0.035, "drop rate");
            assertEquals(1.0, mean, 0.05, "expected value");
        }
    }

    @Test
    void deterministicUnderEngineSeed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ChannelDropout d = ChannelDropout.builder().optRate(0.5f).build();
            NDArray x = manager.ones(new Shape(4, 64, 2, 2));
            Engine.getInstance().setRandomSeed(1234);
            float[] a = run(d, manager, x, true);
            Engine.getInstance().setRandomSeed(1234);
            float[] b = run(d, manager, x, true);
            Engine.getInstance().setRandomSeed(4321);
            float[] c = run(d, manager, x, true);
            assertArrayEquals(a, b);
            assertFalse(Arrays.equals(a, c));
        }
    }

    @Test
    void rateIsValidatedAndSetOnce() {
        assertThrows(IllegalArgumentException.class, () -> ChannelDropout.builder().optRate(1f));
        assertThrows(IllegalArgumentException.class, () -> ChannelDropout.builder().optRate(-0.1f));
        assertThrows(
                IllegalStateException.class,
                () -> ChannelDropout.builder().optRate(0.1f).optRate(0.2f));
        assertEquals(0.5f, ChannelDropout.builder().build().rate());
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.ones(new Shape(2, 3, 2, 2));
            ChannelDropout zero = ChannelDropout.builder().optRate(0f).build();
            assertTrue(Arrays.equals(x.toFloatArray(), run(zero, manager, x, true)));
        }
    }
}
