package org.lifelongseg.cityscapes.data;

import java.nio.file.Path;
import java.util.Objects;
import org.lifelongseg.core.data.FileDataset;
import org.lifelongseg.core.data.LabelEncoding;
import org.lifelongseg.core.data.SplitScan;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.TaskSequence;

/**
 * A DJL dataset over a Cityscapes-layout directory: images as float (B, 3, H, W) after the
 * transform, labels as class indices of a class space (255 = ignored). Reading, selection and
 * transforms are those of every {@link FileDataset}; this class adds the Cityscapes layout, its
 * label table and the protocol's train sets.
 *
 * <pre>{@code
 * TaskSequence seq = CityscapesProtocol.taskSequence();
 * CityscapesDataset stage1 = CityscapesDataset.builder()
 *         .optRoot(root)                         // default: $CITYSCAPES_DATASET
 *         .setSplit("train")
 *         .optTask(seq, 0)                       // task 1's cities, task 1's classes labelled
 *         .optTransform(SegmentationTransform.training(TransformSettings.reference()))
 *         .setSampling(6, true, true)
 *         .optSeed(1234)
 *         .build();
 * CityscapesDataset val12 = CityscapesDataset.builder().optRoot(root).setSplit("val")
 *         .optTrainSet(TrainSet.T12)             // classes of tasks 1+2 labelled, 11 channels
 *         .optTransform(SegmentationTransform.evaluation(TransformSettings.reference()))
 *         .setSampling(1, false, false).build();
 * }</pre>
 *
 * <p>Labels: pixels of classes outside the labelled set (old, future, void) are 255; ground truth
 * may be labelIds or trainIds ({@link LabelFormat}), values outside the Cityscapes table make the
 * sample bad. Images: a task selects by its filter and the sequence's mode; a train set selects
 * its cities on the train split and all images on other splits; {@link Builder#optImages} narrows
 * further. Without a transform, images keep their full resolution.
 */
public final class CityscapesDataset extends FileDataset<CityscapesPair> {

    private CityscapesDataset(Builder b, Selection<CityscapesPair> selection) {
        super(b, selection);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The table raw file value -> label for ground truth of this format (a copy). */
    public byte[] labelTable(LabelFormat format) {
        return format.encoding().table(classSpace(), labelledClasses());
    }

    /** Builds a {@link CityscapesDataset}; {@code setSplit} and {@code setSampling} are required. */
    public static final class Builder extends FileDataset.Builder<CityscapesPair, Builder> {
        private Path root;
        private CityscapesLayout layout;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Sets the dataset root; default: environment variable {@value CityscapesLayout#ENV}. */
        public Builder optRoot(Path root) {
            if (this.root != null) {
                throw new IllegalStateException("root already set to " + this.root);
            }
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /**
         * Trains step {@code step} of a task sequence: its images (task filter and the sequence's
         * mode) and its new classes labelled in {@code classSpaceAfter(step)}.
         *
         * @throws IllegalArgumentException naming the class and task if a task names a class that
         *     is not one of the 19 evaluated Cityscapes classes
         */
        @Override
        public Builder optTask(TaskSequence sequence, int step) {
            requireKnownClasses(Objects.requireNonNull(sequence, "sequence"));
            return super.optTask(sequence, step);
        }

        /** Uses a protocol train set (1, 2, 3, 12, 123); see {@link TrainSet}. */
        public Builder optTrainSet(TrainSet trainSet) {
            Objects.requireNonNull(trainSet, "train set");
            return optPreset("train set " + trainSet.code(), trainSet.modelClassSpace(),
                    trainSet.classes(), "train", trainSet.images());
        }

        @Override
        protected SplitScan<CityscapesPair> scan(String split) {
            if (layout == null) {
                layout = CityscapesLayout.at(root != null ? root : CityscapesLayout.defaultRoot());
            }
            return layout.scan(split);
        }

        @Override
        protected LabelEncoding encoding(CityscapesPair pair) {
            return pair.format().encoding();
        }

        /** The 19 evaluated classes in the protocol's order. */
        @Override
        protected ClassSpace datasetClasses() {
            return CityscapesProtocol.fullClassSpace();
        }

        /**
         * Scans the split, selects the images and builds the dataset.
         *
         * @throws IllegalArgumentException if the split is missing or empty, a pair is incomplete
         *     (unless skipping bad samples), a class is unknown, or no image is selected
         */
        public CityscapesDataset build() {
            return new CityscapesDataset(this, select());
        }
    }
}
