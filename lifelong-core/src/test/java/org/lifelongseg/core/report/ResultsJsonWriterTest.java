package org.lifelongseg.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.checkpoint.Provenance;
import org.lifelongseg.core.metrics.AccuracyMatrix;
import org.lifelongseg.core.metrics.LifelongMetrics;

class ResultsJsonWriterTest {

    @TempDir Path dir;

    private static JsonObject parseStrict(String json) {
        JsonReader reader = new JsonReader(new StringReader(json));
        reader.setStrictness(Strictness.STRICT); // rejects NaN/Infinity literals
        return JsonParser.parseReader(reader).getAsJsonObject();
    }

    @Test
    void requiredKeysAndValuesRoundTrip() throws Exception {
        RunResults run = ReportFixtures.run();
        Path file = dir.resolve("results.json");
        ResultsJsonWriter.write(run, file);
        JsonObject o = parseStrict(Files.readString(file));

        assertEquals("cityscapes", o.get("dataset").getAsString());
        JsonArray rows = o.getAsJsonArray("rows");
        assertEquals(3, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonObject row = rows.get(i).getAsJsonObject();
            MethodResult m = run.methods().get(i);
            assertEquals(m.name(), row.get("model").getAsString());
            JsonObject miou = row.getAsJsonObject("mIoU");
            assertEquals(List.of("task1", "task2", "task12", "task3", "task123"), List.copyOf(miou.keySet()));
            for (String k : miou.keySet()) {
                double v = miou.get(k).getAsDouble();
                assertEquals(m.taskScore(k), v, 0.0, k); // exact round trip
                assertTrue(v >= 0 && v <= 1, k + " is a fraction");
            }
        }
        JsonObject distill = o.getAsJsonArray("methods").get(1).getAsJsonObject();
        MethodResult d = run.method("distill").orElseThrow();
        assertEquals("distill", distill.get("model").getAsString());
        assertEquals(19, distill.getAsJsonObject("classIoU").size());
        assertEquals(d.classIoU().get("traffic sign"),
                distill.getAsJsonObject("classIoU").get("traffic sign").getAsDouble(), 0.0);
        AccuracyMatrix r = d.accuracyMatrix().orElseThrow();
        JsonArray matrix = distill.getAsJsonArray("accuracyMatrix");
        assertEquals(4, matrix.size());
        assertEquals(r.get(2, 1), matrix.get(2).getAsJsonArray().get(0).getAsDouble(), 0.0);
        JsonObject lifelong = distill.getAsJsonObject("lifelong");
        assertEquals(LifelongMetrics.backwardTransfer(r), lifelong.get("bwt").getAsDouble(), 0.0);
        assertEquals(LifelongMetrics.forwardTransfer(r), lifelong.get("fwt").getAsDouble(), 0.0);
        assertEquals(LifelongMetrics.ianvsMainBackwardTransfer(r), lifelong.get("ianvsMainBwt").getAsDouble(), 0.0);
        assertEquals(3, lifelong.getAsJsonArray("forgetting").size());
        assertTrue(lifelong.getAsJsonArray("forgetting").get(2).isJsonNull(), "forgetting of the last task is NaN");
        JsonObject step1 = distill.getAsJsonArray("steps").get(0).getAsJsonObject();
        assertTrue(step1.get("oldClasses").isJsonNull(), "NaN is written as null");
        JsonArray curves = distill.getAsJsonArray("curves");
        assertEquals(3, curves.size());
        assertEquals(10, curves.get(2).getAsJsonObject().getAsJsonArray("epochs").size());
        assertTrue(curves.get(0).getAsJsonObject().getAsJsonArray("epochs").get(0).getAsJsonObject()
                .get("kd").isJsonNull());
        JsonObject cm = distill.getAsJsonObject("confusion").getAsJsonObject("task123");
        assertEquals(19, cm.getAsJsonArray("matrix").size());
        assertEquals(d.confusions().get("task123").confusion()[3][4],
                cm.getAsJsonArray("matrix").get(3).getAsJsonArray().get(4).getAsLong());
        assertEquals(2, distill.getAsJsonArray("samples").size());
        assertEquals(d.extraMetrics().get("AUROC"), distill.getAsJsonObject("extraMetrics").get("AUROC").getAsDouble(), 0.0);

        assertEquals("10", o.getAsJsonObject("configuration").get("epochs").getAsString());
        Provenance back = Provenance.fromJsonObject(o.getAsJsonObject("provenance"));
        assertEquals(run.provenance().orElseThrow(), back);
        assertEquals(ReportFixtures.START.toString(), o.get("startTime").getAsString());
        assertEquals(23467.0, o.get("durationSeconds").getAsDouble(), 0.0);
        assertEquals(5, o.getAsJsonArray("columns").size());
        assertEquals("Task 1∪2∪3", o.getAsJsonArray("columns").get(4).getAsJsonObject().get("label").getAsString());
        assertEquals(0.1234, o.getAsJsonObject("extraMetrics").get("samples_transfer_ratio").getAsDouble(), 0.0);
    }

    @Test
    void missingScoresAreNullAndKeysStayPresent() {
        RunResults run = RunResults.builder()
                .setDataset("toy")
                .setNumTasks(2)
                .addMethod(MethodResult.builder("a")
                        .setTaskScores(Map.of("task1", 0.5, "task12", Double.NaN))
                        .build())
                .build();
        String json = ResultsJsonWriter.toJson(run);
        assertFalse(json.matches("(?s).*[:\\[,]\\s*-?(NaN|Infinity).*"), json); // no bare literals
        JsonObject o = parseStrict(json);
        JsonObject miou = o.getAsJsonArray("rows").get(0).getAsJsonObject().getAsJsonObject("mIoU");
        assertEquals(0.5, miou.get("task1").getAsDouble(), 0.0);
        JsonElement t2 = miou.get("task2");
        assertTrue(t2 != null && t2.isJsonNull(), "absent score is an explicit null");
        assertTrue(miou.get("task12").isJsonNull());
        assertTrue(o.get("provenance").isJsonNull());
        assertTrue(o.get("startTime").isJsonNull());
    }

    @Test
    void textIsNotHtmlEscaped() {
        RunResults run = RunResults.builder()
                .setDataset("a<b>&'c'")
                .setNumTasks(1)
                .addMethod(MethodResult.builder("m").setTaskScores(Map.of("task1", 0.25)).build())
                .build();
        assertEquals("a<b>&'c'", parseStrict(ResultsJsonWriter.toJson(run)).get("dataset").getAsString());
        assertTrue(ResultsJsonWriter.toJson(run).contains("\"a<b>&'c'\""));
    }

    @Test
    void namedTasksKeyTheTablesByTheirNamesAndAll() {
        JsonObject o = parseStrict(ResultsJsonWriter.toJson(ReportFixtures.namedRun()));
        assertEquals(List.of("ground", "things"),
                o.getAsJsonArray("taskNames").asList().stream().map(JsonElement::getAsString).toList());
        assertEquals(List.of("ground", "things", "all"), o.getAsJsonArray("columns").asList().stream()
                .map(c -> c.getAsJsonObject().get("key").getAsString()).toList());
        JsonObject miou = o.getAsJsonArray("rows").get(0).getAsJsonObject().getAsJsonObject("mIoU");
        assertEquals(List.of("ground", "things", "all"), List.copyOf(miou.keySet()));
        assertEquals(0.55, miou.get("all").getAsDouble(), 0.0);
        JsonObject method = o.getAsJsonArray("methods").get(0).getAsJsonObject();
        assertTrue(method.getAsJsonObject("confusion").has("all"));
        assertEquals(List.of(1, 2), o.getAsJsonArray("columns").get(2).getAsJsonObject().getAsJsonArray("tasks")
                .asList().stream().map(JsonElement::getAsInt).toList());
    }

    @Test
    void numberedTasksAreNamedInTheFileToo() {
        JsonObject o = parseStrict(ResultsJsonWriter.toJson(ReportFixtures.run(false)));
        assertEquals(List.of("task1", "task2", "task3"),
                o.getAsJsonArray("taskNames").asList().stream().map(JsonElement::getAsString).toList());
    }
}
