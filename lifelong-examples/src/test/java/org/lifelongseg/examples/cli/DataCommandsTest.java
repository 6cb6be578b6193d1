package org.lifelongseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.data.folder.FolderFixtures;
import org.lifelongseg.core.testing.SharedTestData;

/** {@code dataset-info} and {@code evaluate-predictions} on the real mini Cityscapes; dataset-info on a folder dataset. */
class DataCommandsTest {

    @Test
    void datasetInfoCountsPairsCitiesAndClasses() {
        Path root = SharedTestData.require("data/cityscapes-mini");
        CliRun run = CliRun.of("dataset-info", "--dataset-root", root.toString(), "--split", "train");
        assertEquals(0, run.exitCode(), run.err());
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals("train", json.get("split").getAsString());
        assertEquals(8, json.get("pairs").getAsInt());
        assertEquals(4, json.getAsJsonObject("cities").get("aachen").getAsInt());
        assertEquals(4, json.getAsJsonObject("cities").get("bochum").getAsInt());
        assertEquals(19, json.getAsJsonObject("classPixels").size());
        assertTrue(json.getAsJsonObject("classPixels").get("road").getAsLong() > 0);

        CliRun task = CliRun.of("dataset-info", "--dataset-root", root.toString(), "--split", "val",
                "--train-set", "1");
        assertEquals(0, task.exitCode(), task.err());
        JsonObject t = JsonParser.parseString(task.out()).getAsJsonObject();
        assertEquals(2, t.get("pairs").getAsInt());
        assertEquals(java.util.Set.of("road", "sidewalk", "vegetation", "terrain", "sky"),
                t.getAsJsonObject("classPixels").keySet());

        CliRun bad = CliRun.of("dataset-info", "--dataset-root", root.toString(), "--split", "train",
                "--train-set", "4");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.firstErrLine().contains("--train-set"), bad.err());
    }

    @Test
    void datasetInfoOnAFolderDatasetListsClassesSplitsAndTasks(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("mine");
        FolderFixtures.classes(root, "a 255 0 0", "b 0 255 0", "traffic light 0 0 255");
        FolderFixtures.sample(root, "train", "park_0", 16, 8, FolderFixtures.stripes(16, 0, 1, 9, 9));
        FolderFixtures.sample(root, "train", "yard_0", 16, 8, FolderFixtures.stripes(16, 2, 9), "jpg");
        FolderFixtures.sample(root, "test", "t0", 16, 8, FolderFixtures.stripes(16, 0));
        Path tasks = dir.resolve("tasks.json");
        Files.writeString(tasks, "{\"format\": \"lifelong-task-sequence/1\", \"mode\": \"FILTER_ONLY\", \"tasks\": ["
                + "{\"name\": \"t1\", \"classes\": [\"a\", \"b\"], \"images\": {\"type\": \"groups\", \"groups\": [\"park\"]}},"
                + "{\"name\": \"t2\", \"classes\": [\"traffic light\"], \"images\": {\"type\": \"groups\", \"groups\": [\"yard\"]}}]}");
        CliRun run = CliRun.of("dataset-info", "--dataset", "folder", "--dataset-root", root.toString(),
                "--tasks", tasks.toString(), "--ignore-index", "9", "--val-split", "test");
        assertEquals(0, run.exitCode(), run.err());
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals("[\"a\",\"b\",\"traffic light\"]", json.get("classes").toString());
        assertEquals("[0,0,255]", json.getAsJsonObject("colors").get("traffic light").toString());
        assertEquals(9, json.get("ignoreIndex").getAsInt());
        assertEquals("test", json.get("evaluationSplit").getAsString());
        JsonObject train = json.getAsJsonObject("splits").getAsJsonObject("train");
        assertEquals(2, train.get("pairs").getAsInt());
        // void (9) is not counted: a and b a quarter of park_0 each, traffic light half of yard_0
        assertEquals("{\"a\":32,\"b\":32,\"traffic light\":64}", train.getAsJsonObject("classPixels").toString());
        assertEquals(java.util.Set.of("train", "test"), json.getAsJsonObject("splits").keySet());
        assertEquals("[{\"name\":\"t1\",\"classes\":[\"a\",\"b\"],\"trainingImages\":1},"
                + "{\"name\":\"t2\",\"classes\":[\"traffic light\"],\"trainingImages\":1}]",
                json.get("tasks").toString());

        // one split, no tasks; without --ignore-index the 9s are bad input naming the file
        CliRun one = CliRun.of("dataset-info", "--dataset", "folder", "--dataset-root", root.toString(),
                "--split", "test");
        assertEquals(0, one.exitCode(), one.err());
        JsonObject t = JsonParser.parseString(one.out()).getAsJsonObject();
        assertEquals(java.util.Set.of("test"), t.getAsJsonObject("splits").keySet());
        assertEquals(255, t.get("ignoreIndex").getAsInt());
        CliRun bad = CliRun.of("dataset-info", "--dataset", "folder", "--dataset-root", root.toString());
        assertEquals(CliErrors.USAGE, bad.exitCode());
        assertTrue(bad.firstErrLine().contains(root.resolve("labels/train") + "/")
                && bad.firstErrLine().contains(": label value 9"), bad.err());
    }

    @Test
    void evaluatePredictionsMatchesTheOfficialEvaluator(@TempDir Path dir) throws Exception {
        Path root = SharedTestData.require("data/cityscapes-mini");
        Path preds = SharedTestData.require("reference/metrics/enet-predictions");
        JsonObject official = JsonParser.parseString(Files.readString(
                SharedTestData.require("reference/metrics/cityscapes-official-eval.json"))).getAsJsonObject();
        Path output = dir.resolve("eval.json");
        CliRun run = CliRun.of("evaluate-predictions", "--predictions", preds.toString(),
                "--dataset-root", root.toString(), "--split", "train,val", "--output", output.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonObject ours = JsonParser.parseString(Files.readString(output)).getAsJsonObject();
        for (String key : new String[] {"averageScoreClasses", "averageScoreCategories"}) {
            assertEquals(official.get(key).getAsDouble(), ours.get(key).getAsDouble(), 1e-9, key);
        }
        CliRun missing = CliRun.of("evaluate-predictions", "--predictions", dir.resolve("none").toString(),
                "--dataset-root", root.toString());
        assertEquals(2, missing.exitCode());
    }
}
