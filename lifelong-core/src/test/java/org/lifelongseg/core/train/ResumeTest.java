package org.lifelongseg.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.checkpoint.Checkpoint;
import org.lifelongseg.core.testing.TinyConvFactory;
import org.lifelongseg.core.testing.TinyScenes;
import org.lifelongseg.core.train.listen.TrainerListener;
import org.lifelongseg.core.train.strategy.Strategies;

/** An interrupted and resumed run ends bitwise identical to an uninterrupted one. */
@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class ResumeTest {

    private static LifelongTrainer.Builder trainer(Path dir) {
        return LifelongTrainer.forTasks(TinyScenes.sequence())
                .model(new TinyConvFactory())
                .data(new TinyScenes(16, 32, 6, 2))
                .strategy(Strategies.fineTuning())
                .optimizer(OptimizerSettings.builder().optLearningRate(5e-3).build())
                .batchSize(2)
                .epochs(4)
                .seed(42)
                .checkpoints(dir, 1);
    }

    private static Map<String, float[]> snapshot(TrainingResult r) {
        Map<String, float[]> out = new LinkedHashMap<>();
        TinyConvFactory f = new TinyConvFactory();
        for (StepResult s : r.steps()) {
            for (Map.Entry<String, Parameter> e : f.namedParameters(s.block()).entrySet()) {
                out.put(s.step() + "/" + e.getKey(), e.getValue().getArray().toFloatArray());
            }
        }
        return out;
    }

    @Test
    void resumedRunIsBitwiseIdentical(@TempDir Path a, @TempDir Path b) throws IOException {
        Map<String, float[]> straight;
        List<Double> straightLosses;
        try (TrainingResult r = trainer(a).train()) {
            straight = snapshot(r);
            straightLosses = r.step(1).epochs().stream().map(EpochRecord::loss).toList();
        }
        // crash right after the checkpoint of epoch 1 of step 1
        TrainerListener crash = new TrainerListener() {
            @Override
            public void onCheckpoint(Checkpoint c) {
                if (c.directory().toString().contains("tiny_B") && c.epoch() == 1) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> trainer(b).listeners(crash).train());
        Map<String, float[]> resumed;
        try (TrainingResult r = trainer(b).resume().train()) {
            resumed = snapshot(r);
            assertEquals(straightLosses, r.step(1).epochs().stream().map(EpochRecord::loss).toList());
        }
        assertEquals(straight.keySet(), resumed.keySet());
        for (String k : straight.keySet()) {
            assertArrayEquals(straight.get(k), resumed.get(k), k);
        }
    }

    @Test
    void anotherSeedChangesTheParameters(@TempDir Path a, @TempDir Path b) throws IOException {
        try (StepResult x = trainer(a).trainStep(0);
                StepResult y = LifelongTrainer.forTasks(TinyScenes.sequence()).model(new TinyConvFactory())
                        .data(new TinyScenes(16, 32, 6, 2)).strategy(Strategies.fineTuning())
                        .optimizer(OptimizerSettings.builder().optLearningRate(5e-3).build())
                        .batchSize(2).epochs(4).seed(43).checkpoints(b, 1).trainStep(0)) {
            TinyConvFactory f = new TinyConvFactory();
            Parameter px = f.namedParameters(x.block()).values().iterator().next();
            Parameter py = f.namedParameters(y.block()).values().iterator().next();
            assertFalse(java.util.Arrays.equals(px.getArray().toFloatArray(), py.getArray().toFloatArray()));
        }
    }
}
