package org.lifelongseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.testing.SharedTestData;

/** {@code dataset-info} and {@code evaluate-predictions} on the real mini Cityscapes. */
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
