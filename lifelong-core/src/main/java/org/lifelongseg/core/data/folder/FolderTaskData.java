package org.lifelongseg.core.data.folder;

import com.google.common.collect.ImmutableMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lifelongseg.core.data.SegmentationDataset;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.infer.InputSpec;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.train.LabelScope;
import org.lifelongseg.core.train.TaskDataProvider;

/**
 * The trainer's data from a folder dataset (see {@link FolderLayout}): step k trains on the
 * task's images of the {@code train} split, augmented by seed, labels in {@code
 * classSpaceAfter(k)}; validation (optional) uses a split of its own or the sequence's
 * validation images of the train split, with every seen class labelled.
 *
 * <pre>{@code
 * FolderTaskData data = FolderTaskData.builder()
 *         .setRoot(Path.of("data/shapes"))       // classes.txt, images/train, labels/train, ...
 *         .optResize(128, 64)                    // width, height
 *         .optCrop(96, 64)
 *         .optValidationSplit("val")
 *         .build();
 * TaskSequence split = TaskSequence.builder()
 *         .addTask(Task.of("ground", List.of("grass", "path"), ImageFilter.randomPartition(7, 2, 0)))
 *         .addTask(Task.of("things", List.of("ball", "dog"), ImageFilter.randomPartition(7, 2, 1)))
 *         .build();
 * LifelongTrainer.forTasks(split).data(data)...
 * }</pre>
 *
 * <p>Defaults: no resize and no crop (images must then share one size to be batched), horizontal
 * flip with probability 1/2, ImageNet normalization, the dataset's default loader threads.
 * Images are identified by file name (without extension) and grouped by the name's prefix before
 * the first {@code '_'} (see {@link FolderSample}), so {@link ImageFilter#ids}, {@link
 * ImageFilter#groups} and {@link ImageFilter#randomPartition} all select from a folder. Every task
 * class must be listed in {@code classes.txt}; the error names the file and the class.
 */
public final class FolderTaskData implements TaskDataProvider {

    /** The split training reads. */
    public static final String TRAIN_SPLIT = "train";

    /** The split models are evaluated on by default ({@link #evaluationData(ClassSpace, int)}). */
    public static final String EVALUATION_SPLIT = "val";

    private final FolderLayout layout;
    private final FolderTransform transform;
    private final String validationSplit;
    private final int numWorkers;

    private FolderTaskData(FolderLayout layout, FolderTransform transform, String validationSplit,
            int numWorkers) {
        this.layout = layout;
        this.transform = transform;
        this.validationSplit = validationSplit;
        this.numWorkers = numWorkers;
    }

    /** A new builder; {@code setRoot} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The dataset's files. */
    public FolderLayout layout() {
        return layout;
    }

    /** The dataset's classes (label value i = class i). */
    public ClassSpace classes() {
        return layout.classes();
    }

    /** The training transform; validation and evaluation use {@code transform().forEvaluation()}. */
    public FolderTransform transform() {
        return transform;
    }

    /** The validation split, if one was set. */
    public Optional<String> validationSplit() {
        return Optional.ofNullable(validationSplit);
    }

    @Override
    public SegmentationDataset trainingData(TaskSequence sequence, int step, LabelScope scope,
            int batchSize, long seed) {
        FolderDataset.Builder b = FolderDataset.builder()
                .setLayout(layout)
                .setSplit(TRAIN_SPLIT)
                .optTransform(transform)
                .setSampling(batchSize, true, true)
                .optSeed(seed);
        if (scope == LabelScope.NEW_CLASSES) {
            b.optTask(sequence, step);
        } else {
            try {
                sequence.requireKnownClasses(layout.classes().names());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(layout.classesFile() + ": " + e.getMessage(), e);
            }
            b.optLabels(sequence.classSpaceAfter(step), sequence.classSpaceAfter(step).names())
                    .optImages(sequence.task(step).images());
        }
        return workers(b).build();
    }

    @Override
    public Optional<SegmentationDataset> validationData(TaskSequence sequence, int step, int batchSize) {
        if (validationSplit != null) {
            return Optional.of(evaluationData(validationSplit, sequence.classSpaceAfter(step), batchSize));
        }
        if (sequence.validationImages().isEmpty()) {
            return Optional.empty();
        }
        ClassSpace seen = sequence.classSpaceAfter(step);
        return Optional.of(workers(FolderDataset.builder()
                .setLayout(layout)
                .setSplit(TRAIN_SPLIT)
                .optTransform(transform.forEvaluation())
                .setSampling(batchSize, false, false)
                .optLabels(seen, seen.names())
                .optImages(sequence.validationImages().get()))
                .build());
    }

    /**
     * Every image of a split, unaugmented, with every class of a model labelled by its channel:
     * the data to evaluate a model on (e.g. with {@code DatasetEvaluator}).
     *
     * @param split the split, e.g. {@code "val"}
     * @param modelClasses the model's classes in channel order (all listed in {@code classes.txt})
     * @param batchSize images per batch
     * @return the dataset, in file name order
     * @throws IllegalArgumentException naming {@code classes.txt} if a model class is not in it
     */
    public FolderDataset evaluationData(String split, ClassSpace modelClasses, int batchSize) {
        return workers(FolderDataset.builder()
                .setLayout(layout)
                .setSplit(split)
                .optTransform(transform.forEvaluation())
                .setSampling(batchSize, false, false)
                .optLabels(modelClasses, modelClasses.names()))
                .build();
    }

    /**
     * Every image of the {@value #EVALUATION_SPLIT} split as {@link #evaluationData(String,
     * ClassSpace, int)} gives it, or empty if the dataset has no such split.
     */
    @Override
    public Optional<SegmentationDataset> evaluationData(ClassSpace classes, int batchSize) {
        if (!Files.isDirectory(layout.imagesDirectory(EVALUATION_SPLIT))) {
            return Optional.empty();
        }
        return Optional.of(evaluationData(EVALUATION_SPLIT, classes, batchSize));
    }

    private FolderDataset.Builder workers(FolderDataset.Builder b) {
        return numWorkers > 0 ? b.optNumWorkers(numWorkers) : b;
    }

    /** The evaluation transform's normalization and size (unknown without a resize), with the folder's name. */
    @Override
    public Optional<InputSpec> inputSpec(ClassSpace classes) {
        Path name = layout.root().getFileName();
        InputSpec.Builder b = InputSpec.builder()
                .setClassNames(classes.names())
                .setNormalization(transform.normalization())
                .optDataset(name == null ? layout.root().toString() : name.toString());
        if (transform.resizes()) {
            b.optInputSize(transform.resizeWidth(), transform.resizeHeight());
        }
        return Optional.of(b.build());
    }

    @Override
    public Map<String, String> describe() {
        return ImmutableMap.of(
                "data", "folder",
                "root", layout.root().toString(),
                "classes", String.join(",", layout.classes().names()),
                "transform", transform.toString(),
                "validation", validationSplit != null ? "split " + validationSplit : "sequence");
    }

    @Override
    public String toString() {
        return "FolderTaskData" + describe();
    }

    /** Builds {@link FolderTaskData}; a setting given twice is an error. */
    public static final class Builder {
        private Path root;
        // the transform settings are FolderTransform's own (it refuses a setting given twice)
        private final FolderTransform.Builder transform = FolderTransform.builder();
        private boolean flipSet;
        private String validationSplit;
        private int numWorkers;

        private Builder() {}

        /** The dataset folder (required). */
        public Builder setRoot(Path root) {
            if (this.root != null) {
                throw new IllegalStateException("root given twice");
            }
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /** Resizes every image to {@code width x height} (default: keep the size). */
        public Builder optResize(int width, int height) {
            transform.optResize(width, height);
            return this;
        }

        /** Crops a random {@code width x height} window of every training image (default: none). */
        public Builder optCrop(int width, int height) {
            transform.optCrop(width, height);
            return this;
        }

        /** Mirrors training images left-right with probability 1/2 (default true). */
        public Builder optHorizontalFlip(boolean flip) {
            transform.optHorizontalFlip(flip);
            flipSet = true;
            return this;
        }

        /** The input normalization (default {@link Normalization#IMAGENET}). */
        public Builder optNormalization(Normalization normalization) {
            transform.optNormalization(normalization);
            return this;
        }

        /** Validates on every image of this split (default: the sequence's validation images). */
        public Builder optValidationSplit(String split) {
            if (this.validationSplit != null) {
                throw new IllegalStateException("validation split given twice");
            }
            this.validationSplit = Objects.requireNonNull(split, "split");
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

        /**
         * Reads {@code classes.txt}, checks the split folders and builds.
         *
         * @throws IllegalArgumentException naming the file or folder that is missing or malformed
         */
        public FolderTaskData build() {
            if (root == null) {
                throw new IllegalStateException("the dataset root is required (setRoot)");
            }
            if (!flipSet) {
                transform.optHorizontalFlip(true);
                flipSet = true;
            }
            FolderTransform t = transform.build();
            FolderLayout layout = FolderLayout.at(root);
            for (String split : validationSplit == null
                    ? new String[] {TRAIN_SPLIT} : new String[] {TRAIN_SPLIT, validationSplit}) {
                Path images = layout.imagesDirectory(split);
                if (!Files.isDirectory(images)) {
                    throw new IllegalArgumentException("folder dataset " + root + " has no " + split
                            + " split: " + images + " is not a directory; splits: " + layout.splits());
                }
            }
            return new FolderTaskData(layout, t, validationSplit, numWorkers);
        }
    }
}
