package org.lifelongseg.examples.pipeline;

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
import org.lifelongseg.cityscapes.synthetic.OutOfDomainScenes;
import org.lifelongseg.core.checkpoint.AtomicFiles;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.recognize.CalibratedRecognizer;
import org.lifelongseg.core.recognize.Calibration;
import org.lifelongseg.core.recognize.KnownnessScorer;
import org.lifelongseg.core.recognize.OpenSetMetrics;
import org.lifelongseg.core.recognize.RecognitionPipeline;
import org.lifelongseg.core.recognize.RecognitionRound;
import org.lifelongseg.core.recognize.SampleScore;
import org.lifelongseg.core.recognize.SegmentationConfidenceScorer;
import org.lifelongseg.core.report.RecognitionResult;
import org.lifelongseg.erfnet.recognize.ProserRecognizer;

/**
 * The lifelong pipeline's unknown-task recognition stage: calibrates each recognizer on half of the
 * known validation images, recognizes a mixed stream (the other half + generated unknown scenes),
 * writes {@code seen.txt}, {@code unseen.txt}, {@code unseen/} and {@code recognition.json} per
 * recognizer and returns AUROC, FPR@95TPR, threshold and samples_transfer_ratio for the report.
 *
 * <pre>{@code
 * List<RecognitionResult> rec = UnknownTaskStage.builder()
 *         .setSegmentationModel(step.model(), step.classSpace().names(), "distill-task123")
 *         .setKnownImages(knownValidationImages)                  // e.g. synthetic val frames
 *         .optGeneratedUnknowns(10, 5, 256, 128)                 // 10 per kind, seed 5
 *         .optProser(List.of("sim"), List.of(knownTrainImages))   // optional, adds "placeholder"
 *         .setOutputDirectory(runDir.resolve("recognition"))
 *         .build().run();
 * rec.forEach(runResultsBuilder::addRecognition);
 * }</pre>
 *
 * <p>Recognizers: {@code uncertainty} (mean max-softmax of the segmentation model, always) and
 * {@code placeholder} (PROSER trained on the given known kinds; with one kind given, the known
 * images are split into two halves by index so that mixup has two classes). Files:
 * {@code out/stream/} (the mixed stream as PNGs: {@code known_NNNN.png}, {@code <kind>_NNNNNN.png}),
 * {@code out/<recognizer>/...}. The segmentation model is not closed.
 */
public final class UnknownTaskStage {

    private final Model model;
    private final List<String> classNames;
    private final String modelId;
    private final Normalization normalization;
    private final int inputWidth;
    private final int inputHeight;
    private final List<RgbImage> known;
    private final Map<String, List<RgbImage>> unknown;
    private final List<String> proserNames;
    private final List<List<RgbImage>> proserImages;
    private final double targetTpr;
    private final long seed;
    private final int proserSteps;
    private final Path output;

    private UnknownTaskStage(Builder b) {
        this.model = b.model;
        this.classNames = b.classNames;
        this.modelId = b.modelId;
        this.normalization = b.normalization == null ? Normalization.IMAGENET : b.normalization;
        this.inputWidth = b.inputWidth == 0 ? 256 : b.inputWidth;
        this.inputHeight = b.inputWidth == 0 ? 128 : b.inputHeight;
        this.known = b.known;
        this.unknown = b.unknown;
        this.proserNames = b.proserNames;
        this.proserImages = b.proserImages;
        this.targetTpr = Double.isNaN(b.targetTpr) ? 0.95 : b.targetTpr;
        this.seed = b.seed == null ? 1 : b.seed;
        this.proserSteps = b.proserSteps == 0 ? 200 : b.proserSteps;
        this.output = b.output;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs every recognizer; one result per recognizer, {@code uncertainty} first. */
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
                ImageFiles.writePng(streamKnown.get(i).toBufferedImage(), d.resolve(String.format(Locale.ROOT, "known_%04d.png", i)));
            }
            for (Map.Entry<String, List<RgbImage>> e : unknown.entrySet()) {
                for (int i = 0; i < e.getValue().size(); i++) {
                    ImageFiles.writePng(e.getValue().get(i).toBufferedImage(),
                            d.resolve(String.format(Locale.ROOT, "%s_%06d.png", e.getKey(), i)));
                }
            }
        });
        for (int i = 0; i < streamKnown.size(); i++) {
            Path p = streamDir.resolve(String.format(Locale.ROOT, "known_%04d.png", i));
            stream.add(p);
            kindOf.put(p, null);
        }
        for (Map.Entry<String, List<RgbImage>> e : unknown.entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) {
                Path p = streamDir.resolve(String.format(Locale.ROOT, "%s_%06d.png", e.getKey(), i));
                stream.add(p);
                kindOf.put(p, e.getKey());
            }
        }
        List<RecognitionResult> out = new ArrayList<>();
        try (SegmentationConfidenceScorer scorer = SegmentationConfidenceScorer.builder().setModel(model)
                .optClassNames(classNames).optModelId(modelId).optNormalization(normalization)
                .optInputSize(inputWidth, inputHeight).build()) {
            out.add(evaluate("uncertainty", scorer, calibration, stream, kindOf));
        }
        if (proserNames != null) {
            List<String> names = proserNames;
            List<List<RgbImage>> images = proserImages;
            if (names.size() == 1) {
                List<RgbImage> a = new ArrayList<>();
                List<RgbImage> b = new ArrayList<>();
                for (int i = 0; i < images.get(0).size(); i++) {
                    (i % 2 == 0 ? a : b).add(images.get(0).get(i));
                }
                names = List.of(names.get(0) + "_a", names.get(0) + "_b");
                images = List.of(a, b);
            }
            try (ProserRecognizer proser = ProserRecognizer.trainer().setClassNames(names)
                    .setTrainingImages(images).optSteps(proserSteps).optSeed(seed).train()) {
                out.add(evaluate("placeholder", proser, calibration, stream, kindOf));
            }
        }
        return ImmutableList.copyOf(out);
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
        private List<String> proserNames;
        private List<List<RgbImage>> proserImages;
        private double targetTpr = Double.NaN;
        private Long seed;
        private int proserSteps;
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

        /** The model's input normalization (default ImageNet) and input size (default 256x128). */
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

        /** Unknown images from {@link OutOfDomainScenes}: {@code perKind} of every kind at the given size. */
        public Builder optGeneratedUnknowns(int perKind, long generatorSeed, int width, int height) {
            if (perKind <= 0) {
                throw new IllegalArgumentException("images per kind must be > 0, got " + perKind);
            }
            OutOfDomainScenes gen = OutOfDomainScenes.builder().optSeed(generatorSeed).optSize(width, height).build();
            Map<String, List<RgbImage>> m = new LinkedHashMap<>();
            for (OutOfDomainScenes.Kind k : OutOfDomainScenes.Kind.values()) {
                List<RgbImage> l = new ArrayList<>();
                for (int i = 0; i < perKind; i++) {
                    l.add(gen.render(k, i));
                }
                m.put(k.key(), l);
            }
            return setUnknownImages(m);
        }

        /** Also run PROSER, trained on these known kinds (one or more; see the class doc). */
        public Builder optProser(List<String> kindNames, List<List<RgbImage>> trainingImages) {
            check(proserNames == null, "PROSER training data");
            if (kindNames.isEmpty() || kindNames.size() != trainingImages.size()) {
                throw new IllegalArgumentException(kindNames.size() + " PROSER kinds but "
                        + trainingImages.size() + " image lists");
            }
            this.proserNames = ImmutableList.copyOf(kindNames);
            this.proserImages = trainingImages.stream().map(l -> (List<RgbImage>) ImmutableList.copyOf(l)).toList();
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

        /** PROSER's training steps (default 200, about 25 s on 2 cores). */
        public Builder optProserSteps(int steps) {
            check(proserSteps == 0, "PROSER steps");
            if (steps <= 0) {
                throw new IllegalArgumentException("PROSER steps must be > 0, got " + steps);
            }
            this.proserSteps = steps;
            return this;
        }

        /** PROSER's training seed (default 1). */
        public Builder optSeed(long seed) {
            check(this.seed == null, "seed");
            this.seed = seed;
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
                throw new IllegalStateException("setUnknownImages or optGeneratedUnknowns is required");
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
