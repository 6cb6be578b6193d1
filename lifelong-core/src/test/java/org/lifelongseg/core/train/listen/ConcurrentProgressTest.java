package org.lifelongseg.core.train.listen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableMap;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.task.ClassSpace;

class ConcurrentProgressTest {

    @Test
    void oneLineShowsEveryRunningTrainingAndFinishedStepsGetTheirOwn() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConcurrentProgress progress = new ConcurrentProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        TrainerListener a = progress.track("finetune");
        TrainerListener b = progress.track("joint");
        ClassSpace classes = ClassSpace.of(java.util.List.of("x", "y"));
        a.onStepStart(new StepStart(1, "task2", classes, "finetune", 0, 17, 28, 3));
        b.onStepStart(new StepStart(0, "joint", classes, "joint", 0, 17, 68, 3));
        b.onBatchEnd(new BatchReport(0, 0, 4, 68, 3, ImmutableMap.of("loss", 1.0), 0.1));
        a.onStepEnd(null);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("finetune task2 ep 1/17 | joint joint ep 1/17"), text);
        assertTrue(text.contains("\nfinetune: task2 done in 0:00:00") || text.contains("\rfinetune: task2 done in"), text);
    }
}
