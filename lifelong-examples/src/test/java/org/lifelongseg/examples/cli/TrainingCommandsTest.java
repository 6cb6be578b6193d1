package org.lifelongseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's command chain on a tiny synthetic dataset (1 epoch, 2 frames per city): the checks are
 * about files, folders, keys and exit codes, not accuracy.
 */
@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class TrainingCommandsTest {

    @TempDir Path dir;

    private String[] common(String... more) {
        return CliRun.tinyTraining(dir, more);
    }

    @Test
    void staticThenIncrementalThenEvaluate() throws Exception {
        CliRun stage1 = CliRun.of(common("train-static", "--model-name", "set1", "--train-set", "1", "--city"));
        assertEquals(0, stage1.exitCode(), stage1.err());
        Path weights = dir.resolve("ck/set1/models/weights_0");
        assertTrue(Files.isDirectory(weights), "checkpoint folder " + weights);

        CliRun stage2 = CliRun.of(common("train-incremental", "--model-name", "set12", "--train-set", "2",
                "--teachers", "set1", "0", "1"));
        assertEquals(0, stage2.exitCode(), stage2.err());
        assertTrue(stage2.out().contains("11 classes"), stage2.out());
        assertTrue(Files.isDirectory(dir.resolve("ck/set12/models/weights_0")));
        // the small-data defaults: the incremental step at its own rate, as in the pipeline
        assertTrue(Files.readString(weights.resolve("checkpoint.json"))
                .contains("\"optimizer.learningRate\": \"" + PipelineDefaults.SYNTHETIC_LEARNING_RATE + "\""));
        assertTrue(Files.readString(dir.resolve("ck/set12/models/weights_0/checkpoint.json")).contains(
                "\"optimizer.learningRate\": \"" + PipelineDefaults.SYNTHETIC_INCREMENTAL_LEARNING_RATE + "\""));
        // and ERFNet without dropout on the synthetic dataset, recorded with the architecture
        assertTrue(Files.readString(weights.resolve("checkpoint.json"))
                .contains("\"model.dropoutScale\": \"" + PipelineDefaults.SYNTHETIC_DROPOUT_SCALE + "\""));
        CliRun badDropout = CliRun.of(common("train-static", "--model-name", "d", "--train-set", "1",
                "--dropout-scale", "4"));
        assertEquals(2, badDropout.exitCode());
        assertTrue(badDropout.firstErrLine().contains("--dropout-scale")
                && badDropout.firstErrLine().contains("0.3 * scale < 1"), badDropout.err());

        String[] eval = {"evaluate", "--load-model-name", "set12", "--train-set", "12", "--weights-epoch", "0",
            "--task-to-val", "12", "--checkpoint-root", dir.resolve("ck").toString(),
            "--synthetic-dir", dir.resolve("data").toString(), "--synthetic-frames", "2"};
        // CITYSCAPES_DATASET set but empty means unset: the synthetic dataset, not a Cityscapes root ""
        CliRun ev = CliRun.withEnvironment(Map.of("CITYSCAPES_DATASET", ""), eval);
        assertEquals(0, ev.exitCode(), ev.err());
        assertTrue(ev.out().contains("miou | maccuracy"), ev.out());
        Path json = dir.resolve("ck/set12/eval_synthetic_task_to_val12/eval_0.json");
        JsonObject result = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        double miou = result.get("mean_IoU").getAsDouble();
        assertTrue(miou >= 0 && miou <= 1, "mIoU " + miou);
        assertEquals(11, result.getAsJsonObject("class_IoU").size());

        CliRun missingTeacher = CliRun.of(common("train-incremental", "--model-name", "x", "--train-set", "3",
                "--teachers", "nope", "0"));
        assertEquals(2, missingTeacher.exitCode());
        assertTrue(missingTeacher.firstErrLine().contains("nope"), missingTeacher.err());

        CliRun wrongTeacher = CliRun.of(common("train-incremental", "--model-name", "y", "--train-set", "3",
                "--teachers", "set1", "0"));
        assertEquals(1, wrongTeacher.exitCode(), "a 5-class teacher for task 3 (needs 11): " + wrongTeacher.err());

        CliRun again = CliRun.of(common("train-static", "--model-name", "set1", "--train-set", "1", "--city"));
        assertEquals(1, again.exitCode(), "existing checkpoints are not overwritten without --resume");
    }

    @Test
    void evaluateNamesTheTasksOfATasksFileOnCityscapes() throws Exception {
        // --tasks replaces the protocol for evaluate as for the train commands: --train-set and
        // --task-to-val name tasks of the file (here on the synthetic Cityscapes tree)
        Path tasks = dir.resolve("tasks.json");
        Files.writeString(tasks, """
                {"format": "lifelong-task-sequence/1", "mode": "FILTER_ONLY",
                 "tasks": [
                   {"name": "flat", "classes": ["road", "sidewalk"], "images": {"type": "groups", "groups": ["aachen"]}},
                   {"name": "nature", "classes": ["vegetation", "sky"], "images": {"type": "groups", "groups": ["jena"]}}
                 ]}
                """);
        CliRun train = CliRun.of(common("train-static", "--model-name", "flat", "--train-set", "flat",
                "--tasks", tasks.toString()));
        assertEquals(0, train.exitCode(), train.err());
        String[] eval = {"evaluate", "--load-model-name", "flat", "--train-set", "flat", "--weights-epoch", "0",
            "--task-to-val", "flat", "--tasks", tasks.toString(), "--checkpoint-root", dir.resolve("ck").toString(),
            "--synthetic-dir", dir.resolve("data").toString(), "--synthetic-frames", "2"};
        CliRun ev = CliRun.of(eval);
        assertEquals(0, ev.exitCode(), ev.err());
        JsonObject result = JsonParser.parseString(Files.readString(
                dir.resolve("ck/flat/eval_synthetic_task_to_valflat/eval_0.json"))).getAsJsonObject();
        assertEquals("flat", result.get("trainSet").getAsString());
        assertEquals("flat", result.get("taskToVal").getAsString());
        assertEquals(List.of("road", "sidewalk"), List.copyOf(result.getAsJsonObject("class_IoU").keySet()));

        eval[8] = "nature";
        CliRun unknownToModel = CliRun.of(eval);
        assertEquals(CliErrors.USAGE, unknownToModel.exitCode(), unknownToModel.err());
        assertTrue(unknownToModel.firstErrLine().contains("--task-to-val nature needs classes a --train-set flat"
                + " model does not have"), unknownToModel.err());
        eval[8] = "streets";
        CliRun noSuchTask = CliRun.of(eval);
        assertEquals(CliErrors.USAGE, noSuchTask.exitCode(), noSuchTask.err());
        assertTrue(noSuchTask.firstErrLine().contains("--task-to-val") && noSuchTask.firstErrLine().contains("streets"),
                noSuchTask.err());
    }

    @Test
    void pipelineRefusesAForeignNonEmptyOutputFolder() throws Exception {
        Path foreign = dir.resolve("photos");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("holiday.txt"), "keep me");
        CliRun run = CliRun.of(new String[] {"pipeline", "--output", foreign.toString(), "--synthetic-dir",
            dir.resolve("data").toString(), "--synthetic-frames", "2", "--num-epochs", "1", "--no-progress"});
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.firstErrLine().contains("--output " + foreign + ": not empty and not an earlier"
                + " pipeline output"), run.err());
        try (java.util.stream.Stream<Path> left = Files.list(foreign)) {
            assertEquals(1, left.count(), "nothing written");
        }
    }

    @Test
    void pipelineWritesTheSeedTableAndTheReport() throws Exception {
        Path out = dir.resolve("runs/r1");
        Path board = dir.resolve("boards/leaderboard.csv");
        String[] args = {"pipeline", "--output", out.toString(), "--synthetic-dir", dir.resolve("data").toString(),
            "--synthetic-frames", "2", "--num-epochs", "1", "--batch-size", "2", "--no-progress",
            "--leaderboard", board.toString()};
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("mIoU Task 1∪2∪3"), run.out());
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
        assertEquals("synthetic", json.get("dataset").getAsString());
        JsonArray rows = json.getAsJsonArray("rows");
        Set<String> models = rows.asList().stream()
                .map(r -> r.getAsJsonObject().get("model").getAsString()).collect(Collectors.toSet());
        assertEquals(Set.of("finetune", "distill", "joint"), models);
        for (JsonElement r : rows) {
            JsonObject miou = r.getAsJsonObject().getAsJsonObject("mIoU");
            for (String key : new String[] {"task1", "task2", "task12", "task3", "task123"}) {
                double v = miou.get(key).getAsDouble();
                assertTrue(v >= 0 && v <= 1, key + " = " + v);
            }
        }
        assertTrue(Files.size(out.resolve("report.html")) > 10_000);
        assertTrue(Files.readString(board).contains("distill"), "the leaderboard goes where --leaderboard says");
        try (java.util.stream.Stream<Path> beside = Files.list(out.getParent())) {
            assertEquals(List.of(out), beside.toList(), "nothing is written beside --output");
        }
        assertTrue(Files.readString(out.resolve("results.md")).contains("| Model | mIoU Task 1 |"));
        // unknown-task recognition with the final distilled model, on by default
        JsonObject rec = json.getAsJsonArray("recognition").get(0).getAsJsonObject();
        assertEquals("uncertainty", rec.get("method").getAsString());
        double ratio = rec.get("samplesTransferRatio").getAsDouble();
        assertTrue(ratio >= 0 && ratio <= 1, "samples_transfer_ratio " + ratio);
        Path uncertainty = out.resolve("recognition/uncertainty");
        long listed = Files.readAllLines(uncertainty.resolve("seen.txt")).stream().filter(l -> !l.isBlank()).count()
                + Files.readAllLines(uncertainty.resolve("unseen.txt")).stream().filter(l -> !l.isBlank()).count();
        assertEquals(rec.get("knownSamples").getAsInt() + rec.get("unknownSamples").getAsInt(), listed,
                "every sample of the stream is either seen or unseen");
    }
}
