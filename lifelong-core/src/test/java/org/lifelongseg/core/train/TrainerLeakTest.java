package org.lifelongseg.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.testing.TinyConvFactory;
import org.lifelongseg.core.testing.TinyScenes;
import org.lifelongseg.core.train.listen.BatchReport;
import org.lifelongseg.core.train.listen.TrainerListener;
import org.lifelongseg.core.train.strategy.Strategies;

/** 500 training steps with a teacher, validation and checkpoints: native arrays and heap stay flat. */
class TrainerLeakTest {

    static int liveArrays() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void fiveHundredStepsDoNotLeak(@TempDir Path dir) throws IOException {
        List<int[]> arrays = new ArrayList<>();
        List<long[]> heap = new ArrayList<>();
        int[] steps = {0};
        TrainerListener probe = new TrainerListener() {
            @Override
            public void onBatchEnd(BatchReport b) {
                steps[0]++;
                if (steps[0] == 50 || steps[0] == 500) {
                    arrays.add(new int[] {steps[0], liveArrays()});
                    heap.add(new long[] {steps[0], usedHeap()});
                }
            }
        };
        TinyScenes data = new TinyScenes(32, 64, 4, 2);
        try (StepResult s0 = LifelongTrainer.forTasks(TinyScenes.sequence()).model(new TinyConvFactory())
                .data(data).strategy(Strategies.staticTraining()).batchSize(2).epochs(1).trainStep(0);
                Teacher teacher = s0.asTeacher();
                StepResult s1 = LifelongTrainer.forTasks(TinyScenes.sequence()).model(new TinyConvFactory())
                        .data(data).strategy(LifelongTrainerTest.distillLike()).withTeacher(teacher)
                        .batchSize(2).epochs(250).validateEvery(50).checkpoints(dir, 100)
                        .listeners(probe).trainStep(1)) {
            assertEquals(250, s1.epochs().size());
        }
        System.out.println("live NDArrays (step, count): " + arrays.stream()
                .map(a -> a[0] + ":" + a[1]).toList() + ", heap (step, MB): "
                + heap.stream().map(h -> h[0] + ":" + h[1] / (1 << 20)).toList());
        assertEquals(2, arrays.size());
        assertEquals(arrays.get(0)[1], arrays.get(1)[1], "live NDArrays after 50 and 500 steps");
        assertTrue(heap.get(1)[1] - heap.get(0)[1] < 32L << 20, "heap grew by more than 32 MB");
    }
}
