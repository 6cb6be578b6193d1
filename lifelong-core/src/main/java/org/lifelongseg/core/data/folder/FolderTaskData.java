package org.lifelongseg.core.data.folder;

import com.google.common.collect.ImmutableMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.lifelongseg.core.data.BadSampleException;
import org.lifelongseg.core.data.FileTaskData;
import org.lifelongseg.core.data.SampleReader;
import org.lifelongseg.core.data.transform.TransformSettings;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.image.PngDecoder;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.train.LabelScope;

/**
 * The trainer's data from a folder dataset (see {@link FolderLayout}): step k trains on the
 * task's images of the {@code train} split, augmented by seed, labels in {@code
 * classSpaceAfter(k)}; validation (optional) uses a split of its own or the sequence's
 * validation images of the train split, with every seen class labelled. Training, validation and
 * evaluation data are those of every {@link FileTaskData}.
 *
 * <pre>{@code
 * FolderTaskData data = FolderTaskData.builder()
 *         .setRoot(Path.of("data/shapes"))       // classes.txt, images/train, labels/train, ...
 *         .optResize(128, 64)                    // width, height
 *         .optCrop(96, 64)
 *         .optValidationSplit("val")
 *         .optEvaluationSplit("test")            // default val
 *         .optIgnoreIndex(200)                   // void in the label files; default 255
 *         .build();
 * TaskSequence split = TaskSequence.builder()
 *         .addTask(Task.of("ground", List.of("grass", "path"), ImageFilter.randomPartition(7, 2, 0)))
 *         .addTask(Task.of("things", List.of("ball", "dog"), ImageFilter.randomPartition(7, 2, 1)))
 *         .build();
 * LifelongTrainer.forTasks(split).data(data)...
 * }</pre>
 *
 * <p>Defaults: no resize and no crop (images must then share one size to be batched), horizontal
 * flip with probability 1/2, no downscale and no colour jitter, ImageNet normalization, the
 * dataset's default loader threads; {@link Builder#optTransform} sets every transform setting
 * instead. Images are identified by file name (without extension) and grouped by the name's
 * prefix before the first {@code '_'} (see {@link FolderSample}), so {@link ImageFilter#ids},
 * {@link ImageFilter#groups} and {@link ImageFilter#randomPartition} all select from a folder.
 * Every task class must be listed in {@code classes.txt}; the error names the file and the class.
 */
public final class FolderTaskData extends FileTaskData<FolderSample> {

    private final FolderLayout layout;

    private FolderTaskData(Builder b, FolderLayout layout) {
        super(b);
        this.layout = layout;
    }

    /** A new builder; {@code setRoot} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The dataset's files. */
    public FolderLayout layout() {
        return layout;
    }

    /** The colours {@code classes.txt} gives the classes ({@link FolderLayout#colors()}). */
    @Override
    public Map<String, Integer> classColors() {
        return layout.colors();
    }

    /** The dataset's classes (label value i = class i). */
    public ClassSpace classes() {
        return layout.classes();
    }

    @Override
    protected FolderDataset.Builder dataset() {
        return FolderDataset.builder().setLayout(layout);
    }

    /**
     * Checks the files against a task sequence before anything trains, so bad input fails at once
     * rather than hours into a run: every task selects at least one training image, every task
     * class is in {@code classes.txt}, the train and {@link #evaluationSplit()} splits (and the
     * validation split, if any) exist with every image paired with its label (of the same size)
     * and every label with its image, and every label value of those splits is a class or the
     * ignore index. Decodes every label map once and reads the images' headers.
     *
     * @param sequence the task split
     * @throws IllegalArgumentException naming the file, value, class or task at fault
     */
    public void check(TaskSequence sequence) {
        Set<String> splits = new LinkedHashSet<>(List.of(TRAIN_SPLIT, evaluationSplit()));
        validationSplit().ifPresent(splits::add);
        for (String split : splits) {
            List<Path> orphans = layout.labelsWithoutImage(split);
            if (!orphans.isEmpty()) {
                throw new IllegalArgumentException(orphans.get(0) + ": label file has no image in "
                        + layout.imagesDirectory(split) + (orphans.size() > 1
                                ? " (" + (orphans.size() - 1) + " more label file(s) without image)" : ""));
            }
        }
        for (int step = 0; step < sequence.size(); step++) {
            trainingData(sequence, step, LabelScope.NEW_CLASSES, 1, 0);
        }
        evaluationData(evaluationSplit(), sequence.finalClassSpace(), 1);
        SampleReader reader = new SampleReader(PngDecoder.fastest());
        for (String split : splits) {
            for (FolderSample sample : layout.samples(split)) {
                try {
                    reader.check(sample, layout.encoding());
                } catch (BadSampleException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public Map<String, String> describe() {
        return ImmutableMap.of(
                "data", "folder",
                "root", layout.root().toString(),
                "classes", String.join(",", layout.classes().names()),
                "ignoreIndex", String.valueOf(layout.ignoreIndex()),
                "evaluation", evaluationSplit(),
                "transform", settings().toString(),
                "validation", !validates() ? "off" : validationSplit()
                        .map(s -> "split " + s + validationImages().map(i -> " " + i).orElse(""))
                        .orElse("sequence"));
    }

    /**
     * Builds {@link FolderTaskData}; a setting given twice is an error, and so is {@code
     * optTransform} with any of the transform shortcuts ({@code optResize}, {@code optCrop},
     * {@code optHorizontalFlip}, {@code optNormalization}).
     */
    public static final class Builder extends FileTaskData.Builder<Builder> {
        private int resizeWidth;
        private int resizeHeight;
        private int cropWidth;
        private int cropHeight;
        private Boolean flip;
        private Normalization normalization;
        private Integer ignoreIndex;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * The label value of unlabelled (void) pixels in the label files (default {@value
         * FolderLayout#VOID}); 0..255 and no class's value, checked by {@link #build()}.
         */
        public Builder optIgnoreIndex(int ignoreIndex) {
            if (this.ignoreIndex != null) {
                throw new IllegalStateException("ignore index given twice");
            }
            this.ignoreIndex = ignoreIndex;
            return this;
        }

        /** Resizes every image to {@code width x height} (default: keep the size). */
        public Builder optResize(int width, int height) {
            shortcut("resize", resizeWidth != 0);
            positive("resize", width, height);
            resizeWidth = width;
            resizeHeight = height;
            return this;
        }

        /** Crops a random {@code width x height} window of every training image (default: none). */
        public Builder optCrop(int width, int height) {
            shortcut("crop", cropWidth != 0);
            positive("crop", width, height);
            cropWidth = width;
            cropHeight = height;
            return this;
        }

        /** Mirrors training images left-right with probability 1/2 (default true). */
        public Builder optHorizontalFlip(boolean flip) {
            shortcut("horizontal flip", this.flip != null);
            this.flip = flip;
            return this;
        }

        /** The input normalization (default {@link Normalization#IMAGENET}). */
        public Builder optNormalization(Normalization normalization) {
            shortcut("normalization", this.normalization != null);
            this.normalization = Objects.requireNonNull(normalization, "normalization");
            return this;
        }

        /**
         * Every transform setting (downscale and colour jitter included) instead of the shortcuts;
         * default: the shortcuts' settings.
         */
        @Override
        public Builder optTransform(TransformSettings settings) {
            if (resizeWidth != 0 || cropWidth != 0 || flip != null || normalization != null) {
                throw new IllegalStateException("optTransform and the transform shortcuts (optResize,"
                        + " optCrop, optHorizontalFlip, optNormalization) exclude each other");
            }
            return super.optTransform(settings);
        }

        private void shortcut(String name, boolean given) {
            if (given) {
                throw new IllegalStateException(name + " given twice");
            }
            if (transformGiven()) {
                throw new IllegalStateException("optTransform and the transform shortcuts (optResize,"
                        + " optCrop, optHorizontalFlip, optNormalization) exclude each other");
            }
        }

        private static void positive(String what, int width, int height) {
            if (width < 1 || height < 1) {
                throw new IllegalArgumentException(what + " must be at least 1x1, got " + width + "x" + height);
            }
        }

        /** The shared transform's settings for the shortcuts: no downscale and no colour jitter. */
        @Override
        protected TransformSettings defaultSettings() {
            TransformSettings.Builder b = TransformSettings.builder();
            if (resizeWidth > 0) {
                b.optResize(resizeWidth, resizeHeight);
            } else {
                b.optKeepSize();
            }
            if (cropWidth > 0) {
                b.optCrop(cropWidth, cropHeight);
            } else {
                b.optNoCrop();
            }
            return b.optMaxDownscale(1)
                    .optFlipProbability(flip == null || flip ? 0.5 : 0)
                    .optColorJitter(0, 0, 0, 0)
                    .optNormalization(normalization == null ? Normalization.IMAGENET : normalization)
                    .optEvalResizeLabels(true)
                    .build();
        }

        /**
         * Reads {@code classes.txt}, checks the split folders and builds.
         *
         * @throws IllegalArgumentException naming the file or folder that is missing or malformed,
         *     or if the crop does not fit the resize
         */
        public FolderTaskData build() {
            Path root = requireRoot();
            if (!transformGiven()) {
                defaultSettings(); // checks the shortcuts before the files
            }
            FolderLayout layout = FolderLayout.at(root, ignoreIndex == null ? FolderLayout.VOID : ignoreIndex);
            for (String split : validationSplit().isEmpty()
                    ? new String[] {TRAIN_SPLIT} : new String[] {TRAIN_SPLIT, validationSplit().get()}) {
                Path images = layout.imagesDirectory(split);
                if (!Files.isDirectory(images)) {
                    throw new IllegalArgumentException("folder dataset " + root + " has no " + split
                            + " split: " + images + " is not a directory; splits: " + layout.splits());
                }
            }
            return new FolderTaskData(this, layout);
        }
    }
}
