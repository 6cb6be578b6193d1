package org.lifelongseg.core.pipeline;

import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.recognize.UnknownTaskStage;
import org.lifelongseg.core.report.RecognitionResult;
import org.lifelongseg.core.train.StepResult;

/**
 * The lifelong pipeline's unknown-task recognition: when a method has learned every task, its
 * final model meets a stream of known images mixed with images of unknown kinds, and each
 * recognizer ({@link UnknownTaskStage#UNCERTAINTY}, then any added) sorts them into seen and unseen
 * after a calibration on the other half of the known images ({@link UnknownTaskStage}). The images
 * come from the caller, read only when needed.
 *
 * <pre>{@code
 * UnknownTaskRecognition recognition = UnknownTaskRecognition.builder()
 *         .setMethod("distill")                                  // whose final model recognizes
 *         .setKnownImages(() -> readFrames(valFolder))           // e.g. the evaluation frames
 *         .setUnknownImages(known -> Map.of("noise", noise(Math.max(2, known / 6))))
 *         .setOutputDirectory(out.resolve("recognition"))
 *         .build();
 * LifelongPipeline.builder()...optUnknownTaskRecognition(recognition)...
 * }</pre>
 *
 * <p>The model's input normalization and size are those the trainer attached to it (the data
 * provider's {@code inputSpec}); its calibration id is {@code <method>-step<N>}.
 */
public final class UnknownTaskRecognition {

    /** The known images, read when the recognition runs. */
    @FunctionalInterface
    public interface KnownImages {
        /**
         * The images of known tasks, at least 4, at the model's input size.
         *
         * @return the images (even indices calibrate, odd ones join the stream)
         * @throws IOException if they cannot be read
         */
        List<RgbImage> read() throws IOException;
    }

    /** The unknown images by kind, made when the recognition runs. */
    @FunctionalInterface
    public interface UnknownImages {
        /**
         * The images of each unknown kind (kind names: letters, digits, '_').
         *
         * @param knownImages how many known images there are (to keep the stream balanced)
         * @return the images by kind
         * @throws IOException if they cannot be read
         */
        Map<String, List<RgbImage>> make(int knownImages) throws IOException;
    }

    private final String method;
    private final KnownImages known;
    private final UnknownImages unknown;
    private final Map<String, UnknownTaskStage.ScorerFactory> scorers;
    private final double targetTpr;
    private final Path output;

    private UnknownTaskRecognition(Builder b) {
        this.method = b.method;
        this.known = b.known;
        this.unknown = b.unknown;
        this.scorers = ImmutableMap.copyOf(b.scorers); // in the order added
        this.targetTpr = b.targetTpr;
        this.output = b.output;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The method whose final model recognizes. */
    public String method() {
        return method;
    }

    /** Runs the recognizers with a method's final model; one result per recognizer. */
    List<RecognitionResult> run(StepResult finalModel) throws IOException {
        List<RgbImage> knownImages = known.read();
        UnknownTaskStage.Builder stage = UnknownTaskStage.builder()
                .setSegmentationModel(finalModel.model(), finalModel.classSpace().names(),
                        method + "-step" + (finalModel.step() + 1))
                .setKnownImages(knownImages)
                .setUnknownImages(unknown.make(knownImages.size()))
                .setOutputDirectory(output);
        scorers.forEach(stage::addScorer);
        if (!Double.isNaN(targetTpr)) {
            stage.optTargetTpr(targetTpr);
        }
        return stage.build().run();
    }

    /** Builder; method, known and unknown images and the output folder are required. */
    public static final class Builder {
        private String method;
        private KnownImages known;
        private UnknownImages unknown;
        private final Map<String, UnknownTaskStage.ScorerFactory> scorers = new LinkedHashMap<>();
        private double targetTpr = Double.NaN;
        private Path output;

        private Builder() {}

        /** The method (as named in the pipeline) whose final model recognizes. */
        public Builder setMethod(String method) {
            check(this.method == null, "method");
            this.method = Objects.requireNonNull(method, "method");
            return this;
        }

        /** Where the known images come from. */
        public Builder setKnownImages(KnownImages images) {
            check(known == null, "known images");
            this.known = Objects.requireNonNull(images, "known images");
            return this;
        }

        /** Where the unknown images come from. */
        public Builder setUnknownImages(UnknownImages images) {
            check(unknown == null, "unknown images");
            this.unknown = Objects.requireNonNull(images, "unknown images");
            return this;
        }

        /** Another recognizer beside the segmentation model's confidence ({@link UnknownTaskStage#addScorer}). */
        public Builder addScorer(String name, UnknownTaskStage.ScorerFactory factory) {
            Objects.requireNonNull(name, "recognizer name");
            check(!scorers.containsKey(name), "recognizer '" + name + "'");
            UnknownTaskStage.builder().addScorer(name, factory); // checks the name
            scorers.put(name, factory);
            return this;
        }

        /** The TPR the thresholds are calibrated to (default 0.95). */
        public Builder optTargetTpr(double tpr) {
            check(Double.isNaN(targetTpr), "target TPR");
            UnknownTaskStage.builder().optTargetTpr(tpr); // checks the range
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
        public UnknownTaskRecognition build() {
            if (method == null) {
                throw new IllegalStateException("setMethod is required: whose final model recognizes");
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
            return new UnknownTaskRecognition(this);
        }

        private static void check(boolean unset, String what) {
            if (!unset) {
                throw new IllegalStateException(what + " already set");
            }
        }
    }
}
