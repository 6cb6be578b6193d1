package org.lifelongseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.examples.testing.ChildJvm;

/**
 * A signal stops the main job in order: SIGTERM while three trainings run at once (fine-tuning,
 * distillation and the joint baseline) makes each stop after its batch, the command report where
 * it stopped, and the JVM exit with the signal's status and no crash report.
 */
class OrderlyStopTest {

    private static final int SIGTERMED = 143;

    @Test
    void sigtermDuringTheConcurrentTrainingsStopsThemBeforeTheJvmExits(@TempDir Path dir) throws Exception {
        AtomicBoolean sent = new AtomicBoolean();
        ChildJvm child = ChildJvm.start(dir, List.of("pipeline", "--synthetic-dir", dir.resolve("data").toString(),
                "--synthetic-frames", "2", "--num-epochs", "8", "--batch-size", "2", "--no-progress",
                "--no-recognition", "--output", dir.resolve("out").toString(),
                "--leaderboard", dir.resolve("leaderboard.csv").toString()), (c, line) -> {
                    // both incremental methods have started beside the joint baseline
                    if (line.contains("Tasks 2 to 3 by") && line.contains("distill") && sent.compareAndSet(false, true)) {
                        c.terminate();
                    }
                });
        int exit = child.await(300);
        String transcript = child.transcript();
        assertTrue(sent.get(), "the incremental steps never started:\n" + transcript);
        assertEquals(SIGTERMED, exit, transcript);
        assertTrue(transcript.contains("lifelong: stopping on a signal"), transcript);
        assertTrue(transcript.contains("pipeline: ") && transcript.contains("interrupted"),
                "the command returned and said where it stopped:\n" + transcript);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("hs_err"))
                    .toList(), transcript);
        }
    }
}
