package org.lifelongseg.cityscapes.train;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.testing.TinyScenes;
import org.lifelongseg.core.train.LifelongTrainer;
import org.lifelongseg.core.train.listen.BatchReport;
import org.lifelongseg.core.train.listen.TrainerListener;
import org.lifelongseg.core.train.strategy.Strategies;
import org.lifelongseg.erfnet.train.ErfNetFactory;

/**
 * Timing harness (not a test by name): seconds per ERFNet training step through the trainer.
 * Run with {@code -Dtest=ErfNetStepTiming -Dtiming.height=192 -Dtiming.width=640 -Dtiming.batch=6}.
 */
class ErfNetStepTiming {

    @Test
    void timeTrainingSteps() throws Exception {
        int h = Integer.getInteger("timing.height", 192);
        int w = Integer.getInteger("timing.width", 640);
        int b = Integer.getInteger("timing.batch", 6);
        List<Double> seconds = new ArrayList<>();
        TrainerListener l = new TrainerListener() {
            @Override
            public void onBatchEnd(BatchReport r) {
                seconds.add(r.seconds());
            }
        };
        LifelongTrainer.forTasks(TinyScenes.sequence()).model(new ErfNetFactory())
                .data(new TinyScenes(h, w, 2 * b, 0)).strategy(Strategies.staticTraining())
                .batchSize(b).epochs(3).listeners(l).trainStep(0).close();
        System.out.println("ERFNet training step " + b + "x3x" + h + "x" + w + " seconds: " + seconds
                + " (threads: " + Runtime.getRuntime().availableProcessors() + " cores)");
    }
}
