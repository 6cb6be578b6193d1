package org.lifelongseg.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.metrics.AccuracyMatrix;

class RunResultsTest {

    private static MethodResult.Builder method(String name) {
        return MethodResult.builder(name).setTaskScores(Map.of("task1", 0.5));
    }

    @Test
    void accessors() {
        RunResults run = ReportFixtures.run(false);
        assertEquals(List.of("task1", "task2", "task12", "task3", "task123"), run.taskKeys().keys());
        assertEquals(List.of("task1", "task2", "task3"), run.taskNames());
        assertEquals(19, run.classNames().size());
        assertEquals(2, run.taskOf("traffic sign"));
        assertEquals(0, run.taskOf("unicorn"));
        assertEquals(Duration.ofSeconds(23467), run.duration().orElseThrow());
        assertEquals("Lifelong semantic segmentation — cityscapes", run.title());
        MethodResult d = run.method("distill").orElseThrow();
        assertEquals(0.598, d.taskScore("task123"), 0.0);
        assertTrue(Double.isNaN(MethodResult.builder("x").setTaskScores(Map.of()).build().taskScore("task1")));
        assertEquals(3, d.lifelong().orElseThrow().averageSeenTaskScore().size());
    }

    @Test
    void rejectsInconsistentResultsWithClearMessages() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunResults.builder()
                .setDataset("d").setNumTasks(2)
                .addMethod(MethodResult.builder("m").setTaskScores(Map.of("task123", 0.5)).build())
                .build());
        assertTrue(e.getMessage().contains("'task123'") && e.getMessage().contains("'m'"), e.getMessage());

        e = assertThrows(IllegalStateException.class, () -> RunResults.builder()
                .setDataset("d").setNumTasks(3)
                .addMethod(method("m").optAccuracyMatrix(AccuracyMatrix.of(new double[][] {{0, 0}, {1, 0}, {1, 1}})).build())
                .build());
        assertTrue(e.getMessage().contains("accuracy matrix has 2 tasks"), e.getMessage());

        e = assertThrows(IllegalStateException.class, () -> RunResults.builder()
                .setDataset("d").setNumTasks(1).optTaskClasses(List.of(List.of("road")))
                .addMethod(method("m").optClassIoU(Map.of("sky", 0.5)).build())
                .build());
        assertTrue(e.getMessage().contains("'sky'"), e.getMessage());

        assertThrows(IllegalStateException.class, () -> RunResults.builder().setDataset("d").setNumTasks(1).build());
        assertThrows(IllegalStateException.class, () -> RunResults.builder().setDataset("a").setDataset("b"));
        assertThrows(IllegalArgumentException.class, () -> RunResults.builder().addMethod(method("m").build())
                .addMethod(method("m").build()));
        assertThrows(IllegalArgumentException.class,
                () -> RunResults.builder().optTaskClasses(List.of(List.of("a"), List.of("a"))));
    }

    @Test
    void methodValidation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MethodResult.builder("m").setTaskScores(Map.of("task1", 84.5)));
        assertTrue(e.getMessage().contains("fraction") && e.getMessage().contains("task1"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> MethodResult.builder("m").build());
        assertThrows(IllegalStateException.class, () -> method("m").setTaskScores(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> method("m").addCurve(1,
                List.of(EpochStats.of(2, 1, 0.1), EpochStats.of(1, 1, 0.1))));
        assertThrows(IllegalArgumentException.class, () -> EpochStats.of(1, 1, 1.5));
        RgbImage img = new RgbImage(2, 1, new byte[6]);
        e = assertThrows(IllegalArgumentException.class,
                () -> new SamplePrediction("s", img, new int[] {0, 1, 2}, new int[] {0, 1}));
        assertTrue(e.getMessage().contains("'s'") && e.getMessage().contains("2x1"), e.getMessage());
        SamplePrediction s = new SamplePrediction("s", img, new int[] {0, 255}, new int[] {0, 3});
        assertEquals(1.0, s.pixelAccuracy(255), 0.0);
    }

    @Test
    void taskNamesDecideTheKeys() {
        RunResults named = ReportFixtures.namedRun();
        assertEquals(List.of("ground", "things", "all"), named.taskKeys().keys());
        assertEquals(List.of("ground", "things"), named.taskNames());
        assertEquals(0.55, LeaderboardEntry.forMethod(named, named.methods().get(0)).build().metrics().get("accuracy"),
                0.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunResults.builder()
                .setDataset("d").setNumTasks(2).optTaskNames(List.of("ground", "things"))
                .addMethod(MethodResult.builder("m").setTaskScores(Map.of("task12", 0.5)).build())
                .build());
        assertTrue(e.getMessage().contains("'task12'") && e.getMessage().contains("[ground, things, all]"),
                e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> RunResults.builder()
                .setDataset("d").setNumTasks(3).optTaskNames(List.of("ground", "things"))
                .addMethod(MethodResult.builder("m").setTaskScores(Map.of()).build())
                .build());
        assertTrue(e.getMessage().contains("task names given for 2 tasks but the run has 3"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> RunResults.builder().optTaskNames(List.of("a")).optTaskNames(List.of("a")));
    }
}
