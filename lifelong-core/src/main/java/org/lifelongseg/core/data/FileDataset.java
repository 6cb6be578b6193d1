package org.lifelongseg.core.data;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.lifelongseg.core.data.transform.SegmentationTransform;
import org.lifelongseg.core.data.transform.TransformSettings;
import org.lifelongseg.core.image.PngDecoder;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.TaskSequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DJL dataset over one split of a dataset on disk, stored as image/label-map files: images as
 * float (B, 3, H, W) after the transform, labels as class indices of a class space (255 =
 * ignored). The split's samples are selected by a task, a subclass's preset or all, then
 * optionally filtered; each is read and checked by a {@link SampleReader} and transformed by a
 * {@link SegmentationTransform}. Subclasses say where the files are and how the label files
 * encode classes (e.g. {@code FolderDataset}, {@code CityscapesDataset}).
 *
 * <pre>{@code
 * FolderDataset step1 = FolderDataset.builder()                  // a FileDataset<FolderSample>
 *         .setLayout(FolderLayout.at(root))
 *         .setSplit("train")
 *         .optTask(sequence, 1)                                  // the task's images, its new classes labelled
 *         .optTransform(SegmentationTransform.training(settings))
 *         .setSampling(6, true, true)
 *         .optSeed(1234)
 *         .build();
 * }</pre>
 *
 * <p>Labels: a raw label value becomes the index in {@link #classSpace()} of the class it names
 * (see {@link LabelEncoding}) if that class is labelled; everything else becomes 255. Images: a
 * task selects by its filter and the sequence's mode (reading the label files when the mode needs
 * the classes an image shows); {@link Builder#optImages} narrows further. A sample whose files
 * are unreadable, of different sizes, hold an invalid label value or do not suit the transform is
 * bad ({@link BadSampleException} naming the file).
 *
 * @param <S> the sample type
 */
public abstract class FileDataset<S extends SampleFiles> extends SegmentationDataset {

    private final Path root;
    private final String split;
    private final ImmutableList<S> samples;
    private final ClassSpace classSpace;
    private final ImmutableList<String> labelled;
    private final SegmentationTransform transform;
    private final SampleReader reader;
    /** Per sample: its label encoding and its label table (shared by samples of one encoding). */
    private final ImmutableList<LabelEncoding> encodings;
    private final ImmutableList<byte[]> tables;

    /**
     * Creates the dataset from its builder and what the builder selected ({@link Builder#select()}).
     *
     * @throws IllegalArgumentException if a labelled class is not a class of the label files
     */
    protected FileDataset(Builder<S, ?> b, Selection<S> selection) {
        super(b);
        this.root = selection.scan().root();
        this.split = selection.scan().split();
        this.samples = ImmutableList.copyOf(selection.samples());
        this.classSpace = selection.space();
        this.labelled = ImmutableList.copyOf(selection.labelled());
        this.transform = b.transform;
        this.reader = new SampleReader(b.decoder);
        Map<LabelEncoding, byte[]> byEncoding = new HashMap<>();
        List<LabelEncoding> enc = new ArrayList<>(samples.size());
        List<byte[]> tab = new ArrayList<>(samples.size());
        for (S s : samples) {
            LabelEncoding e = b.encoding(s);
            enc.add(e);
            tab.add(byEncoding.computeIfAbsent(e, x -> x.table(classSpace, labelled)));
        }
        this.encodings = ImmutableList.copyOf(enc);
        this.tables = ImmutableList.copyOf(tab);
        Logger log = LoggerFactory.getLogger(getClass());
        for (BadSampleReport.Entry e : selection.scan().problems()) {
            badSamples().add(e.sampleId(), e.reason());
            log.warn("skipping {}", e.reason());
        }
    }

    /** The dataset folder. */
    public Path root() {
        return root;
    }

    /** The split. */
    public String split() {
        return split;
    }

    /** The selected samples, in index order. */
    public List<S> samples() {
        return samples;
    }

    /** The class space the labels index into. */
    public ClassSpace classSpace() {
        return classSpace;
    }

    /** The labelled classes; every other pixel is 255. */
    public List<String> labelledClasses() {
        return labelled;
    }

    /** The transform. */
    public SegmentationTransform transform() {
        return transform;
    }

    /** How the label file of sample {@code index} encodes classes. */
    public LabelEncoding encoding(long index) {
        return encodings.get(Math.toIntExact(index));
    }

    /** The table raw label value to label of sample {@code index} (a copy). */
    public byte[] labelTable(long index) {
        return tables.get(Math.toIntExact(index)).clone();
    }

    /**
     * Reads and checks sample {@code index} without transforming it (raw label values).
     *
     * @throws BadSampleException naming the file if it is unreadable, the sizes differ or a label
     *     value is invalid
     */
    public LabeledImage read(long index) throws BadSampleException {
        int i = Math.toIntExact(index);
        return reader.read(samples.get(i), encodings.get(i));
    }

    @Override
    public final PreparedSample prepare(long index, int epoch) throws IOException {
        int i = Math.toIntExact(index);
        S s = samples.get(i);
        LabeledImage img = reader.read(s, encodings.get(i));
        try {
            return transform.apply(img, tables.get(i), sampleRandom(index, epoch));
        } catch (IllegalArgumentException e) {
            throw new BadSampleException(s.id(), s.image(), e.getMessage(), e);
        }
    }

    @Override
    public final String sampleId(long index) {
        return samples.get(Math.toIntExact(index)).id();
    }

    @Override
    protected final long availableSize() {
        return samples.size();
    }

    /**
     * What a builder selected: the scan of the split, the chosen samples and their labels.
     *
     * @param scan the split's scan (its problems become the dataset's bad samples)
     * @param samples the selected samples
     * @param space the class space labels index into
     * @param labelled the labelled classes
     * @param <S> the sample type
     */
    protected record Selection<S extends SampleFiles>(
            SplitScan<S> scan, List<S> samples, ClassSpace space, List<String> labelled) {}

    /**
     * Builder base; subclasses say where the files are ({@link #scan}), how label files encode
     * classes ({@link #encoding}) and which classes the dataset has ({@link #datasetClasses}).
     * {@code setSplit} and {@code setSampling} are required; every setting may be given once.
     *
     * @param <S> the sample type
     * @param <T> the builder type
     */
    public abstract static class Builder<S extends SampleFiles, T extends Builder<S, T>>
            extends SegmentationDataset.Builder<T> {
        private String split;
        private TaskSequence sequence;
        private int step = -1;
        private ClassSpace space;
        private List<String> labelled;
        private String labelsBy;
        private String presetSplit;
        private ImageFilter presetImages;
        private ImageFilter images;
        private SegmentationTransform transform;
        private PngDecoder decoder;

        /** For subclasses. */
        protected Builder() {}

        /** The split to read (required), e.g. {@code "train"}. */
        public T setSplit(String split) {
            if (this.split != null) {
                throw new IllegalStateException("split already set to '" + this.split + "'");
            }
            this.split = Objects.requireNonNull(split, "split");
            return self();
        }

        /**
         * Step {@code step} of a task sequence: the task's images (its filter and the sequence's
         * mode), its new classes labelled in {@code classSpaceAfter(step)}.
         *
         * @throws IndexOutOfBoundsException if the sequence has no such step
         */
        public T optTask(TaskSequence sequence, int step) {
            labelsOnce("optTask");
            Objects.requireNonNull(sequence, "sequence").task(step);
            this.sequence = sequence;
            this.step = step;
            return self();
        }

        /** Labels {@code labelled} with their index in {@code space} (default: every dataset class). */
        public T optLabels(ClassSpace space, Collection<String> labelled) {
            labelsOnce("optLabels");
            this.space = Objects.requireNonNull(space, "space");
            this.labelled = List.copyOf(labelled);
            return self();
        }

        /**
         * For subclasses, a named choice of labels and images (e.g. a protocol's train set):
         * labels {@code labelled} in {@code space} and, on split {@code imagesSplit} only, keeps
         * the images {@code images} selects.
         *
         * @param name names the choice in errors, e.g. {@code "train set 12"}
         */
        protected T optPreset(String name, ClassSpace space, List<String> labelled, String imagesSplit,
                ImageFilter images) {
            labelsOnce(name);
            this.space = Objects.requireNonNull(space, "space");
            this.labelled = List.copyOf(labelled);
            this.labelsBy = Objects.requireNonNull(name, "name");
            this.presetSplit = Objects.requireNonNull(imagesSplit, "imagesSplit");
            this.presetImages = Objects.requireNonNull(images, "images");
            return self();
        }

        private void labelsOnce(String by) {
            if (sequence != null || space != null) {
                throw new IllegalStateException("the labels are already chosen ("
                        + (sequence != null ? "optTask" : labelsBy != null ? labelsBy : "optLabels")
                        + "), " + by + " cannot choose them again");
            }
        }

        /** Keeps only the images this filter selects (after the task's or preset's selection). */
        public T optImages(ImageFilter images) {
            if (this.images != null) {
                throw new IllegalStateException("image filter already set");
            }
            this.images = Objects.requireNonNull(images, "images");
            return self();
        }

        /**
         * The transform (default: {@code SegmentationTransform.evaluation(TransformSettings.identity())},
         * images at their own size, normalized).
         */
        public T optTransform(SegmentationTransform transform) {
            if (this.transform != null) {
                throw new IllegalStateException("transform already set");
            }
            this.transform = Objects.requireNonNull(transform, "transform");
            return self();
        }

        /** The PNG decoder (default {@link PngDecoder#fastest()}); other images go to ImageIO. */
        public T optDecoder(PngDecoder decoder) {
            if (this.decoder != null) {
                throw new IllegalStateException("decoder already set");
            }
            this.decoder = Objects.requireNonNull(decoder, "decoder");
            return self();
        }

        /**
         * Checks the settings, selects the samples and builds the dataset (see {@link #select()}).
         *
         * @throws IllegalStateException if a required setting is missing
         * @throws IllegalArgumentException naming the file, class or selection that is wrong
         */
        public abstract FileDataset<S> build();

        /**
         * The samples of a split and the files that could not be paired.
         *
         * @throws IllegalArgumentException naming the folder if the split does not exist
         */
        protected abstract SplitScan<S> scan(String split);

        /** How the label file of {@code sample} encodes classes. */
        protected abstract LabelEncoding encoding(S sample);

        /** Every class the dataset's label files name: the default labels. */
        protected abstract ClassSpace datasetClasses();

        /**
         * Checks that the classes of every task are dataset classes (before a task's data is
         * selected).
         *
         * @throws IllegalArgumentException naming the class and its task
         */
        protected void requireKnownClasses(TaskSequence sequence) {
            sequence.requireKnownClasses(datasetClasses().names());
        }

        /**
         * Checks the settings, scans the split and selects the samples and their labels; what a
         * subclass's {@code build()} passes to the dataset's constructor.
         *
         * @throws IllegalStateException if a required setting is missing
         * @throws IllegalArgumentException naming the file, class or selection if the split is
         *     missing, a file is unpaired (unless skipping bad samples), a task class is unknown,
         *     or no image is selected
         */
        protected final Selection<S> select() {
            if (split == null) {
                throw new IllegalStateException("the split is required (setSplit)");
            }
            if (!samplingSet()) {
                throw new IllegalStateException("sampling is required (setSampling)");
            }
            if (transform == null) {
                transform = SegmentationTransform.evaluation(TransformSettings.identity());
            }
            if (decoder == null) {
                decoder = PngDecoder.fastest();
            }
            SplitScan<S> scan = scan(split);
            if (!skipsBadSamples()) {
                scan.samplesOrThrow();
            }
            List<S> selected = scan.samples();
            ClassSpace classes;
            List<String> labels;
            String what;
            if (sequence != null) {
                requireKnownClasses(sequence);
                classes = sequence.classSpaceAfter(step);
                labels = sequence.newClasses(step);
                SampleReader reader = new SampleReader(decoder);
                selected = sequence.trainingImages(step, selected, s -> classesIn(reader, s));
                what = "task '" + sequence.task(step).name() + "'";
            } else if (space != null) {
                classes = space;
                labels = labelled;
                if (presetImages != null && split.equals(presetSplit)) {
                    selected = presetImages.select(selected);
                }
                what = labelsBy != null ? labelsBy : "the split";
            } else {
                classes = datasetClasses();
                labels = classes.names();
                what = "the split";
            }
            if (images != null) {
                selected = images.select(selected);
                what += " and filter " + images;
            }
            if (selected.isEmpty()) {
                throw new IllegalArgumentException("no image of split '" + split + "' under "
                        + scan.root() + " is selected by " + what);
            }
            return new Selection<>(scan, selected, classes, labels);
        }

        private Set<String> classesIn(SampleReader reader, S sample) {
            try {
                return reader.classesIn(sample, encoding(sample));
            } catch (BadSampleException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
    }
}
