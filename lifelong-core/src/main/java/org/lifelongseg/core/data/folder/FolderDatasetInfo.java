package org.lifelongseg.core.data.folder;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lifelongseg.core.data.ClassPixels;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.train.LabelScope;

/**
 * Statistics of a folder dataset: its classes (and colours), the pairs and labelled pixels per
 * class of each split at full resolution (void excluded), and with a task split each task's
 * training images.
 *
 * <pre>{@code
 * String json = FolderDatasetInfo.toJson(data, Optional.empty(), Optional.of(tasks));
 * // {"root": "shapes", "classes": ["disc", ...], "ignoreIndex": 255, "evaluationSplit": "val",
 * //  "splits": {"train": {"pairs": 72, "classPixels": {"disc": ..., ...}}, "val": {...}},
 * //  "tasks": [{"name": "round", "classes": ["disc", "square"], "trainingImages": 24}, ...]}
 * }</pre>
 *
 * <p>With a task split, {@link FolderTaskData#check} runs first, so the statistics are those of
 * input training accepts. Every label map is decoded and checked.
 */
public final class FolderDatasetInfo {

    private FolderDatasetInfo() {}

    /**
     * The statistics as a JSON tree.
     *
     * @param data the folder dataset
     * @param split one split, or every split of the folder
     * @param tasks a task split, for its tasks' training images
     * @throws IllegalArgumentException naming the file, value, class or task at fault
     * @throws UncheckedIOException naming the file that cannot be read
     */
    public static JsonObject compute(FolderTaskData data, Optional<String> split, Optional<TaskSequence> tasks) {
        tasks.ifPresent(data::check);
        FolderLayout layout = data.layout();
        ClassSpace classes = layout.classes();
        JsonObject o = new JsonObject();
        o.addProperty("root", layout.root().toString());
        JsonArray names = new JsonArray();
        classes.names().forEach(names::add);
        o.add("classes", names);
        if (!layout.colors().isEmpty()) {
            JsonObject colors = new JsonObject();
            for (Map.Entry<String, Integer> c : layout.colors().entrySet()) {
                JsonArray rgb = new JsonArray();
                rgb.add(c.getValue() >> 16 & 0xFF);
                rgb.add(c.getValue() >> 8 & 0xFF);
                rgb.add(c.getValue() & 0xFF);
                colors.add(c.getKey(), rgb);
            }
            o.add("colors", colors);
        }
        o.addProperty("ignoreIndex", layout.ignoreIndex());
        o.addProperty("evaluationSplit", data.evaluationSplit());
        byte[] toClass = layout.encoding().table(classes, classes.names());
        JsonObject splits = new JsonObject();
        for (String s : split.map(List::of).orElse(layout.splits())) {
            List<FolderSample> samples = layout.samples(s);
            long[] pixels = ClassPixels.count(samples, x -> layout.encoding(), x -> toClass, classes.size());
            JsonObject js = new JsonObject();
            js.addProperty("pairs", samples.size());
            JsonObject px = new JsonObject();
            for (int c = 0; c < classes.size(); c++) {
                px.addProperty(classes.name(c), pixels[c]);
            }
            js.add("classPixels", px);
            splits.add(s, js);
        }
        o.add("splits", splits);
        tasks.ifPresent(seq -> {
            JsonArray jt = new JsonArray();
            for (int step = 0; step < seq.size(); step++) {
                JsonObject t = new JsonObject();
                t.addProperty("name", seq.task(step).name());
                JsonArray tc = new JsonArray();
                seq.task(step).classes().forEach(tc::add);
                t.add("classes", tc);
                t.addProperty("trainingImages", data.trainingData(seq, step, LabelScope.NEW_CLASSES, 1, 0).size());
                jt.add(t);
            }
            o.add("tasks", jt);
        });
        return o;
    }

    /** The statistics as pretty-printed JSON. */
    public static String toJson(FolderTaskData data, Optional<String> split, Optional<TaskSequence> tasks) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(compute(data, split, tasks));
    }
}
