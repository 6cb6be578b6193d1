package org.lifelongseg.core.train;

import com.google.common.collect.ImmutableMap;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@value #FILE} of a trainer checkpoint: step, task, class space, epoch, schedule position
 * and the history of losses and validations, so a resumed step reports its whole history.
 *
 * <pre>{@code
 * TrainingState s = TrainingState.read(checkpoint.file(TrainingState.FILE));
 * int next = s.epoch() + 1;
 * }</pre>
 *
 * @param step the 0-based step
 * @param task the task's name
 * @param classes the student's classes
 * @param epoch the last completed epoch (0-based)
 * @param epochs the step's number of epochs
 * @param learningRate the learning rate of the last completed epoch
 * @param history the completed epochs
 * @param validations the validations so far
 */
record TrainingState(
        int step,
        String task,
        List<String> classes,
        int epoch,
        int epochs,
        double learningRate,
        List<EpochRecord> history,
        List<ValidationRecord> validations) {

    static final String FILE = "training-state.json";
    static final String OPTIMIZER_FILE = "optimizer.safetensors";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", 1);
        o.addProperty("step", step);
        o.addProperty("task", task);
        JsonArray cls = new JsonArray();
        classes.forEach(cls::add);
        o.add("classes", cls);
        o.addProperty("epoch", epoch);
        o.addProperty("nextEpoch", epoch + 1);
        o.addProperty("epochs", epochs);
        o.addProperty("learningRate", learningRate);
        JsonArray h = new JsonArray();
        for (EpochRecord e : history) {
            JsonObject r = new JsonObject();
            r.addProperty("epoch", e.epoch());
            r.add("losses", GSON.toJsonTree(e.losses()));
            r.addProperty("learningRate", e.learningRate());
            r.addProperty("images", e.images());
            r.addProperty("labelledPixels", e.labelledPixels());
            r.addProperty("seconds", e.seconds());
            h.add(r);
        }
        o.add("history", h);
        JsonArray v = new JsonArray();
        for (ValidationRecord r : validations) {
            JsonObject j = new JsonObject();
            j.addProperty("epoch", r.epoch());
            j.addProperty("taskMeanIoU", r.taskMeanIoU());
            j.addProperty("seenMeanIoU", r.seenMeanIoU());
            j.add("classIoU", GSON.toJsonTree(r.classIoU()));
            j.addProperty("images", r.images());
            v.add(j);
        }
        o.add("validations", v);
        return GSON.toJson(o);
    }

    static TrainingState read(Path file) throws IOException {
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonObject();
            int step = o.get("step").getAsInt();
            List<String> classes = new ArrayList<>();
            o.getAsJsonArray("classes").forEach(c -> classes.add(c.getAsString()));
            List<EpochRecord> history = new ArrayList<>();
            for (JsonElement el : o.getAsJsonArray("history")) {
                JsonObject r = el.getAsJsonObject();
                history.add(new EpochRecord(step, r.get("epoch").getAsInt(),
                        doubles(r.getAsJsonObject("losses")), r.get("learningRate").getAsDouble(),
                        r.get("images").getAsLong(), r.get("labelledPixels").getAsLong(),
                        r.get("seconds").getAsDouble()));
            }
            List<ValidationRecord> validations = new ArrayList<>();
            for (JsonElement el : o.getAsJsonArray("validations")) {
                JsonObject r = el.getAsJsonObject();
                validations.add(new ValidationRecord(step, r.get("epoch").getAsInt(),
                        r.get("taskMeanIoU").getAsDouble(), r.get("seenMeanIoU").getAsDouble(),
                        doubles(r.getAsJsonObject("classIoU")), r.get("images").getAsLong()));
            }
            return new TrainingState(step, o.get("task").getAsString(), classes,
                    o.get("epoch").getAsInt(), o.get("epochs").getAsInt(),
                    o.get("learningRate").getAsDouble(), history, validations);
        } catch (JsonParseException | IllegalStateException | NullPointerException
                | UnsupportedOperationException | ClassCastException | NumberFormatException e) {
            throw new IOException("training state " + file + " is malformed: " + e, e);
        }
    }

    private static ImmutableMap<String, Double> doubles(JsonObject o) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            m.put(e.getKey(), e.getValue().getAsDouble());
        }
        return ImmutableMap.copyOf(m);
    }
}
