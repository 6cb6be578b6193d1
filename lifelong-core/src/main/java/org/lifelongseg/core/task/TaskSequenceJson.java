package org.lifelongseg.core.task;

import com.google.common.collect.ImmutableList;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lifelongseg.core.checkpoint.AtomicFiles;

/**
 * Saves and loads a {@link TaskSequence} as JSON, so an experiment's split is stored with its
 * results.
 *
 * <pre>{@code
 * String json = TaskSequenceJson.toJson(seq);
 * TaskSequence back = TaskSequenceJson.fromJson(json);   // equals seq
 * TaskSequenceJson.write(seq, runDir.resolve("tasks.json"));
 * }</pre>
 *
 * <p>Format ({@value #FORMAT}):
 *
 * <pre>{@code
 * {"format": "lifelong-task-sequence/1", "mode": "FILTER_ONLY",
 *  "tasks": [{"name": "task1", "classes": ["road", ...],
 *             "images": {"type": "groups", "groups": ["aachen", ...]}}, ...],
 *  "validationImages": {"type": "groups", "groups": ["erfurt"]}}
 * }</pre>
 *
 * Image filters: {@code {"type":"all"}}, {@code {"type":"groups","groups":[...]}}, {@code
 * {"type":"ids","ids":[...]}}, {@code {"type":"randomPartition","seed":1,"parts":3,"part":0}},
 * {@code {"type":"allOf","filters":[...]}}, {@code {"type":"anyOf","filters":[...]}}.
 */
public final class TaskSequenceJson {

    /** The format tag written into every file. */
    public static final String FORMAT = "lifelong-task-sequence/1";

    private TaskSequenceJson() {}

    /** The sequence as a JSON tree. */
    public static JsonObject toJsonTree(TaskSequence seq) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("mode", seq.mode().name());
        JsonArray tasks = new JsonArray();
        for (Task t : seq.tasks()) {
            JsonObject jt = new JsonObject();
            jt.addProperty("name", t.name());
            jt.add("classes", strings(t.classes()));
            jt.add("images", filter(t.images()));
            tasks.add(jt);
        }
        o.add("tasks", tasks);
        seq.validationImages().ifPresent(v -> o.add("validationImages", filter(v)));
        return o;
    }

    /** The sequence as pretty-printed JSON. */
    public static String toJson(TaskSequence seq) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(toJsonTree(seq));
    }

    /**
     * Parses a sequence; all validation of the builders applies (duplicate classes, empty tasks).
     *
     * @throws IllegalArgumentException naming the bad key
     */
    public static TaskSequence fromJson(String json) {
        JsonElement e;
        try {
            e = JsonParser.parseString(json);
        } catch (JsonParseException ex) {
            // Gson wraps the reader's error ("java.io.EOFException: End of input ..."): report the reader's words
            Throwable why = ex.getCause() != null && ex.getCause().getMessage() != null ? ex.getCause() : ex;
            throw new IllegalArgumentException("task sequence: malformed JSON: " + why.getMessage(), ex);
        }
        return fromJsonTree(e);
    }

    /** Parses a sequence from a JSON tree. */
    public static TaskSequence fromJsonTree(JsonElement e) {
        JsonObject o = object(e, "task sequence");
        String format = string(o, "format", "task sequence");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(
                    "task sequence: unsupported format '" + format + "', expected '" + FORMAT + "'");
        }
        TaskSequence.Builder b = TaskSequence.builder();
        String mode = string(o, "mode", "task sequence");
        try {
            b.optMode(SelectionMode.valueOf(mode));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(
                    "task sequence: unknown mode '" + mode + "'; known: "
                            + List.of(SelectionMode.values()), ex);
        }
        JsonElement tasks = o.get("tasks");
        if (tasks == null || !tasks.isJsonArray()) {
            throw new IllegalArgumentException("task sequence: key 'tasks' must be an array");
        }
        int i = 0;
        for (JsonElement te : tasks.getAsJsonArray()) {
            String where = "tasks[" + i++ + "]";
            JsonObject jt = object(te, where);
            Task.Builder tb = Task.builder()
                    .setName(string(jt, "name", where))
                    .setClasses(stringList(jt, "classes", where));
            if (jt.has("images")) {
                tb.optImages(parseFilter(jt.get("images"), where + ".images"));
            }
            b.addTask(tb.build());
        }
        if (o.has("validationImages")) {
            b.optValidationImages(parseFilter(o.get("validationImages"), "validationImages"));
        }
        return b.build();
    }

    /** Writes the sequence atomically (temporary file, then rename). */
    public static void write(TaskSequence seq, Path file) throws IOException {
        AtomicFiles.writeString(file, toJson(seq) + "\n");
    }

    /** Reads a sequence written by {@link #write}. */
    public static TaskSequence read(Path file) throws IOException {
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** An image filter as a JSON tree. */
    public static JsonObject filter(ImageFilter f) {
        JsonObject o = new JsonObject();
        if (f instanceof ImageFilter.All) {
            o.addProperty("type", "all");
        } else if (f instanceof ImageFilter.Groups g) {
            o.addProperty("type", "groups");
            o.add("groups", strings(g.groups()));
        } else if (f instanceof ImageFilter.Ids ids) {
            o.addProperty("type", "ids");
            o.add("ids", strings(ids.entries()));
        } else if (f instanceof ImageFilter.RandomPartition p) {
            o.addProperty("type", "randomPartition");
            o.addProperty("seed", p.seed());
            o.addProperty("parts", p.parts());
            o.addProperty("part", p.part());
        } else if (f instanceof ImageFilter.AllOf a) {
            o.addProperty("type", "allOf");
            JsonArray arr = new JsonArray();
            a.filters().forEach(x -> arr.add(filter(x)));
            o.add("filters", arr);
        } else if (f instanceof ImageFilter.AnyOf a) {
            o.addProperty("type", "anyOf");
            JsonArray arr = new JsonArray();
            a.filters().forEach(x -> arr.add(filter(x)));
            o.add("filters", arr);
        } else {
            throw new IllegalArgumentException("unknown image filter " + f);
        }
        return o;
    }

    /** Parses an image filter; {@code where} names its position for error messages. */
    public static ImageFilter parseFilter(JsonElement e, String where) {
        JsonObject o = object(e, where);
        String type = string(o, "type", where);
        switch (type) {
            case "all":
                return ImageFilter.all();
            case "groups":
                return ImageFilter.groups(stringList(o, "groups", where));
            case "ids":
                return ImageFilter.ids(stringList(o, "ids", where));
            case "randomPartition":
                try {
                    return ImageFilter.randomPartition(
                            number(o, "seed", where).longValueExact(),
                            number(o, "parts", where).intValueExact(),
                            number(o, "part", where).intValueExact());
                } catch (ArithmeticException ex) {
                    throw new IllegalArgumentException(
                            where + ": seed, parts and part must be integers", ex);
                }
            case "allOf":
                return ImageFilter.allOf(filters(o, where));
            case "anyOf":
                return ImageFilter.anyOf(filters(o, where));
            default:
                throw new IllegalArgumentException(
                        where + ": unknown image filter type '" + type
                                + "'; known: all, groups, ids, randomPartition, allOf, anyOf");
        }
    }

    private static ImageFilter[] filters(JsonObject o, String where) {
        JsonElement fs = o.get("filters");
        if (fs == null || !fs.isJsonArray()) {
            throw new IllegalArgumentException(where + ": key 'filters' must be an array");
        }
        List<ImageFilter> list = new ArrayList<>();
        int i = 0;
        for (JsonElement x : fs.getAsJsonArray()) {
            list.add(parseFilter(x, where + ".filters[" + i++ + "]"));
        }
        return list.toArray(ImageFilter[]::new);
    }

    private static JsonArray strings(Iterable<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static JsonObject object(JsonElement e, String where) {
        if (e == null || !e.isJsonObject()) {
            throw new IllegalArgumentException(where + ": expected a JSON object");
        }
        return e.getAsJsonObject();
    }

    private static String string(JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(where + ": key '" + key + "' must be a string");
        }
        return e.getAsString();
    }

    private static java.math.BigDecimal number(JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(where + ": key '" + key + "' must be a number");
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.getAsBigDecimal();
    }

    private static ImmutableList<String> stringList(JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonArray()) {
            throw new IllegalArgumentException(where + ": key '" + key + "' must be an array");
        }
        ImmutableList.Builder<String> b = ImmutableList.builder();
        for (JsonElement x : e.getAsJsonArray()) {
            if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException(
                        where + ": key '" + key + "' must hold strings, found " + x);
            }
            b.add(x.getAsString());
        }
        return b.build();
    }

}
