package org.lifelongseg.core.data.folder;

import java.util.Objects;
import org.lifelongseg.core.data.BadSampleException;
import org.lifelongseg.core.data.FileDataset;
import org.lifelongseg.core.data.LabelEncoding;
import org.lifelongseg.core.data.SplitScan;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.TaskSequence;

/**
 * A DJL dataset over one split of a folder dataset (see {@link FolderLayout}): images as float
 * (B, 3, H, W) after the transform, labels as class indices of a class space (255 = ignored).
 * Reading, selection and transforms are those of every {@link FileDataset}.
 *
 * <pre>{@code
 * FolderLayout layout = FolderLayout.at(root);
 * FolderDataset step1 = FolderDataset.builder()
 *         .setLayout(layout)
 *         .setSplit("train")
 *         .optTask(sequence, 1)             // the task's images, its new classes labelled
 *         .optTransform(SegmentationTransform.training(TransformSettings.builder()
 *                 .optResize(128, 64).optCrop(96, 64).build()))
 *         .setSampling(6, true, true)
 *         .optSeed(1234)
 *         .build();
 * }</pre>
 *
 * <p>Label values: value {@code v < classes().size()} is class {@code layout.classes().name(v)};
 * it becomes that class's index in the target class space if the class is labelled, else 255;
 * the layout's ignore index (void, 255 by default) becomes 255. Any other value makes the sample bad ({@link BadSampleException} naming the
 * label file, the value and a pixel), as do unreadable files and an image whose size differs
 * from its label map's. Without {@code optTask} or {@code optLabels} every dataset class is
 * labelled with its own value. PNG files are decoded by the fast decoder, JPEG by ImageIO.
 */
public final class FolderDataset extends FileDataset<FolderSample> {

    private final FolderLayout layout;

    private FolderDataset(Builder b, Selection<FolderSample> selection) {
        super(b, selection);
        this.layout = b.layout;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The dataset's files. */
    public FolderLayout layout() {
        return layout;
    }

    /** The table raw label value to label (a copy); every sample of a folder shares it. */
    public byte[] labelTable() {
        return labelTable(0);
    }

    /**
     * Builds a {@link FolderDataset}; {@code setLayout}, {@code setSplit} and {@code setSampling}
     * are required, every setting may be given once.
     */
    public static final class Builder extends FileDataset.Builder<FolderSample, Builder> {
        private FolderLayout layout;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** The dataset's files (required), e.g. {@code FolderLayout.at(root)}. */
        public Builder setLayout(FolderLayout layout) {
            if (this.layout != null) {
                throw new IllegalStateException("layout already set to " + this.layout);
            }
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        @Override
        protected SplitScan<FolderSample> scan(String split) {
            return layout.scan(split);
        }

        @Override
        protected LabelEncoding encoding(FolderSample sample) {
            return layout.encoding();
        }

        @Override
        protected ClassSpace datasetClasses() {
            return layout.classes();
        }

        /** As the default, with the error naming {@code classes.txt}. */
        @Override
        protected void requireKnownClasses(TaskSequence sequence) {
            try {
                super.requireKnownClasses(sequence);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(layout.classesFile() + ": " + e.getMessage(), e);
            }
        }

        /**
         * Finds the split's samples, selects the images and builds the dataset.
         *
         * @throws IllegalArgumentException naming the file or class if the split is missing, an
         *     image has no label (unless skipping bad samples), a class is not in {@code
         *     classes.txt}, or no image is selected
         */
        public FolderDataset build() {
            if (layout == null) {
                throw new IllegalStateException("the layout is required (setLayout)");
            }
            return new FolderDataset(this, select());
        }
    }
}
