package org.lifelongseg.core.recognize;

import com.google.common.collect.ImmutableList;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.lifelongseg.core.checkpoint.AtomicFiles;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.InvalidImageException;
import org.lifelongseg.core.image.RgbImage;

/**
 * An inference stream through an {@link UnknownTaskRecognizer}: seen images go on to a handler
 * (the segmenter), unseen ones are kept out of the predictions and collected with their scores as
 * the data of the next task, as Ianvs' lifelong-learning paradigm does.
 *
 * <pre>{@code
 * RecognitionPipeline pipeline = RecognitionPipeline.builder()
 *         .setRecognizer(recognizer)
 *         .setOutputDirectory(Path.of("run/inference/unseen_task_samples/1"))
 *         .optSeenHandler((file, image) -> masks.put(file, segmenter.segment(...)))
 *         .build();
 * RecognitionRound round = pipeline.run(Path.of("incoming"));   // or run(List<Path>)
 * double ratio = round.samplesTransferRatio();
 * }</pre>
 *
 * <p>The output folder is written as a whole, atomically (it appears complete or not at all; an
 * existing one is replaced): {@code seen.txt} and {@code unseen.txt} (one input path per line, in
 * input order), {@code unseen/} (copies of the unseen images, to be labelled) and {@code
 * recognition.json} (per-image score and verdict, the score name, the threshold, the counts and
 * {@code samples_transfer_ratio}). An unreadable image is an error naming the file unless {@link
 * Builder#optSkipUnreadable} is set, in which case it is listed in {@code unreadable.txt}.
 */
public final class RecognitionPipeline {

    /** The image file extensions {@link #run(Path)} picks up. */
    public static final List<String> IMAGE_EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    private final UnknownTaskRecognizer recognizer;
    private final Path outputDirectory;
    private final BiConsumer<Path, RgbImage> seenHandler;
    private final int batchSize;
    private final boolean skipUnreadable;

    private RecognitionPipeline(Builder b) {
        this.recognizer = b.recognizer;
        this.outputDirectory = b.outputDirectory;
        this.seenHandler = b.seenHandler == null ? (f, i) -> { } : b.seenHandler;
        this.batchSize = b.batchSize == 0 ? 8 : b.batchSize;
        this.skipUnreadable = Boolean.TRUE.equals(b.skipUnreadable);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs every image ({@code .png}, {@code .jpg}, {@code .jpeg}) directly in {@code folder}, in
     * name order.
     *
     * @throws IOException if the folder is missing or the output cannot be written
     * @throws IllegalArgumentException if the folder holds no images
     */
    public RecognitionRound run(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "no such input folder");
        }
        if (!Files.isDirectory(folder)) {
            throw new NotDirectoryException(folder.toString());
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(Files::isRegularFile).filter(RecognitionPipeline::isImageName).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(
                    "input folder " + folder + " contains no images (" + String.join(", ", IMAGE_EXTENSIONS) + ")");
        }
        return run(files);
    }

    /**
     * The output folder is replaced as a whole, so it must be new, empty, or an earlier output of
     * this pipeline (holding {@code recognition.json}): anything else is refused, never deleted.
     */
    private static void refuseForeignOutput(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("output " + dir + " exists and is not a directory");
        }
        if (Files.exists(dir.resolve("recognition.json"))) {
            return;
        }
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("output " + dir + " is not empty and holds no"
                        + " recognition.json of an earlier run; refusing to replace it (choose a new folder)");
            }
        }
    }

    /**
     * Runs the given image files in order.
     *
     * @throws IOException if the output cannot be written
     * @throws InvalidImageException naming the file if an image cannot be decoded (unless skipping)
     */
    public RecognitionRound run(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no input images");
        }
        refuseForeignOutput(outputDirectory);
        List<String> ids = new ArrayList<>();
        List<Path> used = new ArrayList<>();
        List<Path> unreadable = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        double[] threshold = {Double.NaN};
        String[] scoreName = {null};
        List<Path> seen = new ArrayList<>();
        List<Path> unseen = new ArrayList<>();
        List<Path> collected = new ArrayList<>();
        Path out = outputDirectory.toAbsolutePath();
        try {
            AtomicFiles.writeDirectory(out, dir -> {
                Path unseenDir = Files.createDirectories(dir.resolve("unseen"));
                Set<String> names = new HashSet<>();
                for (int from = 0; from < files.size(); from += batchSize) {
                    List<ImageSample> batch = new ArrayList<>();
                    List<Path> batchFiles = new ArrayList<>();
                    for (Path f : files.subList(from, Math.min(files.size(), from + batchSize))) {
                        RgbImage img;
                        try {
                            img = ImageFiles.readRgb(f);
                        } catch (InvalidImageException e) {
                            if (!skipUnreadable) {
                                throw e;
                            }
                            unreadable.add(f);
                            continue;
                        }
                        batch.add(new ImageSample(f.toString(), img));
                        batchFiles.add(f);
                    }
                    if (batch.isEmpty()) {
                        continue;
                    }
                    Recognition r = recognizer.recognize(batch);
                    threshold[0] = r.threshold();
                    scoreName[0] = r.scoreName();
                    for (int i = 0; i < batch.size(); i++) {
                        SampleScore s = r.samples().get(i);
                        Path f = batchFiles.get(i);
                        ids.add(s.id());
                        scores.add(s.score());
                        used.add(f);
                        if (s.seen()) {
                            seen.add(f);
                            seenHandler.accept(f, batch.get(i).image());
                        } else {
                            unseen.add(f);
                            String name = f.getFileName().toString();
                            if (!names.add(name)) {
                                name = String.format(Locale.ROOT, "%06d_%s", used.size() - 1, name);
                                names.add(name);
                            }
                            Files.copy(f, unseenDir.resolve(name));
                            collected.add(out.resolve("unseen").resolve(name));
                        }
                    }
                }
                if (used.isEmpty()) {
                    throw new IllegalArgumentException("none of the " + files.size() + " input images could be decoded");
                }
                Files.writeString(dir.resolve("seen.txt"), lines(seen), StandardCharsets.UTF_8);
                Files.writeString(dir.resolve("unseen.txt"), lines(unseen), StandardCharsets.UTF_8);
                if (!unreadable.isEmpty()) {
                    Files.writeString(dir.resolve("unreadable.txt"), lines(unreadable), StandardCharsets.UTF_8);
                }
                Recognition all = Recognition.of(ids, scores.stream().mapToDouble(Double::doubleValue).toArray(),
                        threshold[0], scoreName[0]);
                Files.writeString(dir.resolve("recognition.json"), json(all, used, unreadable), StandardCharsets.UTF_8);
            });
        } catch (IOException e) {
            // AtomicFiles wraps the writer's exceptions; surface bad input as such
            Throwable c = e.getCause();
            if (c instanceof IllegalArgumentException iae) {
                throw iae;
            }
            if (c instanceof IllegalStateException ise) {
                throw ise;
            }
            if (c instanceof UncheckedIOException uio) {
                throw uio.getCause();
            }
            throw e;
        }
        Recognition all = Recognition.of(ids, scores.stream().mapToDouble(Double::doubleValue).toArray(),
                threshold[0], scoreName[0]);
        return new RecognitionRound(all, seen, unseen, collected, unreadable, out);
    }

    private static String json(Recognition r, List<Path> files, List<Path> unreadable) {
        JsonObject o = new JsonObject();
        o.addProperty("score", r.scoreName());
        o.addProperty("threshold", r.threshold());
        o.addProperty("inferred", r.size());
        o.addProperty("seen", r.size() - r.unseenCount());
        o.addProperty("unseen", r.unseenCount());
        o.addProperty("samples_transfer_ratio", SamplesTransferRatio.of(r.unseenCount(), r.size()));
        JsonArray samples = new JsonArray();
        for (int i = 0; i < r.size(); i++) {
            JsonObject s = new JsonObject();
            s.addProperty("file", files.get(i).toString());
            s.addProperty("score", r.samples().get(i).score());
            s.addProperty("seen", r.samples().get(i).seen());
            samples.add(s);
        }
        o.add("samples", samples);
        JsonArray bad = new JsonArray();
        unreadable.forEach(p -> bad.add(p.toString()));
        o.add("unreadable", bad);
        return new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
    }

    private static String lines(List<Path> files) {
        StringBuilder sb = new StringBuilder();
        for (Path f : files) {
            sb.append(f).append('\n');
        }
        return sb.toString();
    }

    private static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && IMAGE_EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    /** Builder; {@link #setRecognizer} and {@link #setOutputDirectory} are required. */
    public static final class Builder {
        private UnknownTaskRecognizer recognizer;
        private Path outputDirectory;
        private BiConsumer<Path, RgbImage> seenHandler;
        private int batchSize;
        private Boolean skipUnreadable;

        private Builder() {}

        /** The recognizer (not closed by the pipeline). */
        public Builder setRecognizer(UnknownTaskRecognizer recognizer) {
            checkUnset(this.recognizer, "recognizer");
            this.recognizer = Objects.requireNonNull(recognizer, "recognizer");
            return this;
        }

        /** The folder receiving the lists, the JSON and the unseen copies (replaced if it exists). */
        public Builder setOutputDirectory(Path dir) {
            checkUnset(outputDirectory, "output directory");
            this.outputDirectory = Objects.requireNonNull(dir, "output directory");
            return this;
        }

        /** Receives every seen image (e.g. to segment it); default: none. */
        public Builder optSeenHandler(BiConsumer<Path, RgbImage> handler) {
            checkUnset(seenHandler, "seen handler");
            this.seenHandler = Objects.requireNonNull(handler, "seen handler");
            return this;
        }

        /** Images decoded and recognized at once (default 8). */
        public Builder optBatchSize(int batchSize) {
            checkUnset(this.batchSize == 0 ? null : this.batchSize, "batch size");
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Skip (and list) undecodable images instead of failing (default false). */
        public Builder optSkipUnreadable(boolean skip) {
            checkUnset(skipUnreadable, "skip unreadable");
            this.skipUnreadable = skip;
            return this;
        }

        /** Validates and builds the pipeline. */
        public RecognitionPipeline build() {
            if (recognizer == null) {
                throw new IllegalStateException("setRecognizer is required");
            }
            if (outputDirectory == null) {
                throw new IllegalStateException("setOutputDirectory is required");
            }
            return new RecognitionPipeline(this);
        }

        private static void checkUnset(Object current, String what) {
            if (current != null) {
                throw new IllegalStateException(what + " was already set");
            }
        }
    }
}
