package org.lifelongseg.core.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.lifelongseg.core.checkpoint.AtomicFiles;
import org.lifelongseg.core.metrics.AccuracyMatrix;
import org.lifelongseg.core.metrics.LifelongMetrics.OldNewScores;
import org.lifelongseg.core.metrics.SegmentationMetrics;
import org.lifelongseg.core.metrics.TaskTable;

/**
 * Writes {@link RunResults} as pretty-printed JSON ({@code results.json}).
 *
 * <pre>{@code
 * ResultsJsonWriter.write(run, outDir.resolve("results.json"));   // atomic
 * String json = ResultsJsonWriter.toJson(run);
 * }</pre>
 *
 * <p>Layout (scores are fractions in [0, 1]):
 *
 * <pre>
 * {
 *   "format": "lifelongseg-results", "formatVersion": 1,
 *   "dataset": "cityscapes", "title": …, "numTasks": 3, "taskNames": ["task1", "task2", "task3"],
 *   "columns": [{"key": "task12", "label": "Task 1∪2", "tasks": [1, 2]}, …],
 *   "taskClasses": [["road", …], …],
 *   "startTime": ISO-8601, "endTime": …, "durationSeconds": …,
 *   "configuration": {…}, "provenance": {…}, "extraMetrics": {…},
 *   "rows": [{"model": "distill", "mIoU": {"task1": 0.845, "task2": …, "task12": …, "task3": …, "task123": …}}, …],
 *   "methods": [{"model": …, "mIoU": {…}, "classIoU": {…}, "accuracyMatrix": [[…], …],
 *                "lifelong": {…}, "steps": [{"step": 1, "oldClasses": …, "newClasses": …, "allClasses": …}],
 *                "curves": [{"step": 1, "epochs": [{"epoch": 1, "loss": …, "ce": …, "kd": …, "valMIoU": …}]}],
 *                "confusion": {"task123": {"classes": […], "matrix": [[…]]}},
 *                "samples": [{"name": …, "width": …, "height": …, "pixelAccuracy": …}],
 *                "extraMetrics": {…}}, …],
 *   "recognition": [{"method": "uncertainty", "score": …, "auroc": …, "fprAt95Tpr": …, "threshold": …,
 *                    "samplesTransferRatio": …, "knownSamples": …, "unknownSamples": …,
 *                    "aurocPerKind": {"noise": …}}, …]     (only when recognizers ran)
 * }
 * </pre>
 *
 * <p>The task keys ({@code mIoU} objects, {@code columns}, {@code confusion}) follow the task names
 * ({@link TaskKeys}): {@code task1, task2, task12, task3, task123} for tasks named {@code task1 …
 * task3} (the Cityscapes protocol), else each task's name, the unions' names joined with {@code
 * '+'} and {@code all} for the union of every task.
 *
 * <p><b>NaN</b> (not evaluated, or undefined such as BWT with one task) and infinities are written
 * as JSON {@code null}, which every JSON parser accepts; every key of a task row is always present.
 * Doubles are written in their shortest round-tripping form, so parsing gives back the exact values.
 */
public final class ResultsJsonWriter {

    /** The value of the {@code "format"} field. */
    public static final String FORMAT = "lifelongseg-results";
    /** The value of the {@code "formatVersion"} field. */
    public static final int FORMAT_VERSION = 1;

    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    private ResultsJsonWriter() {}

    /** Writes {@code results} to {@code file} atomically. */
    public static void write(RunResults results, Path file) throws IOException {
        AtomicFiles.writeString(file, toJson(results) + "\n");
    }

    /** The results as pretty-printed JSON text. */
    public static String toJson(RunResults results) {
        return GSON.toJson(toJsonObject(results));
    }

    /** The results as a JSON tree. */
    public static JsonObject toJsonObject(RunResults run) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("formatVersion", FORMAT_VERSION);
        o.addProperty("dataset", run.dataset());
        o.addProperty("title", run.title());
        o.addProperty("numTasks", run.numTasks());
        JsonArray taskNames = new JsonArray();
        run.taskNames().forEach(taskNames::add);
        o.add("taskNames", taskNames);
        o.addProperty("nanEncoding", "null = not evaluated or undefined (NaN)");
        JsonArray columns = new JsonArray();
        List<String> keys = run.taskKeys().keys();
        List<TaskTable.Column> tableColumns = run.taskKeys().columns();
        for (int i = 0; i < keys.size(); i++) {
            JsonObject c = new JsonObject();
            c.addProperty("key", keys.get(i));
            c.addProperty("label", tableColumns.get(i).label());
            JsonArray tasks = new JsonArray();
            tableColumns.get(i).tasks().forEach(tasks::add);
            c.add("tasks", tasks);
            columns.add(c);
        }
        o.add("columns", columns);
        JsonArray taskClasses = new JsonArray();
        for (List<String> task : run.taskClasses()) {
            JsonArray a = new JsonArray();
            task.forEach(a::add);
            taskClasses.add(a);
        }
        o.add("taskClasses", taskClasses);
        o.add("startTime", run.startTime().<JsonElement>map(t -> new JsonPrimitive(t.toString())).orElse(JsonNull.INSTANCE));
        o.add("endTime", run.endTime().<JsonElement>map(t -> new JsonPrimitive(t.toString())).orElse(JsonNull.INSTANCE));
        o.add("durationSeconds", run.duration().<JsonElement>map(d -> num(d.toMillis() / 1000.0)).orElse(JsonNull.INSTANCE));
        JsonObject config = new JsonObject();
        run.configuration().forEach(config::addProperty);
        o.add("configuration", config);
        o.add("provenance", run.provenance().<JsonElement>map(p -> p.toJsonObject()).orElse(JsonNull.INSTANCE));
        o.add("extraMetrics", numbers(run.extraMetrics()));
        JsonArray rows = new JsonArray();
        JsonArray methods = new JsonArray();
        for (MethodResult m : run.methods()) {
            JsonObject row = new JsonObject();
            row.addProperty("model", m.name());
            row.add("mIoU", taskScores(m, keys));
            rows.add(row);
            methods.add(method(m, keys));
        }
        o.add("rows", rows);
        o.add("methods", methods);
        if (!run.recognition().isEmpty()) {
            JsonArray rec = new JsonArray();
            for (RecognitionResult r : run.recognition()) {
                JsonObject j = new JsonObject();
                j.addProperty("method", r.method());
                j.addProperty("score", r.score());
                j.add("auroc", num(r.auroc()));
                j.add("fprAt95Tpr", num(r.fprAt95Tpr()));
                j.add("threshold", num(r.threshold()));
                j.add("samplesTransferRatio", num(r.samplesTransferRatio()));
                j.addProperty("knownSamples", r.knownSamples());
                j.addProperty("unknownSamples", r.unknownSamples());
                j.add("aurocPerKind", numbers(r.aurocPerKind()));
                rec.add(j);
            }
            o.add("recognition", rec);
        }
        return o;
    }

    private static JsonObject method(MethodResult m, List<String> keys) {
        JsonObject o = new JsonObject();
        o.addProperty("model", m.name());
        o.add("mIoU", taskScores(m, keys));
        o.add("classIoU", numbers(m.classIoU()));
        o.add("accuracyMatrix", m.accuracyMatrix().<JsonElement>map(ResultsJsonWriter::matrix).orElse(JsonNull.INSTANCE));
        o.add("lifelong", m.lifelong().<JsonElement>map(ResultsJsonWriter::lifelong).orElse(JsonNull.INSTANCE));
        JsonArray steps = new JsonArray();
        for (Map.Entry<Integer, OldNewScores> e : m.stepScores().entrySet()) {
            JsonObject s = new JsonObject();
            s.addProperty("step", e.getKey());
            s.add("oldClasses", num(e.getValue().oldClasses()));
            s.add("newClasses", num(e.getValue().newClasses()));
            s.add("allClasses", num(e.getValue().allClasses()));
            steps.add(s);
        }
        o.add("steps", steps);
        JsonArray curves = new JsonArray();
        for (Map.Entry<Integer, List<EpochStats>> e : m.curves().entrySet()) {
            JsonObject c = new JsonObject();
            c.addProperty("step", e.getKey());
            JsonArray epochs = new JsonArray();
            for (EpochStats s : e.getValue()) {
                JsonObject ep = new JsonObject();
                ep.addProperty("epoch", s.epoch());
                ep.add("loss", num(s.loss()));
                ep.add("ce", num(s.crossEntropy()));
                ep.add("kd", num(s.distillation()));
                ep.add("valMIoU", num(s.validationMIoU()));
                epochs.add(ep);
            }
            c.add("epochs", epochs);
            curves.add(c);
        }
        o.add("curves", curves);
        JsonObject confusion = new JsonObject();
        for (Map.Entry<String, SegmentationMetrics> e : m.confusions().entrySet()) {
            JsonObject c = new JsonObject();
            JsonArray names = new JsonArray();
            e.getValue().classNames().forEach(names::add);
            c.add("classes", names);
            JsonArray matrix = new JsonArray();
            for (long[] r : e.getValue().confusion()) {
                JsonArray a = new JsonArray();
                for (long v : r) {
                    a.add(v);
                }
                matrix.add(a);
            }
            c.add("matrix", matrix);
            c.add("mIoU", num(e.getValue().meanIoU()));
            c.add("pixelAccuracy", num(e.getValue().pixelAccuracy()));
            confusion.add(e.getKey(), c);
        }
        o.add("confusion", confusion);
        JsonArray samples = new JsonArray();
        for (SamplePrediction s : m.samples()) {
            JsonObject j = new JsonObject();
            j.addProperty("name", s.name());
            j.addProperty("width", s.input().width());
            j.addProperty("height", s.input().height());
            j.add("pixelAccuracy", num(s.pixelAccuracy(255))); // 255 = void
            samples.add(j);
        }
        o.add("samples", samples);
        o.add("extraMetrics", numbers(m.extraMetrics()));
        return o;
    }

    private static JsonObject taskScores(MethodResult m, List<String> keys) {
        JsonObject o = new JsonObject();
        for (String k : keys) {
            o.add(k, num(m.taskScore(k)));
        }
        return o;
    }

    private static JsonArray matrix(AccuracyMatrix r) {
        JsonArray rows = new JsonArray();
        for (double[] row : r.toArray()) {
            rows.add(numbers(row));
        }
        return rows;
    }

    private static JsonObject lifelong(LifelongSummary s) {
        JsonObject o = new JsonObject();
        o.add("averageSeenTaskMIoU", numbers(s.averageSeenTaskScore()));
        o.add("forgetting", numbers(s.forgetting()));
        o.add("averageForgetting", num(s.averageForgetting()));
        o.add("bwt", num(s.backwardTransfer()));
        o.add("fwt", num(s.forwardTransfer()));
        o.add("ianvsLlnBwt", num(s.ianvsLlnBackwardTransfer()));
        o.add("ianvsFwt", num(s.ianvsForwardTransfer()));
        o.add("ianvsMainBwt", num(s.ianvsMainBackwardTransfer()));
        return o;
    }

    private static JsonObject numbers(Map<String, Double> values) {
        JsonObject o = new JsonObject();
        values.forEach((k, v) -> o.add(k, num(v)));
        return o;
    }

    private static JsonArray numbers(double[] values) {
        JsonArray a = new JsonArray();
        for (double v : values) {
            a.add(num(v));
        }
        return a;
    }

    private static JsonArray numbers(List<Double> values) {
        JsonArray a = new JsonArray();
        values.forEach(v -> a.add(num(v)));
        return a;
    }

    /** A JSON number, or {@code null} for NaN and infinities. */
    static JsonElement num(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }
}
