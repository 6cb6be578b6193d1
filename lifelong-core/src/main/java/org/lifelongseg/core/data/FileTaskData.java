package org.lifelongseg.core.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lifelongseg.core.data.transform.SegmentationTransform;
import org.lifelongseg.core.data.transform.TransformSettings;
import org.lifelongseg.core.infer.InputSpec;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.train.LabelScope;
import org.lifelongseg.core.train.TaskDataProvider;

/**
 * The trainer's data from a dataset on disk ({@link FileDataset}): step k trains on the task's
 * images of the {@value #TRAIN_SPLIT} split, augmented by seed ({@link
 * SegmentationTransform#training}), labels in {@code classSpaceAfter(k)}; validation uses the
 * sequence's validation images of the train split (by default), images of a split of its own, or
 * nothing; validation and evaluation transform without augmentation ({@link
 * SegmentationTransform#evaluation}) and label every class of the model. Subclasses say which
 * dataset the files form (e.g. {@code FolderTaskData}, {@code CityscapesTaskData}).
 *
 * <pre>{@code
 * FileTaskData<FolderSample> data = FolderTaskData.builder().setRoot(root).build();
 * SegmentationDataset step1 = data.trainingData(sequence, 1, LabelScope.NEW_CLASSES, 6, 1234);
 * FileDataset<FolderSample> val = data.evaluationData("val", model.classes(), 4);
 * }</pre>
 *
 * @param <S> the sample type
 */
public abstract class FileTaskData<S extends SampleFiles> implements TaskDataProvider {

    /** The split training reads. */
    public static final String TRAIN_SPLIT = "train";

    /** The split models are evaluated on by default ({@link #evaluationData(ClassSpace, int)}). */
    public static final String EVALUATION_SPLIT = "val";

    private final Path root;
    private final TransformSettings settings;
    private final boolean validates;
    private final String validationSplit;
    private final ImageFilter validationImages;
    private final String evaluationSplit;
    private final int numWorkers;

    /** Creates the data from its builder, checked by the subclass's {@code build()}. */
    protected FileTaskData(Builder<?> b) {
        this.root = b.root;
        this.settings = b.settings != null ? b.settings : b.defaultSettings();
        this.validates = b.validates;
        this.validationSplit = b.validationSplit;
        this.validationImages = b.validationImages;
        this.evaluationSplit = b.evaluationSplit != null ? b.evaluationSplit : EVALUATION_SPLIT;
        this.numWorkers = b.numWorkers;
    }

    /** A builder of this data's dataset over its files (split, labels and transform not set). */
    protected abstract FileDataset.Builder<S, ?> dataset();

    /** The dataset folder. */
    public Path root() {
        return root;
    }

    /** The transform settings: training augments by them, validation and evaluation only resize. */
    public TransformSettings settings() {
        return settings;
    }

    /** Whether the data has validation data (if the sequence names validation images, by default). */
    public boolean validates() {
        return validates;
    }

    /** The split validation reads, if not the sequence's validation images of the train split. */
    public Optional<String> validationSplit() {
        return Optional.ofNullable(validationSplit);
    }

    /** The images of {@link #validationSplit()} validation reads, if not all. */
    public Optional<ImageFilter> validationImages() {
        return Optional.ofNullable(validationImages);
    }

    /** The split models are evaluated on (default {@value #EVALUATION_SPLIT}). */
    public String evaluationSplit() {
        return evaluationSplit;
    }

    @Override
    public FileDataset<S> trainingData(TaskSequence sequence, int step, LabelScope scope,
            int batchSize, long seed) {
        FileDataset.Builder<S, ?> b = workers(dataset())
                .setSplit(TRAIN_SPLIT)
                .optTransform(SegmentationTransform.training(settings))
                .setSampling(batchSize, true, true)
                .optSeed(seed);
        if (scope == LabelScope.NEW_CLASSES) {
            b.optTask(sequence, step);
        } else {
            b.requireKnownClasses(sequence);
            ClassSpace seen = sequence.classSpaceAfter(step);
            b.optLabels(seen, seen.names()).optImages(sequence.task(step).images());
        }
        return b.build();
    }

    @Override
    public Optional<SegmentationDataset> validationData(TaskSequence sequence, int step, int batchSize) {
        if (!validates) {
            return Optional.empty();
        }
        Optional<ImageFilter> images = validationSplit != null
                ? Optional.ofNullable(validationImages) : sequence.validationImages();
        if (validationSplit == null && images.isEmpty()) {
            return Optional.empty();
        }
        FileDataset.Builder<S, ?> b = evaluation(validationSplit != null ? validationSplit : TRAIN_SPLIT,
                sequence.classSpaceAfter(step), batchSize);
        images.ifPresent(b::optImages);
        return Optional.of(b.build());
    }

    /**
     * Every image of a split, unaugmented, with every class of a model labelled by its channel:
     * the data to evaluate a model on (e.g. with {@code DatasetEvaluator}).
     *
     * @param split the split, e.g. {@code "val"}
     * @param modelClasses the model's classes in channel order (all classes of the dataset)
     * @param batchSize images per batch
     * @return the dataset, in the layout's order
     * @throws IllegalArgumentException naming the split or class if the split is missing or a
     *     model class is not a class of the dataset
     */
    public FileDataset<S> evaluationData(String split, ClassSpace modelClasses, int batchSize) {
        return evaluation(split, modelClasses, batchSize).build();
    }

    /**
     * Every image of the {@link #evaluationSplit()}, as {@link #evaluationData(String, ClassSpace,
     * int)} gives it.
     *
     * @throws IllegalArgumentException naming the split if the dataset has none
     */
    @Override
    public Optional<SegmentationDataset> evaluationData(ClassSpace classes, int batchSize) {
        return Optional.of(evaluationData(evaluationSplit, classes, batchSize));
    }

    private FileDataset.Builder<S, ?> evaluation(String split, ClassSpace modelClasses, int batchSize) {
        return workers(dataset())
                .setSplit(split)
                .optTransform(SegmentationTransform.evaluation(settings))
                .setSampling(batchSize, false, false)
                .optLabels(modelClasses, modelClasses.names());
    }

    private FileDataset.Builder<S, ?> workers(FileDataset.Builder<S, ?> b) {
        return numWorkers > 0 ? b.optNumWorkers(numWorkers) : b;
    }

    /**
     * The evaluation transform's normalization and size (none when evaluation keeps the image
     * size), with the dataset folder's name and the {@link #classColors()} of the classes when the
     * dataset gives every one of them a colour.
     */
    @Override
    public Optional<InputSpec> inputSpec(ClassSpace classes) {
        Path name = root.getFileName();
        InputSpec.Builder b = InputSpec.builder()
                .setClassNames(classes.names())
                .setNormalization(settings.normalization())
                .optDataset(name == null ? root.toString() : name.toString());
        if (settings.evalResizes()) {
            b.optInputSize(settings.evalWidth(), settings.evalHeight());
        }
        Map<String, Integer> colors = classColors();
        if (!classes.names().isEmpty() && colors.keySet().containsAll(classes.names())) {
            Map<String, Integer> own = new LinkedHashMap<>();
            classes.names().forEach(n -> own.put(n, colors.get(n)));
            b.optClassColors(own);
        }
        return Optional.of(b.build());
    }

    /**
     * The colours (0xRRGGBB) the dataset gives its classes, by class name, recorded in the models'
     * {@link InputSpec}; empty when it gives none (Cityscapes: its palette follows from the class
     * names).
     */
    public Map<String, Integer> classColors() {
        return Map.of();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + describe();
    }

    /**
     * Builder base; {@code setRoot} is required, every setting may be given once.
     *
     * @param <T> the builder type
     */
    public abstract static class Builder<T extends Builder<T>> {
        private Path root;
        private TransformSettings settings;
        private boolean validationSet;
        private boolean validates = true;
        private String validationSplit;
        private ImageFilter validationImages;
        private String evaluationSplit;
        private int numWorkers;

        /** For subclasses. */
        protected Builder() {}

        /** This builder. */
        protected abstract T self();

        /** The transform settings when {@link #optTransform} is not given. */
        protected abstract TransformSettings defaultSettings();

        /** The dataset folder (required). */
        public T setRoot(Path root) {
            if (this.root != null) {
                throw new IllegalStateException("root given twice");
            }
            this.root = Objects.requireNonNull(root, "root");
            return self();
        }

        /** The transform settings (default: the subclass's, see {@link #defaultSettings()}). */
        public T optTransform(TransformSettings settings) {
            if (this.settings != null) {
                throw new IllegalStateException("transform given twice");
            }
            this.settings = Objects.requireNonNull(settings, "settings");
            return self();
        }

        /**
         * Validates on these images of this split (default: the sequence's validation images on
         * the train split).
         */
        public T optValidation(String split, ImageFilter images) {
            validationOnce();
            this.validationSplit = Objects.requireNonNull(split, "split");
            this.validationImages = Objects.requireNonNull(images, "images");
            return self();
        }

        /** Validates on every image of this split (default: the sequence's validation images). */
        public T optValidationSplit(String split) {
            validationOnce();
            this.validationSplit = Objects.requireNonNull(split, "split");
            return self();
        }

        /** The split models are evaluated on (default {@value FileTaskData#EVALUATION_SPLIT}). */
        public T optEvaluationSplit(String split) {
            if (evaluationSplit != null) {
                throw new IllegalStateException("evaluation split given twice");
            }
            this.evaluationSplit = Objects.requireNonNull(split, "split");
            return self();
        }

        /** No validation data. */
        public T optNoValidation() {
            validationOnce();
            this.validates = false;
            return self();
        }

        private void validationOnce() {
            if (validationSet) {
                throw new IllegalStateException("validation given twice");
            }
            validationSet = true;
        }

        /** Loader threads per dataset (default: the dataset's). */
        public T optNumWorkers(int numWorkers) {
            if (this.numWorkers != 0) {
                throw new IllegalStateException("number of workers given twice");
            }
            if (numWorkers < 1) {
                throw new IllegalArgumentException("number of workers must be >= 1, got " + numWorkers);
            }
            this.numWorkers = numWorkers;
            return self();
        }

        /**
         * The root, for a subclass's {@code build()}.
         *
         * @throws IllegalStateException if it was not set
         */
        protected Path requireRoot() {
            if (root == null) {
                throw new IllegalStateException("the dataset root is required (setRoot)");
            }
            return root;
        }

        /** Whether {@link #optTransform} was given. */
        protected boolean transformGiven() {
            return settings != null;
        }

        /** The split validation reads, if one was given. */
        protected Optional<String> validationSplit() {
            return Optional.ofNullable(validationSplit);
        }
    }
}
