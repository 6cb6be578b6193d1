package org.lifelongseg.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TrainingRandomTest {

    @Test
    void sameSeedSameDrawsAndReseedingRestarts() {
        TrainingRandom a = TrainingRandom.of(7);
        float[] first = a.nextUniform(100);
        assertArrayEquals(first, TrainingRandom.of(7).nextUniform(100));
        assertFalse(Arrays.equals(first, TrainingRandom.of(8).nextUniform(100)));
        assertFalse(Arrays.equals(first, a.nextUniform(100)), "the sequence goes on");
        a.reseed(7);
        assertArrayEquals(first, a.nextUniform(100));
    }

    @Test
    void drawsAreUniformInTheHalfOpenUnitInterval() {
        float[] u = TrainingRandom.of(1).nextUniform(100_000);
        double sum = 0;
        int below = 0;
        for (float v : u) {
            assertTrue(v >= 0f && v < 1f, "out of [0, 1): " + v);
            sum += v;
            below += v < 0.3f ? 1 : 0;
        }
        // standard errors: mean 0.0009, fraction 0.0014
        assertEquals(0.5, sum / u.length, 0.005);
        assertEquals(0.3, (double) below / u.length, 0.007);
    }

    @Test
    void arraysHoldTheDrawsInOrder() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = TrainingRandom.of(3).uniform(manager, new Shape(2, 3, 1, 1));
            assertEquals(new Shape(2, 3, 1, 1), x.getShape());
            assertArrayEquals(TrainingRandom.of(3).nextUniform(6), x.toFloatArray());
        }
    }

    @Test
    void bindingIsPerThreadAndRestoresTheOuterOne() throws Exception {
        assertTrue(TrainingRandom.current().isEmpty());
        TrainingRandom outer = TrainingRandom.of(1);
        TrainingRandom inner = TrainingRandom.of(2);
        try (TrainingRandom.Binding o = TrainingRandom.bind(outer)) {
            assertSame(outer, TrainingRandom.current().orElseThrow());
            assertTrue(CompletableFuture.supplyAsync(() -> TrainingRandom.current().isEmpty()).get(),
                    "another thread sees no generator");
            try (TrainingRandom.Binding i = TrainingRandom.bind(inner)) {
                assertSame(inner, TrainingRandom.current().orElseThrow());
            }
            assertSame(outer, TrainingRandom.current().orElseThrow());
        }
        assertTrue(TrainingRandom.current().isEmpty());
    }

    @Test
    void epochSeedsDifferByStepAndEpoch() {
        long s = TrainingRandom.epochSeed(1234, 1, 0);
        assertEquals(s, TrainingRandom.epochSeed(1234, 1, 0));
        assertNotEquals(s, TrainingRandom.epochSeed(1234, 1, 1));
        assertNotEquals(s, TrainingRandom.epochSeed(1234, 2, 0));
        assertNotEquals(s, TrainingRandom.epochSeed(4321, 1, 0));
    }
}
