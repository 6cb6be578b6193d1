package org.lifelongseg.core.data.folder;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.lifelongseg.core.data.BadSampleException;
import org.lifelongseg.core.data.BadSampleReport;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.data.PreparedSample;
import org.lifelongseg.core.data.SegmentationDataset;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.InvalidImageException;
import org.lifelongseg.core.image.LabelMap;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.TaskSequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DJL dataset over one split of a folder dataset (see {@link FolderLayout}): images as float
 * (B, 3, H, W) after the transform, labels as class indices of a class space (255 = ignored).
 *
 * <pre>{@code
 * FolderLayout layout = FolderLayout.at(root);
 * FolderDataset step1 = FolderDataset.builder()
 *         .setLayout(layout)
 *         .setSplit("train")
 *         .optTask(sequence, 1)             // the task's images, its new classes labelled
 *         .optTransform(FolderTransform.builder().optResize(128, 64).optHorizontalFlip(true).build())
 *         .setSampling(6, true, true)
 *         .optSeed(1234)
 *         .build();
 * }</pre>
 *
 * <p>Label values: value {@code v < classes().size()} is class {@code layout.classes().name(v)};
 * it becomes that class's index in the target class space if the class is labelled, else 255;
 * 255 stays 255. Any other value makes the sample bad ({@link BadSampleException} naming the
 * label file, the value and a pixel), as do unreadable files and an image whose size differs
 * from its label map's. Without {@code optTask} or {@code optLabels} every dataset class is
 * labelled with its own value.
 */
public final class FolderDataset extends SegmentationDataset {

    private static final Logger LOG = LoggerFactory.getLogger(FolderDataset.class);

    private final FolderLayout layout;
    private final String split;
    private final ImmutableList<FolderSample> samples;
    private final ClassSpace classSpace;
    private final ImmutableList<String> labelled;
    private final byte[] table;
    private final FolderTransform transform;

    private FolderDataset(Builder b, List<FolderSample> samples) {
        super(b);
        this.layout = b.layout;
        this.split = b.split;
        this.samples = ImmutableList.copyOf(samples);
        this.classSpace = b.space;
        this.labelled = ImmutableList.copyOf(b.labelled);
        this.table = labelTable(layout.classes(), b.space, b.labelled);
        this.transform = b.transform;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The table from a dataset's label values to class indices of {@code space}: value {@code v <
     * datasetClasses.size()} maps to {@code space.indexOf(datasetClasses.name(v))} if that class
     * is in {@code labelled}, everything else to 255.
     *
     * @throws IllegalArgumentException if a labelled class is missing from the dataset or the space
     */
    public static byte[] labelTable(ClassSpace datasetClasses, ClassSpace space, Collection<String> labelled) {
        byte[] t = new byte[256];
        Arrays.fill(t, (byte) FolderLayout.VOID);
        Set<String> marked = new HashSet<>(labelled);
        for (String c : marked) {
            if (!datasetClasses.contains(c)) {
                throw new IllegalArgumentException("class '" + c + "' is not a dataset class "
                        + datasetClasses.names());
            }
            space.indexOf(c);
        }
        if (space.size() > FolderLayout.VOID) {
            throw new IllegalArgumentException("a class space of " + space.size()
                    + " classes does not fit 8-bit labels (255 means ignored)");
        }
        for (int v = 0; v < datasetClasses.size(); v++) {
            String name = datasetClasses.name(v);
            if (marked.contains(name)) {
                t[v] = (byte) space.indexOf(name);
            }
        }
        return t;
    }

    /** The dataset's files. */
    public FolderLayout layout() {
        return layout;
    }

    /** The split. */
    public String split() {
        return split;
    }

    /** The selected samples, in index order. */
    public List<FolderSample> samples() {
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
    public FolderTransform transform() {
        return transform;
    }

    /** The table raw label value to label (a copy). */
    public byte[] labelTable() {
        return table.clone();
    }

    /**
     * Reads and checks sample {@code index} without transforming it (raw label values).
     *
     * @throws BadSampleException naming the file if it is unreadable, the sizes differ or a label
     *     value is not a class
     */
    public LabeledImage read(long index) throws BadSampleException {
        return read(layout, samples.get(Math.toIntExact(index)));
    }

    @Override
    public PreparedSample prepare(long index, int epoch) throws IOException {
        FolderSample s = samples.get(Math.toIntExact(index));
        LabeledImage img = read(layout, s);
        try {
            return transform.apply(img, table, sampleRandom(index, epoch));
        } catch (IllegalArgumentException e) {
            throw new BadSampleException(s.id(), s.image(), e.getMessage(), e);
        }
    }

    @Override
    public String sampleId(long index) {
        return samples.get(Math.toIntExact(index)).id();
    }

    @Override
    protected long availableSize() {
        return samples.size();
    }

    /** Reads and checks one sample of a layout. */
    static LabeledImage read(FolderLayout layout, FolderSample s) throws BadSampleException {
        RgbImage rgb;
        try {
            rgb = ImageFiles.readRgb(s.image());
        } catch (InvalidImageException e) {
            throw new BadSampleException(s.id(), s.image(), problem(e), e);
        }
        LabelMap labels = readLabels(layout, s);
        if (labels.width() != rgb.width() || labels.height() != rgb.height()) {
            throw new BadSampleException(s.id(), s.label(), "label map is " + labels.width() + "x"
                    + labels.height() + " but its image " + s.image() + " is " + rgb.width() + "x"
                    + rgb.height());
        }
        return new LabeledImage(s.id(), rgb.width(), rgb.height(), rgb.pixels(), labels.values());
    }

    /** Decodes a label map and checks every value is a class or 255. */
    private static LabelMap readLabels(FolderLayout layout, FolderSample s) throws BadSampleException {
        LabelMap map;
        try {
            map = ImageFiles.readLabels(s.label());
        } catch (InvalidImageException e) {
            throw new BadSampleException(s.id(), s.label(), problem(e), e);
        }
        byte[] labels = map.values();
        int n = layout.classes().size();
        for (int i = 0; i < labels.length; i++) {
            int v = labels[i] & 0xFF;
            if (v >= n && v != FolderLayout.VOID) {
                long count = 0;
                for (byte b : labels) {
                    count += (b & 0xFF) == v ? 1 : 0;
                }
                throw new BadSampleException(s.id(), s.label(), "label value " + v + " (at x="
                        + i % map.width() + ", y=" + i / map.width() + "; " + count + " pixel(s)) is not a class:"
                        + " " + layout.classesFile() + " lists " + n + " classes (values 0.." + (n - 1)
                        + "; 255 = void)");
            }
        }
        return map;
    }

    private static String problem(InvalidImageException e) {
        String m = e.getMessage();
        String prefix = e.file() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    /** The dataset classes a sample's label map shows (at least one pixel). */
    static Set<String> classesPresent(FolderLayout layout, FolderSample s) throws BadSampleException {
        boolean[] seen = new boolean[256];
        for (byte b : readLabels(layout, s).values()) {
            seen[b & 0xFF] = true;
        }
        Set<String> out = new LinkedHashSet<>();
        for (int v = 0; v < layout.classes().size(); v++) {
            if (seen[v]) {
                out.add(layout.classes().name(v));
            }
        }
        return out;
    }

    /**
     * Builds a {@link FolderDataset}; {@code setLayout}, {@code setSplit} and {@code setSampling}
     * are required, every setting may be given once.
     */
    public static final class Builder extends SegmentationDataset.Builder<Builder> {
        private FolderLayout layout;
        private String split;
        private TaskSequence sequence;
        private int step = -1;
        private ClassSpace space;
        private List<String> labelled;
        private ImageFilter images;
        private FolderTransform transform;

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

        /** The split, a folder under {@code images/} (required). */
        public Builder setSplit(String split) {
            if (this.split != null) {
                throw new IllegalStateException("split already set to '" + this.split + "'");
            }
            this.split = Objects.requireNonNull(split, "split");
            return this;
        }

        /**
         * Step {@code step} of a task sequence: the task's images (its filter and the sequence's
         * mode), its new classes labelled in {@code classSpaceAfter(step)}.
         */
        public Builder optTask(TaskSequence sequence, int step) {
            if (this.sequence != null || this.space != null) {
                throw new IllegalStateException("task or labels already set");
            }
            this.sequence = Objects.requireNonNull(sequence, "sequence");
            sequence.task(step);
            this.step = step;
            return this;
        }

        /** Labels {@code labelled} with their index in {@code space} (default: every dataset class). */
        public Builder optLabels(ClassSpace space, Collection<String> labelled) {
            if (this.sequence != null || this.space != null) {
                throw new IllegalStateException("task or labels already set");
            }
            this.space = Objects.requireNonNull(space, "space");
            this.labelled = List.copyOf(labelled);
            return this;
        }

        /** Keeps only the images this filter selects (after the task's selection). */
        public Builder optImages(ImageFilter images) {
            if (this.images != null) {
                throw new IllegalStateException("image filter already set");
            }
            this.images = Objects.requireNonNull(images, "images");
            return this;
        }

        /** The transform (default {@link FolderTransform#none()}). */
        public Builder optTransform(FolderTransform transform) {
            if (this.transform != null) {
                throw new IllegalStateException("transform already set");
            }
            this.transform = Objects.requireNonNull(transform, "transform");
            return this;
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
            if (split == null) {
                throw new IllegalStateException("the split is required (setSplit)");
            }
            if (!samplingSet()) {
                throw new IllegalStateException("sampling is required (setSampling)");
            }
            if (transform == null) {
                transform = FolderTransform.none();
            }
            FolderLayout.Scan scan = layout.scan(split);
            if (!scan.problems().isEmpty() && !skipsBadSamples()) {
                throw new IllegalArgumentException(FolderLayout.problemMessage(scan.problems()));
            }
            List<FolderSample> selected = scan.samples();
            String what;
            if (sequence != null) {
                try {
                    sequence.requireKnownClasses(layout.classes().names());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(layout.classesFile() + ": " + e.getMessage(), e);
                }
                space = sequence.classSpaceAfter(step);
                labelled = sequence.newClasses(step);
                selected = sequence.trainingImages(step, selected, this::present);
                what = "task '" + sequence.task(step).name() + "'";
            } else {
                if (space == null) {
                    space = layout.classes();
                    labelled = space.names();
                }
                for (String c : labelled) {
                    if (!layout.classes().contains(c)) {
                        throw new IllegalArgumentException(layout.classesFile() + " has no class '" + c
                                + "'; classes: " + layout.classes().names());
                    }
                }
                what = "the split";
            }
            if (images != null) {
                selected = images.select(selected);
                what += " and filter " + images;
            }
            if (selected.isEmpty()) {
                throw new IllegalArgumentException("no image of split '" + split + "' under "
                        + layout.root() + " is selected by " + what);
            }
            FolderDataset ds = new FolderDataset(this, selected);
            for (BadSampleReport.Entry e : scan.problems()) {
                ds.badSamples().add(e.sampleId(), e.reason());
                LOG.warn("skipping {}", e.reason());
            }
            return ds;
        }

        private Set<String> present(FolderSample s) {
            try {
                return classesPresent(layout, s);
            } catch (BadSampleException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
