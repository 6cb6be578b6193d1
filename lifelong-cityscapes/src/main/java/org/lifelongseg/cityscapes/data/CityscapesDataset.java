package org.lifelongseg.cityscapes.data;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.data.BadSampleException;
import org.lifelongseg.core.data.BadSampleReport;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.data.PreparedSample;
import org.lifelongseg.core.data.SegmentationDataset;
import org.lifelongseg.core.data.transform.SegmentationTransform;
import org.lifelongseg.core.image.DecodedImage;
import org.lifelongseg.core.image.PngDecoder;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.TaskSequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DJL dataset over a Cityscapes-layout directory: images as float (B, 3, H, W) after the
 * transform, labels as class indices of a class space (255 = ignored).
 *
 * <pre>{@code
 * TaskSequence seq = CityscapesProtocol.taskSequence();
 * CityscapesDataset stage1 = CityscapesDataset.builder()
 *         .optRoot(root)                         // default: $CITYSCAPES_DATASET
 *         .setSplit("train")
 *         .optTask(seq, 0)                       // task 1's cities, task 1's classes labelled
 *         .setTransform(SegmentationTransform.training(TransformSettings.reference()))
 *         .setSampling(6, true, true)
 *         .optSeed(1234)
 *         .build();
 * CityscapesDataset val12 = CityscapesDataset.builder().optRoot(root).setSplit("val")
 *         .optTrainSet(TrainSet.T12)             // classes of tasks 1+2 labelled, 11 channels
 *         .setTransform(SegmentationTransform.evaluation(TransformSettings.reference()))
 *         .setSampling(1, false, false).build();
 * }</pre>
 *
 * <p>Labels: pixels of classes outside the labelled set (old, future, void) are 255. Images: a
 * task selects by its filter and the sequence's mode; a train set selects its cities on the train
 * split and all images on other splits; {@link Builder#optImages} narrows further.
 */
public final class CityscapesDataset extends SegmentationDataset {

    private static final Logger LOG = LoggerFactory.getLogger(CityscapesDataset.class);

    private final Path root;
    private final String split;
    private final ImmutableList<CityscapesPair> pairs;
    private final ClassSpace classSpace;
    private final ImmutableList<String> labelledClasses;
    private final Map<LabelFormat, byte[]> tables;
    private final SegmentationTransform transform;
    private final CityscapesReader reader;

    private CityscapesDataset(Builder b, List<CityscapesPair> pairs) {
        super(b);
        this.root = b.root;
        this.split = b.split;
        this.pairs = ImmutableList.copyOf(pairs);
        this.classSpace = b.space;
        this.labelledClasses = ImmutableList.copyOf(b.labelled);
        byte[] toClass = CityscapesLabels.trainIdToClassTable(b.space, b.labelled);
        this.tables = Map.of(
                LabelFormat.LABEL_IDS,
                CityscapesLabels.compose(LabelFormat.LABEL_IDS.toTrainIdTable(), toClass),
                LabelFormat.TRAIN_IDS,
                CityscapesLabels.compose(LabelFormat.TRAIN_IDS.toTrainIdTable(), toClass));
        this.transform = b.transform;
        this.reader = new CityscapesReader(b.decoder);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The dataset root. */
    public Path root() {
        return root;
    }

    /** The split ("train", "val", ...). */
    public String split() {
        return split;
    }

    /** The selected pairs, in index order. */
    public List<CityscapesPair> pairs() {
        return pairs;
    }

    /** The class space label values index into. */
    public ClassSpace classSpace() {
        return classSpace;
    }

    /** The classes that are labelled (all other pixels are 255). */
    public List<String> labelledClasses() {
        return labelledClasses;
    }

    /** The table raw file value -> label for this pair's format. */
    public byte[] labelTable(LabelFormat format) {
        return tables.get(format).clone();
    }

    /** Reads pair {@code index} without transforming it (raw label values). */
    public LabeledImage read(long index) throws BadSampleException {
        return reader.read(pairs.get(Math.toIntExact(index)));
    }

    @Override
    public PreparedSample prepare(long index, int epoch) throws IOException {
        CityscapesPair p = pairs.get(Math.toIntExact(index));
        LabeledImage img = reader.read(p);
        return transform.apply(img, tables.get(p.format()), sampleRandom(index, epoch));
    }

    @Override
    public String sampleId(long index) {
        return pairs.get(Math.toIntExact(index)).id();
    }

    @Override
    protected long availableSize() {
        return pairs.size();
    }

    /** Builds a {@link CityscapesDataset}; {@code setSplit}, {@code setTransform}, {@code setSampling} are required. */
    public static final class Builder extends SegmentationDataset.Builder<Builder> {
        private Path root;
        private String split;
        private TaskSequence sequence;
        private int step = -1;
        private TrainSet trainSet;
        private ImageFilter images;
        private ClassSpace space;
        private List<String> labelled;
        private boolean labelsSet;
        private SegmentationTransform transform;
        private PngDecoder decoder;

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

        /** Sets the split: "train", "val" or "test" (required). */
        public Builder setSplit(String split) {
            if (this.split != null) {
                throw new IllegalStateException("split already set to '" + this.split + "'");
            }
            this.split = Objects.requireNonNull(split, "split");
            return this;
        }

        /**
         * Trains step {@code step} of a task sequence: its images (task filter and the sequence's
         * mode) and its new classes labelled in {@code classSpaceAfter(step)}.
         */
        public Builder optTask(TaskSequence sequence, int step) {
            if (this.sequence != null || trainSet != null || labelsSet) {
                throw new IllegalStateException("task, train set or labels already set");
            }
            this.sequence = Objects.requireNonNull(sequence, "sequence");
            sequence.requireKnownClasses(CityscapesLabels.incrementalOrder());
            sequence.task(step);
            this.step = step;
            return this;
        }

        /** Uses a protocol train set (1, 2, 3, 12, 123); see {@link TrainSet}. */
        public Builder optTrainSet(TrainSet trainSet) {
            if (this.sequence != null || this.trainSet != null || labelsSet) {
                throw new IllegalStateException("task, train set or labels already set");
            }
            this.trainSet = Objects.requireNonNull(trainSet, "train set");
            return this;
        }

        /** Labels {@code labelled} with their index in {@code space}; default all 19 classes. */
        public Builder optLabels(ClassSpace space, Collection<String> labelled) {
            if (this.sequence != null || trainSet != null || labelsSet) {
                throw new IllegalStateException("task, train set or labels already set");
            }
            this.space = Objects.requireNonNull(space, "space");
            this.labelled = List.copyOf(labelled);
            this.labelsSet = true;
            return this;
        }

        /** Keeps only the images this filter selects (after the task or train set's selection). */
        public Builder optImages(ImageFilter images) {
            if (this.images != null) {
                throw new IllegalStateException("image filter already set");
            }
            this.images = Objects.requireNonNull(images, "images");
            return this;
        }

        /** Sets the transform (required). */
        public Builder setTransform(SegmentationTransform transform) {
            if (this.transform != null) {
                throw new IllegalStateException("transform already set");
            }
            this.transform = Objects.requireNonNull(transform, "transform");
            return this;
        }

        /** Sets the PNG decoder; default {@link PngDecoder#fastest()}. */
        public Builder optDecoder(PngDecoder decoder) {
            if (this.decoder != null) {
                throw new IllegalStateException("decoder already set");
            }
            this.decoder = Objects.requireNonNull(decoder, "decoder");
            return this;
        }

        /**
         * Scans the split, selects the images and builds the dataset.
         *
         * @throws IllegalArgumentException if the split is missing or empty, a pair is incomplete
         *     (unless skipping bad samples), a class is unknown, or no image is selected
         */
        public CityscapesDataset build() {
            if (split == null) {
                throw new IllegalStateException("the split is required (setSplit)");
            }
            if (transform == null) {
                throw new IllegalStateException("the transform is required (setTransform)");
            }
            if (!samplingSet()) {
                throw new IllegalStateException("sampling is required (setSampling)");
            }
            if (root == null) {
                root = CityscapesLayout.defaultRoot();
            }
            if (decoder == null) {
                decoder = PngDecoder.fastest();
            }
            CityscapesLayout layout = CityscapesLayout.at(root);
            CityscapesLayout.Scan scan = layout.scan(split);
            List<BadSampleReport.Entry> problems = scan.problems();
            if (!problems.isEmpty() && !skipsBadSamples()) {
                layout.pairs(split); // throws naming the first problem
            }
            List<CityscapesPair> selected = scan.pairs();
            String what;
            if (sequence != null) {
                space = sequence.classSpaceAfter(step);
                labelled = sequence.newClasses(step);
                CityscapesReader r = new CityscapesReader(decoder);
                selected = sequence.trainingImages(step, selected, p -> classesPresent(r, p));
                what = "task '" + sequence.task(step).name() + "'";
            } else if (trainSet != null) {
                space = trainSet.modelClassSpace();
                labelled = trainSet.classes();
                if (split.equals("train")) {
                    selected = trainSet.images().select(selected);
                }
                what = "train set " + trainSet.code();
            } else {
                if (!labelsSet) {
                    space = CityscapesProtocol.fullClassSpace();
                    labelled = space.names();
                }
                what = "the split";
            }
            if (images != null) {
                selected = images.select(selected);
                what += " and filter " + images;
            }
            if (selected.isEmpty()) {
                throw new IllegalArgumentException("no image of split '" + split + "' under " + root
                        + " is selected by " + what);
            }
            CityscapesDataset ds = new CityscapesDataset(this, selected);
            for (BadSampleReport.Entry e : problems) {
                ds.badSamples().add(e.sampleId(), e.reason());
                LOG.warn("skipping {}", e.reason());
            }
            return ds;
        }
    }

    /** The evaluated classes a pair's ground truth shows (at least one pixel). */
    static Set<String> classesPresent(CityscapesReader reader, CityscapesPair p) {
        try {
            DecodedImage lab = reader.decodeLabels(p);
            byte[] toTrain = p.format().toTrainIdTable();
            boolean[] seen = new boolean[19];
            for (byte v : lab.pixels()) {
                int t = toTrain[v & 0xFF] & 0xFF;
                if (t < 19) {
                    seen[t] = true;
                }
            }
            List<String> names = new ArrayList<>();
            for (int t = 0; t < 19; t++) {
                if (seen[t]) {
                    names.add(CityscapesLabels.findByTrainId(t).orElseThrow().name());
                }
            }
            return Set.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
