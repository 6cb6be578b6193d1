package org.lifelongseg.core.recognize;

import ai.djl.Model;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.lifelongseg.core.checkpoint.AtomicFiles;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.report.RecognitionResult;

/**
 * The lifelong pipeline's unknown-task recognition stage: calibrates each recognizer on half of the
 * known validation images, recognizes a mixed stream (the other half + images of unknown kinds),
 * writes {@code seen.txt}, {@code unseen.txt}, {@code unseen/} and {@code recognition.json} per
 * recognizer and returns AUROC, FPR@95TPR, threshold and samples_transfer_ratio for the report.
 *
 * <pre>{@code
 * List<RecognitionResult> rec = UnknownTaskStage.builder()
 *         .setSegmentationModel(step.model(), step.classSpace().names(), "distill-step3")
 *         .setKnownImages(knownValidationImages)            // at least 4
 *         .setUnknownImages(Map.of("indoor", rooms, "noise", noiseImages))
 *         .addScorer("placeholder", () -> trainMyScorer())   // optional, beside "uncertainty"
 *         .setOutputDirectory(runDir.resolve("recognition"))
 *         .build().run();
 * rec.forEach(runResultsBuilder::addRecognition);
 * }</pre>
 *
 * <p>Recognizers: {@value #UNCERTAINTY} (the mean max-softmax of the segmentation model, {@link
 * SegmentationConfidenceScorer}, always first), then every scorer added, in order, each made when
 * its turn comes and closed after it. Files: {@code out/stream/} (the mixed stream as PNGs: {@code
 * known_NNNN.png}, {@code <kind>_NNNNNN.png}), {@code out/<recognizer>/...}. The segmentation
 * model is not closed.
 */
public final class UnknownTaskStage {

    /** The training-free recognizer's name: the segmentation model's own confidence. */
    public static final String UNCERTAINTY = "uncertainty";

    /** Makes the scorer of an added recognizer (e.g. trains it), when the stage runs. */
    @FunctionalInterface
    public interface ScorerFactory {
        /**
         * A new scorer; the stage closes it.
         *
         * @return the scorer
         * @throws IOException if its data cannot be read
         */
        KnownnessScorer create() throws IOException;
    }

    private final Model model;
    private final List<String> classNames;
    private final String modelId;
    private final Normalization normalization;
    private final int inputWidth;
    private final int inputHeight;
    private final List<RgbImage> known;
    private final Map<String, List<RgbImage>> unknown;
    private final Map<String, ScorerFactory> scorers;
    private final double targetTpr;
    private final Path output;

    private UnknownTaskStage(Builder b) {
        this.model = b.model;
        this.classNames = b.classNames;
        this.modelId = b.modelId;
        this.normalization = b.normalization;
        this.inputWidth = b.inputWidth;
        this.inputHeight = b.inputHeight;
        this.known = b.known;
        this.unknown = b.unknown;
        this.scorers = ImmutableMap.copyOf(b.scorers);
        this.targetTpr = Double.isNaN(b.targetTpr) ? 0.95 : b.targetTpr;
        this.output = b.output;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs every recognizer; one result per recognizer, {@value #UNCERTAINTY} first. */
    public List<RecognitionResult> run() throws IOException {
        List<RgbImage> calibration = new ArrayList<>();
        List<RgbImage> streamKnown = new ArrayList<>();
        for (int i = 0; i < known.size(); i++) {
            (i % 2 == 0 ? calibration : streamKnown).add(known.get(i));
        }
        Path streamDir = output.resolve("stream");
        List<Path> stream = new ArrayList<>();
        Map<Path, String> kindOf = new LinkedHashMap<>();
        Files.createDirectories(output);
        AtomicFiles.writeDirectory(streamDir, d -> {
            for (int i = 0; i < streamKnown.size(); i++) {
                ImageFiles.writePng(streamKnown.get(i).toBufferedImage(), d.resolve(knownFile(i)));
            }
            for (Map.Entry<String, List<RgbImage>> e : unknown.entrySet()) {
                for (int i = 0; i < e.getValue().size(); i++) {
                    ImageFiles.writePng(e.getValue().get(i).toBufferedImage(), d.resolve(unknownFile(e.getKey(), i)));
                }
            }
        });
        for (int i = 0; i < streamKnown.size(); i++) {
            Path p = streamDir.resolve(knownFile(i));
            stream.add(p);
            kindOf.put(p, null);
        }
        for (Map.Entry<String, List<RgbImage>> e : unknown.entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) {
                Path p = streamDir.resolve(unknownFile(e.getKey(), i));
                stream.add(p);
                kindOf.put(p, e.getKey());
            }
        }
        List<RecognitionResult> out = new ArrayList<>();
        SegmentationConfidenceScorer.Builder confidence = SegmentationConfidenceScorer.builder().setModel(model)
                .optClassNames(classNames).optModelId(modelId);
        if (normalization != null) {
            confidence.optNormalization(normalization).optInputSize(inputWidth, inputHeight);
        }
        try (SegmentationConfidenceScorer scorer = confidence.build()) {
            out.add(evaluate(UNCERTAINTY, scorer, calibration, stream, kindOf));
        }
        for (Map.Entry<String, ScorerFactory> e : scorers.entrySet()) {
            try (KnownnessScorer scorer = e.getValue().create()) {
                out.add(evaluate(e.getKey(), scorer, calibration, stream, kindOf));
            }
        }
        return ImmutableList.copyOf(out);
    }

    private static String knownFile(int i) {
        return String.format(Locale.ROOT, "known_%04d.png", i);
    }

    private static String unknownFile(String kind, int i) {
        return String.format(Locale.ROOT, "%s_%06d.png", kind, i);
    }

    private RecognitionResult evaluate(String method, KnownnessScorer scorer, List<RgbImage> calibrationImages,
            List<Path> stream, Map<Path, String> kindOf) throws IOException {
        Calibration cal = Calibration.fit(scorer, calibrationImages, targetTpr);
        RecognitionRound round;
        try (CalibratedRecognizer r = CalibratedRecognizer.of(scorer, cal)) {
            round = RecognitionPipeline.builder().setRecognizer(r).setOutputDirectory(output.resolve(method))
                    .build().run(stream);
        }
        cal.save(output.resolve(method).resolve("calibration.json"));
        List<Double> knownScores = new ArrayList<>();
        Map<String, List<Double>> unknownScores = new LinkedHashMap<>();
        List<SampleScore> samples = round.recognition().samples();
        for (int i = 0; i < samples.size(); i++) {
            String kind = kindOf.get(stream.get(i));
            if (kind == null) {
                knownScores.add(samples.get(i).score());
            } else {
                unknownScores.computeIfAbsent(kind, k -> new ArrayList<>()).add(samples.get(i).score());
            }
        }
        double[] k = knownScores.stream().mapToDouble(Double::doubleValue).toArray();
        double[] u = unknownScores.values().stream().flatMap(List::stream).mapToDouble(Double::doubleValue).toArray();
        ImmutableMap.Builder<String, Double> perKind = ImmutableMap.builder();
        unknownScores.forEach((kind, s) -> perKind.put(kind,
                OpenSetMetrics.auroc(k, s.stream().mapToDouble(Double::doubleValue).toArray())));
        return new RecognitionResult(method, scorer.scoreName(), OpenSetMetrics.auroc(k, u),
                OpenSetMetrics.fprAtTpr(k, u, 0.95), cal.threshold(), round.samplesTransferRatio(), k.length,
                u.length, perKind.build());
    }

    /** Builder; model, known images, unknown images and output folder are required. */
    public static final class Builder {
        private Model model;
        private List<String> classNames;
        private String modelId;
        private Normalization normalization;
        private int inputWidth;
        private int inputHeight;
        private List<RgbImage> known;
        private Map<String, List<RgbImage>> unknown;
        private final Map<String, ScorerFactory> scorers = new LinkedHashMap<>();
        private double targetTpr = Double.NaN;
        private Path output;

        private Builder() {}

        /** The trained segmentation model, its output class names and an id for calibrations. */
        public Builder setSegmentationModel(Model model, List<String> classNames, String modelId) {
            check(this.model == null, "segmentation model");
            this.model = Objects.requireNonNull(model, "model");
            this.classNames = ImmutableList.copyOf(classNames);
            this.modelId = Objects.requireNonNull(modelId, "model id");
            return this;
        }

        /**
         * The model's input normalization and network input size (default: the model's {@code
         * InputSpec}, which the trainer attaches, see {@link SegmentationConfidenceScorer}).
         */
        public Builder optInput(Normalization normalization, int width, int height) {
            check(this.normalization == null, "input");
            this.normalization = Objects.requireNonNull(normalization, "normalization");
            this.inputWidth = width;
            this.inputHeight = height;
            return this;
        }

        /** Known-task validation images (at least 4): even indices calibrate, odd ones join the stream. */
        public Builder setKnownImages(List<RgbImage> images) {
            check(known == null, "known images");
            if (images.size() < 4) {
                throw new IllegalArgumentException("need at least 4 known images, got " + images.size());
            }
            this.known = ImmutableList.copyOf(images);
            return this;
        }

        /** Unknown images by kind (kind names are file-name prefixes: letters, digits, '_'). */
        public Builder setUnknownImages(Map<String, List<RgbImage>> byKind) {
            check(unknown == null, "unknown images");
            for (Map.Entry<String, List<RgbImage>> e : byKind.entrySet()) {
                if (!e.getKey().matches("[A-Za-z0-9_]+") || e.getKey().equals("known") || e.getValue().isEmpty()) {
                    throw new IllegalArgumentException("unknown kind '" + e.getKey()
                            + "' must be a non-empty list named by letters, digits or '_' (not 'known')");
                }
            }
            if (byKind.isEmpty()) {
                throw new IllegalArgumentException("no unknown images");
            }
            Map<String, List<RgbImage>> copy = new LinkedHashMap<>();
            byKind.forEach((k, v) -> copy.put(k, ImmutableList.copyOf(v)));
            this.unknown = copy;
            return this;
        }

        /**
         * Another recognizer, run after {@value #UNCERTAINTY} under {@code name} (letters, digits,
         * '_' or '-'; its folder in the output), its scorer made by {@code factory} when its turn
         * comes (e.g. lifelong-erfnet's PROSER, trained on known images).
         */
        public Builder addScorer(String name, ScorerFactory factory) {
            Objects.requireNonNull(name, "recognizer name");
            if (!name.matches("[A-Za-z0-9_-]+") || name.equals(UNCERTAINTY) || name.equals("stream")) {
                throw new IllegalArgumentException("recognizer name '" + name + "' must be letters, digits, '_'"
                        + " or '-' and neither '" + UNCERTAINTY + "' nor 'stream'");
            }
            check(!scorers.containsKey(name), "recognizer '" + name + "'");
            scorers.put(name, Objects.requireNonNull(factory, "scorer factory"));
            return this;
        }

        /** The TPR the thresholds are calibrated to (default 0.95). */
        public Builder optTargetTpr(double tpr) {
            check(Double.isNaN(targetTpr), "target TPR");
            if (!(tpr > 0 && tpr <= 1)) {
                throw new IllegalArgumentException("target TPR must be in (0, 1], got " + tpr);
            }
            this.targetTpr = tpr;
            return this;
        }

        /** The output folder (its {@code stream/} and per-recognizer folders are replaced). */
        public Builder setOutputDirectory(Path dir) {
            check(output == null, "output directory");
            this.output = Objects.requireNonNull(dir, "output directory");
            return this;
        }

        /** Validates and builds. */
        public UnknownTaskStage build() {
            if (model == null) {
                throw new IllegalStateException("setSegmentationModel is required");
            }
            if (known == null) {
                throw new IllegalStateException("setKnownImages is required");
            }
            if (unknown == null) {
                throw new IllegalStateException("setUnknownImages is required");
            }
            if (output == null) {
                throw new IllegalStateException("setOutputDirectory is required");
            }
            return new UnknownTaskStage(this);
        }

        private static void check(boolean unset, String what) {
            if (!unset) {
                throw new IllegalStateException(what + " already set");
            }
        }
    }
}
