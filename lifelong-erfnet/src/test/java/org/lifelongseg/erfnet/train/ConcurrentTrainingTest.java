package org.lifelongseg.erfnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.testing.TinyScenes;
import org.lifelongseg.core.train.LifelongTrainer;
import org.lifelongseg.core.train.OptimizerSettings;
import org.lifelongseg.core.train.StepResult;
import org.lifelongseg.core.train.strategy.Strategies;

/**
 * Trainings that run at the same time in one process end bitwise identical to the same trainings
 * run one after the other: each draws its dropout masks from its own generator, not from the
 * engine's, which a third thread keeps reseeding and drawing from meanwhile.
 */
class ConcurrentTrainingTest {

    private static Map<String, float[]> train(long seed) throws Exception {
        ErfNetFactory factory = new ErfNetFactory();
        try (StepResult r = LifelongTrainer.forTasks(TinyScenes.sequence())
                .model(factory)
                .data(new TinyScenes(32, 64, 4, 0))
                .strategy(Strategies.staticTraining())
                .optimizer(OptimizerSettings.builder().optLearningRate(2e-3).build())
                .batchSize(2).epochs(2).seed(seed)
                .trainStep(0)) {
            Map<String, float[]> out = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : factory.namedParameters(r.block()).entrySet()) {
                out.put(e.getKey(), e.getValue().getArray().toFloatArray());
            }
            return out;
        }
    }

    @Test
    void concurrentTrainingsEqualSequentialOnes() throws Exception {
        Map<String, float[]> a = train(1);
        Map<String, float[]> b = train(2);
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<Void> noise = CompletableFuture.runAsync(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                for (int i = 0; running.get(); i++) {
                    Engine.getInstance().setRandomSeed(i);
                    m.randomUniform(0f, 1f, new Shape(64)).close();
                }
            }
        });
        CompletableFuture<Map<String, float[]>> a2 = CompletableFuture.supplyAsync(() -> call(1));
        CompletableFuture<Map<String, float[]>> b2 = CompletableFuture.supplyAsync(() -> call(2));
        Map<String, float[]> ca = a2.get();
        Map<String, float[]> cb = b2.get();
        running.set(false);
        noise.get();
        assertEquals(a.keySet(), ca.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), ca.get(k), "seed 1: " + k);
            assertArrayEquals(b.get(k), cb.get(k), "seed 2: " + k);
        }
        assertFalse(java.util.Arrays.equals(a.get("encoder.layers.1.bn1.weight"),
                b.get("encoder.layers.1.bn1.weight")), "the seeds train different models");
    }

    private static Map<String, float[]> call(long seed) {
        try {
            return train(seed);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
