package org.lifelongseg.core.infer;

import ai.djl.Model;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.lifelongseg.core.checkpoint.AtomicFiles;
import org.lifelongseg.core.checkpoint.CheckpointLayout;
import org.lifelongseg.core.image.Normalization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a segmentation model must be fed and how its output is read: the class of each output
 * channel, the input normalization, the network input size, the label value that means "ignore",
 * the dataset the model came from and, when that dataset gives them, the classes' colours. Every
 * checkpoint the trainer writes holds one ({@value #FILE}); the loaders attach it to the DJL
 * {@link Model} they return, and the segmenter, the translator, the scorers, the command line and
 * the teachers take it as their defaults.
 *
 * <pre>{@code
 * InputSpec spec = InputSpec.builder()
 *         .setClassNames(List.of("road", "sidewalk", "vegetation", "terrain", "sky"))
 *         .setNormalization(Normalization.IMAGENET)
 *         .optInputSize(1024, 512)                 // width, height
 *         .optDataset("cityscapes")
 *         .build();
 * spec.attachTo(model);                           // what Segmenter.builder().setModel(model) reads
 * InputSpec.of(model).orElseThrow().normalization();
 * }</pre>
 *
 * <p>Class names may be unknown (an empty list) for published weights whose files do not name
 * their classes, and the input size (0x0) for a model trained on images of their own size; the
 * normalization is always known. Class colours are optional ({@code classColors} in the JSON,
 * absent from specs written before they existed and from models of datasets without colours of
 * their own, such as Cityscapes, whose palette the class names imply).
 */
public final class InputSpec {

    /** The file in a checkpoint folder that holds the spec (JSON). */
    public static final String FILE = "input.json";

    /** The DJL model property that carries the spec (JSON). */
    public static final String MODEL_PROPERTY = "lifelong.inputSpec";

    /** The label value of unlabelled pixels used throughout the library. */
    public static final int DEFAULT_IGNORE_INDEX = 255;

    private static final int FORMAT = 1;

    private final ImmutableList<String> classNames;
    private final Normalization normalization;
    private final int width;
    private final int height;
    private final int ignoreIndex;
    private final String dataset;
    private final ImmutableMap<String, Integer> classColors;

    private InputSpec(Builder b) {
        this.classNames = b.classNames;
        this.normalization = b.normalization;
        this.width = b.width;
        this.height = b.height;
        this.ignoreIndex = b.ignoreIndex;
        this.dataset = b.dataset;
        this.classColors = b.classColors;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The class of each output channel, in channel order; empty if unknown. */
    public ImmutableList<String> classNames() {
        return classNames;
    }

    /** How 8-bit RGB becomes the network input. */
    public Normalization normalization() {
        return normalization;
    }

    /** Whether the input size is known. */
    public boolean hasInputSize() {
        return width > 0;
    }

    /** The network input width (images are resized to it); 0 if unknown. */
    public int width() {
        return width;
    }

    /** The network input height; 0 if unknown. */
    public int height() {
        return height;
    }

    /** The label value of unlabelled pixels. */
    public int ignoreIndex() {
        return ignoreIndex;
    }

    /** Where the model came from, e.g. {@code cityscapes} or {@code synthetic-256x128-seed7}. */
    public String dataset() {
        return dataset;
    }

    /**
     * The colour (0xRRGGBB) of every class in channel order, as the training dataset gave them
     * (e.g. a folder dataset's {@code classes.txt}); empty when not recorded.
     */
    public ImmutableMap<String, Integer> classColors() {
        return classColors;
    }

    /**
     * This spec with other class names (e.g. the names of a published model's channels); the class
     * colours, which belong to the old names, are dropped.
     */
    public InputSpec withClassNames(List<String> names) {
        Builder b = builder().setClassNames(names).setNormalization(normalization)
                .optIgnoreIndex(ignoreIndex).optDataset(dataset);
        return (hasInputSize() ? b.optInputSize(width, height) : b).build();
    }

    /**
     * Attaches the spec to a model as the property {@value #MODEL_PROPERTY}, where the segmenter,
     * the scorers and the command line look for it.
     */
    public void attachTo(Model model) {
        model.setProperty(MODEL_PROPERTY, toJson());
    }

    /** The spec attached to {@code model}, if any. */
    public static Optional<InputSpec> of(Model model) {
        String json = model.getProperty(MODEL_PROPERTY);
        return json == null ? Optional.empty() : Optional.of(fromJson(json, "model " + model.getName()));
    }

    /**
     * Writes the spec as {@value #FILE} into a (checkpoint) folder, atomically.
     *
     * @throws IOException naming the file on failure
     */
    public void write(Path folder) throws IOException {
        AtomicFiles.writeString(folder.resolve(FILE), toJson() + "\n");
    }

    /**
     * The spec recorded beside a weights file or in a checkpoint folder: {@value #FILE} in the
     * folder itself, or in the folder holding the file; checked against the SHA-256 its checkpoint
     * recorded. Empty when there is none (e.g. a published {@code model.pth}).
     *
     * @param fileOrFolder a weights file or a checkpoint folder
     * @throws IOException naming the file if it is unreadable, malformed or altered
     */
    public static Optional<InputSpec> find(Path fileOrFolder) throws IOException {
        Path folder = Files.isDirectory(fileOrFolder) ? fileOrFolder : fileOrFolder.toAbsolutePath().getParent();
        if (folder == null) {
            return Optional.empty();
        }
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        CheckpointLayout.verifyFile(file);
        try {
            return Optional.of(fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The spec as JSON. */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        JsonArray names = new JsonArray();
        classNames.forEach(names::add);
        o.add("classNames", names);
        JsonObject norm = new JsonObject();
        norm.addProperty("name", normalization.name().toLowerCase(Locale.ROOT));
        norm.add("mean", floats(normalization.mean()));
        norm.add("std", floats(normalization.std()));
        o.add("normalization", norm);
        o.addProperty("width", width);
        o.addProperty("height", height);
        o.addProperty("ignoreIndex", ignoreIndex);
        o.addProperty("dataset", dataset);
        if (!classColors.isEmpty()) {
            JsonObject colors = new JsonObject();
            classColors.forEach((name, rgb) -> {
                JsonArray c = new JsonArray();
                c.add(rgb >> 16 & 0xFF);
                c.add(rgb >> 8 & 0xFF);
                c.add(rgb & 0xFF);
                colors.add(name, c);
            });
            o.add("classColors", colors);
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o);
    }

    /**
     * Parses JSON written by {@link #toJson()}.
     *
     * @param where the file or model named in error messages
     * @throws IllegalArgumentException naming {@code where} and the field that is missing or wrong
     */
    public static InputSpec fromJson(String json, String where) {
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            int format = o.get("format").getAsInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException(where + ": input spec format " + format
                        + " is not supported (expected " + FORMAT + ")");
            }
            List<String> names = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("classNames")) {
                names.add(e.getAsString());
            }
            JsonObject norm = o.getAsJsonObject("normalization");
            Normalization normalization = normalization(
                    toFloats(norm.getAsJsonArray("mean")), toFloats(norm.getAsJsonArray("std")), where);
            Builder b = builder()
                    .setClassNames(names)
                    .setNormalization(normalization)
                    .optIgnoreIndex(o.get("ignoreIndex").getAsInt())
                    .optDataset(o.get("dataset").getAsString());
            int w = o.get("width").getAsInt();
            int h = o.get("height").getAsInt();
            if (w != 0 || h != 0) {
                b.optInputSize(w, h);
            }
            JsonElement colors = o.get("classColors"); // optional: absent before colours were recorded
            if (colors != null && !colors.isJsonNull()) {
                b.optClassColors(classColors(colors, names, where));
            }
            return b.build();
        } catch (JsonParseException | IllegalStateException | NullPointerException
                | ClassCastException | UnsupportedOperationException | NumberFormatException e) {
            throw new IllegalArgumentException(where + ": not a valid input spec (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The {@code classColors} object: one {@code [r, g, b]} of whole numbers 0..255 per class name.
     *
     * @throws IllegalArgumentException naming {@code where}, the field and the fault
     */
    private static Map<String, Integer> classColors(JsonElement json, List<String> names, String where) {
        if (!json.isJsonObject()) {
            throw new IllegalArgumentException(where + ": classColors must be an object of class name to"
                    + " [r, g, b], not " + json);
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : json.getAsJsonObject().entrySet()) {
            String bad = where + ": classColors '" + e.getKey() + "' must be [r, g, b] of whole numbers"
                    + " 0..255, not " + e.getValue();
            if (!e.getValue().isJsonArray() || e.getValue().getAsJsonArray().size() != 3) {
                throw new IllegalArgumentException(bad);
            }
            int rgb = 0;
            for (JsonElement c : e.getValue().getAsJsonArray()) {
                if (!c.isJsonPrimitive() || !c.getAsJsonPrimitive().isNumber()) {
                    throw new IllegalArgumentException(bad);
                }
                BigDecimal v = c.getAsBigDecimal();
                boolean whole = v.stripTrailingZeros().scale() <= 0;
                if (v.signum() < 0 || v.compareTo(BigDecimal.valueOf(255)) > 0 || !whole) {
                    throw new IllegalArgumentException(bad);
                }
                rgb = rgb << 8 | v.intValue();
            }
            out.put(e.getKey(), rgb);
        }
        if (!out.keySet().equals(Set.copyOf(names))) {
            throw new IllegalArgumentException(where + ": classColors names " + out.keySet()
                    + ", expected one colour for each of classNames " + names);
        }
        return out;
    }

    /** The normalization with these mean and std values. */
    private static Normalization normalization(float[] mean, float[] std, String where) {
        for (Normalization n : Normalization.values()) {
            if (close(n.mean(), mean) && close(n.std(), std)) {
                return n;
            }
        }
        throw new IllegalArgumentException(where + ": normalization mean " + Arrays.toString(mean)
                + " std " + Arrays.toString(std) + " is none of " + Arrays.toString(Normalization.values()));
    }

    private static boolean close(float[] a, float[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-6f) {
                return false;
            }
        }
        return true;
    }

    private static JsonArray floats(float[] values) {
        JsonArray a = new JsonArray();
        for (float v : values) {
            a.add(v);
        }
        return a;
    }

    private static float[] toFloats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }

    /**
     * The differences between this spec and the settings a caller chose, one phrase each (e.g.
     * {@code normalization none, the model expects imagenet}); empty if they agree. Class names
     * are compared only when both are known.
     */
    public List<String> differences(List<String> names, Normalization norm, int inputWidth, int inputHeight) {
        List<String> out = new ArrayList<>();
        if (!classNames.isEmpty() && names != null && !names.isEmpty() && !classNames.equals(names)) {
            out.add("class names " + names + ", the model's channels are " + classNames);
        }
        if (norm != null && norm != normalization) {
            out.add("normalization " + name(norm) + ", the model expects " + name(normalization));
        }
        if (inputWidth > 0 && hasInputSize() && (inputWidth != width || inputHeight != height)) {
            out.add("input size " + inputWidth + "x" + inputHeight + ", the model was trained at "
                    + width + "x" + height);
        }
        return out;
    }

    private static String name(Normalization n) {
        return n.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Input settings a consumer chose or runs with; {@code null} class names or normalization and
     * a 0 size mean "not chosen".
     */
    public record Choice(List<String> classNames, Normalization normalization, int width, int height) {

        /**
         * The class names, which a consumer cannot run without.
         *
         * @param remedy how the caller gives them, for the error
         * @throws IllegalStateException if there are none
         */
        public ImmutableList<String> requireClassNames(String remedy) {
            if (classNames == null || classNames.isEmpty()) {
                throw new IllegalStateException("the class names are required: " + remedy);
            }
            return ImmutableList.copyOf(classNames);
        }
    }

    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static final Logger LOG = LoggerFactory.getLogger(InputSpec.class);

    /**
     * The settings a consumer runs with: each explicit choice, else what the model recorded, else
     * the consumer's fallback. An explicit choice that contradicts the recorded spec is honoured
     * and logged as a warning, once per process and difference.
     *
     * @param recorded the model's spec, if it has one
     * @param explicit what the caller chose
     * @param fallback the consumer's defaults for models without a spec
     * @param consumer who is asking, for the warning
     * @return the effective settings (class names may still be null if nobody knows them)
     */
    public static Choice settle(Optional<InputSpec> recorded, Choice explicit, Choice fallback, String consumer) {
        warnIfContradicting(recorded, explicit, consumer);
        InputSpec r = recorded.orElse(null);
        List<String> names = explicit.classNames() != null ? explicit.classNames()
                : r != null && !r.classNames().isEmpty() ? r.classNames() : fallback.classNames();
        Normalization norm = explicit.normalization() != null ? explicit.normalization()
                : r != null ? r.normalization() : fallback.normalization();
        boolean own = explicit.width() > 0;
        boolean rec = !own && r != null && r.hasInputSize();
        int w = own ? explicit.width() : rec ? r.width() : fallback.width();
        int h = own ? explicit.height() : rec ? r.height() : fallback.height();
        return new Choice(names, norm, w, h);
    }

    /** Warns once per difference between the recorded spec and what a consumer runs with. */
    public static void warnIfContradicting(Optional<InputSpec> recorded, Choice used, String consumer) {
        if (recorded.isEmpty()) {
            return;
        }
        for (String d : recorded.get().differences(used.classNames(), used.normalization(),
                used.width(), used.height())) {
            String message = consumer + " uses " + d + " (as asked; results may be wrong)";
            if (WARNED.add(message)) {
                LOG.warn(message);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputSpec other && toJson().equals(other.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "InputSpec{" + classNames.size() + " classes, " + name(normalization) + ", "
                + (hasInputSize() ? width + "x" + height : "own size") + ", ignore " + ignoreIndex
                + ", " + dataset + "}";
    }

    /** Builder; class names and normalization are required, a setting given twice is an error. */
    public static final class Builder {
        private ImmutableList<String> classNames;
        private Normalization normalization;
        private int width;
        private int height;
        private Integer ignoreIndex;
        private String dataset;
        private ImmutableMap<String, Integer> classColors;

        private Builder() {}

        /** The class of each output channel in channel order (empty: unknown). */
        public Builder setClassNames(List<String> names) {
            Preconditions.checkState(classNames == null, "class names were already set");
            this.classNames = ImmutableList.copyOf(names);
            return this;
        }

        /** The input normalization. */
        public Builder setNormalization(Normalization normalization) {
            Preconditions.checkState(this.normalization == null, "normalization was already set");
            this.normalization = Preconditions.checkNotNull(normalization, "normalization");
            return this;
        }

        /** The network input size, width then height (positive); default unknown. */
        public Builder optInputSize(int width, int height) {
            Preconditions.checkState(this.width == 0, "input size was already set");
            Preconditions.checkArgument(width > 0 && height > 0,
                    "input size must be positive, got %sx%s", width, height);
            this.width = width;
            this.height = height;
            return this;
        }

        /** The label value of unlabelled pixels; default {@value #DEFAULT_IGNORE_INDEX}. */
        public Builder optIgnoreIndex(int ignoreIndex) {
            Preconditions.checkState(this.ignoreIndex == null, "ignore index was already set");
            this.ignoreIndex = ignoreIndex;
            return this;
        }

        /** Where the model came from; default {@code unknown}. */
        public Builder optDataset(String dataset) {
            Preconditions.checkState(this.dataset == null, "dataset was already set");
            this.dataset = Preconditions.checkNotNull(dataset, "dataset");
            return this;
        }

        /**
         * The colour 0xRRGGBB of every class, by class name (one for each class name, no other);
         * default none.
         */
        public Builder optClassColors(Map<String, Integer> colors) {
            Preconditions.checkState(classColors == null, "class colours were already set");
            for (Map.Entry<String, Integer> e : colors.entrySet()) {
                Preconditions.checkArgument(e.getValue() >= 0 && e.getValue() <= 0xFFFFFF,
                        "colour of '%s' is not 0xRRGGBB: %s", e.getKey(), e.getValue());
            }
            this.classColors = ImmutableMap.copyOf(colors);
            return this;
        }

        /** Validates the settings and builds the spec. */
        public InputSpec build() {
            Preconditions.checkState(classNames != null, "setClassNames is required");
            Preconditions.checkState(normalization != null, "setNormalization is required");
            if (classColors == null) {
                classColors = ImmutableMap.of();
            } else {
                Preconditions.checkState(classColors.keySet().equals(Set.copyOf(classNames)),
                        "class colours %s are not one for each class of %s", classColors.keySet(), classNames);
                ImmutableMap.Builder<String, Integer> ordered = ImmutableMap.builder();
                classNames.forEach(n -> ordered.put(n, classColors.get(n))); // channel order
                classColors = ordered.build();
            }
            if (ignoreIndex == null) {
                ignoreIndex = DEFAULT_IGNORE_INDEX;
            }
            if (dataset == null) {
                dataset = "unknown";
            }
            return new InputSpec(this);
        }
    }
}
