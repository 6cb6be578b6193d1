package org.lifelongseg.cityscapes.train;

import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lifelongseg.cityscapes.data.CityscapesDataset;
import org.lifelongseg.cityscapes.synthetic.SyntheticStreetScenes;
import org.lifelongseg.cityscapes.transform.SegmentationTransform;
import org.lifelongseg.cityscapes.transform.TransformSettings;
import org.lifelongseg.core.data.SegmentationDataset;
import org.lifelongseg.core.infer.InputSpec;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.train.LabelScope;
import org.lifelongseg.core.train.TaskDataProvider;

/**
 * The trainer's data from a Cityscapes-layout directory (the real dataset or one written by
 * {@link SyntheticStreetScenes}): step k trains on the task's images of the train split with the
 * reference augmentation, labels in {@code classSpaceAfter(k)}; validation uses the sequence's
 * validation images (the protocol: erfurt of the train split) with every seen class labelled.
 *
 * <pre>{@code
 * TaskDataProvider real = CityscapesTaskData.builder().setRoot(Path.of("/data/cityscapes")).build();
 * TaskDataProvider synthetic = CityscapesTaskData.synthetic(dir,
 *         SyntheticStreetScenes.builder().optSize(128, 64).build());   // writes it if absent
 * }</pre>
 */
public final class CityscapesTaskData implements TaskDataProvider {

    /** The split models are evaluated on ({@link #evaluationData}). */
    public static final String EVALUATION_SPLIT = "val";

    private final Path root;
    private final TransformSettings settings;
    private final String validationSplit;
    private final ImageFilter validationImages;
    private final boolean validation;
    private final int numWorkers;

    private CityscapesTaskData(Builder b) {
        this.root = b.root;
        this.settings = b.settings == null ? TransformSettings.reference() : b.settings;
        this.validationSplit = b.validationSplit == null ? "train" : b.validationSplit;
        this.validationImages = b.validationImages;
        this.validation = b.validation == null || b.validation;
        this.numWorkers = b.numWorkers;
    }

    /** A new builder; {@code setRoot} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Data from a synthetic dataset under {@code root}, written by {@code generator} unless
     * {@code root/leftImg8bit} exists; transforms sized for its frames ({@link
     * #settingsFor(int, int)}).
     *
     * @param root the dataset folder
     * @param generator the generator (its frame size must be given to {@link #settingsFor})
     * @param width the generator's frame width
     * @param height the generator's frame height
     * @return the provider
     * @throws IOException if writing fails
     */
    public static CityscapesTaskData synthetic(Path root, SyntheticStreetScenes generator, int width,
            int height) throws IOException {
        if (!Files.isDirectory(root.resolve("leftImg8bit"))) {
            generator.writeTo(root);
        }
        return builder().setRoot(root).optTransform(settingsFor(width, height)).build();
    }

    /**
     * Transform settings for small frames: resize to the frame size, downscale up to 1.25, crop
     * the largest multiple of 32 that fits, evaluation at the frame size with labels resized.
     *
     * @param width frame width (a multiple of 32 for evaluation)
     * @param height frame height (a multiple of 32 for evaluation)
     * @return the settings
     */
    public static TransformSettings settingsFor(int width, int height) {
        int cropH = Math.max(32, (int) (height / 1.25) / 32 * 32);
        int cropW = Math.max(32, (int) (width / 1.25) / 32 * 32);
        return TransformSettings.builder()
                .optResize(width, height)
                .optMaxDownscale(Math.min(1.25, Math.min(height / (double) cropH, width / (double) cropW)))
                .optCrop(cropW, cropH)
                .optEvalResizeLabels(true)
                .build();
    }

    /** The dataset root. */
    public Path root() {
        return root;
    }

    /** The transform settings. */
    public TransformSettings settings() {
        return settings;
    }

    @Override
    public SegmentationDataset trainingData(TaskSequence sequence, int step, LabelScope scope,
            int batchSize, long seed) {
        CityscapesDataset.Builder b = CityscapesDataset.builder()
                .optRoot(root)
                .setSplit("train")
                .setTransform(SegmentationTransform.training(settings))
                .setSampling(batchSize, true, true)
                .optSeed(seed);
        if (numWorkers > 0) {
            b.optNumWorkers(numWorkers);
        }
        if (scope == LabelScope.NEW_CLASSES) {
            b.optTask(sequence, step);
        } else {
            b.optLabels(sequence.classSpaceAfter(step), sequence.classSpaceAfter(step).names())
                    .optImages(sequence.task(step).images());
        }
        return b.build();
    }

    @Override
    public Optional<SegmentationDataset> validationData(TaskSequence sequence, int step, int batchSize) {
        if (!validation) {
            return Optional.empty();
        }
        Optional<ImageFilter> images = validationImages != null
                ? Optional.of(validationImages) : sequence.validationImages();
        if (images.isEmpty()) {
            return Optional.empty();
        }
        CityscapesDataset.Builder b = CityscapesDataset.builder()
                .optRoot(root)
                .setSplit(validationSplit)
                .setTransform(SegmentationTransform.evaluation(settings))
                .setSampling(batchSize, false, false)
                .optLabels(sequence.classSpaceAfter(step), sequence.classSpaceAfter(step).names())
                .optImages(images.get());
        if (numWorkers > 0) {
            b.optNumWorkers(numWorkers);
        }
        return Optional.of(b.build());
    }

    /**
     * The {@value #EVALUATION_SPLIT} split with the evaluation transform (as {@code SplitEvaluator}
     * reads it), {@code classes} labelled.
     */
    @Override
    public Optional<SegmentationDataset> evaluationData(ClassSpace classes, int batchSize) {
        CityscapesDataset.Builder b = CityscapesDataset.builder()
                .optRoot(root)
                .setSplit(EVALUATION_SPLIT)
                .setTransform(SegmentationTransform.evaluation(settings))
                .setSampling(batchSize, false, false)
                .optLabels(classes, classes.names());
        if (numWorkers > 0) {
            b.optNumWorkers(numWorkers);
        }
        return Optional.of(b.build());
    }

    /** The evaluation transform's normalization and size, with the dataset folder's name. */
    @Override
    public Optional<InputSpec> inputSpec(ClassSpace classes) {
        Path name = root.getFileName();
        return Optional.of(InputSpec.builder()
                .setClassNames(classes.names())
                .setNormalization(settings.normalization())
                .optInputSize(settings.evalWidth(), settings.evalHeight())
                .optDataset(name == null ? root.toString() : name.toString())
                .build());
    }

    @Override
    public Map<String, String> describe() {
        return ImmutableMap.of(
                "root", root.toString(),
                "transform", settings.toString(),
                "validation", validation ? validationSplit + " " + validationImages : "off");
    }

    @Override
    public String toString() {
        return "CityscapesTaskData" + describe();
    }

    /** Builds {@link CityscapesTaskData}; a setting given twice is an error. */
    public static final class Builder {
        private Path root;
        private TransformSettings settings;
        private String validationSplit;
        private ImageFilter validationImages;
        private Boolean validation;
        private int numWorkers;

        private Builder() {}

        /** The dataset root (required). */
        public Builder setRoot(Path root) {
            if (this.root != null) {
                throw new IllegalStateException("root given twice");
            }
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /** The transform settings (default {@link TransformSettings#reference()}). */
        public Builder optTransform(TransformSettings settings) {
            if (this.settings != null) {
                throw new IllegalStateException("transform given twice");
            }
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Validates on these images of this split (default: the sequence's validation images on
         * the train split).
         */
        public Builder optValidation(String split, ImageFilter images) {
            if (this.validationSplit != null || this.validation != null) {
                throw new IllegalStateException("validation given twice");
            }
            this.validationSplit = Objects.requireNonNull(split, "split");
            this.validationImages = Objects.requireNonNull(images, "images");
            return this;
        }

        /** No validation data. */
        public Builder optNoValidation() {
            if (this.validationSplit != null || this.validation != null) {
                throw new IllegalStateException("validation given twice");
            }
            this.validation = false;
            return this;
        }

        /** Loader threads per dataset (default: the dataset's). */
        public Builder optNumWorkers(int numWorkers) {
            if (this.numWorkers != 0) {
                throw new IllegalStateException("number of workers given twice");
            }
            if (numWorkers < 1) {
                throw new IllegalArgumentException("number of workers must be >= 1, got " + numWorkers);
            }
            this.numWorkers = numWorkers;
            return this;
        }

        /** Validates and builds. */
        public CityscapesTaskData build() {
            if (root == null) {
                throw new IllegalStateException("the dataset root is required (setRoot)");
            }
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("Cityscapes root " + root + " is not a directory");
            }
            return new CityscapesTaskData(this);
        }
    }
}
