package org.lifelongseg.cityscapes.train;

import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.lifelongseg.cityscapes.data.CityscapesDataset;
import org.lifelongseg.cityscapes.data.CityscapesPair;
import org.lifelongseg.cityscapes.synthetic.SyntheticStreetScenes;
import org.lifelongseg.core.data.FileTaskData;
import org.lifelongseg.core.data.transform.TransformSettings;

/**
 * The trainer's data from a Cityscapes-layout directory (the real dataset or one written by
 * {@link SyntheticStreetScenes}): step k trains on the task's images of the train split with the
 * reference augmentation, labels in {@code classSpaceAfter(k)}; validation uses the sequence's
 * validation images (the protocol: erfurt of the train split) with every seen class labelled.
 * Training, validation and evaluation data are those of every {@link FileTaskData}.
 *
 * <pre>{@code
 * TaskDataProvider real = CityscapesTaskData.builder().setRoot(Path.of("/data/cityscapes")).build();
 * TaskDataProvider synthetic = CityscapesTaskData.synthetic(dir,
 *         SyntheticStreetScenes.builder().optSize(128, 64).build(), 128, 64);   // writes it if absent
 * }</pre>
 */
public final class CityscapesTaskData extends FileTaskData<CityscapesPair> {

    private CityscapesTaskData(Builder b) {
        super(b);
    }

    /** A new builder; {@code setRoot} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Data from a synthetic dataset under {@code root}, written by {@code generator} unless
     * {@code root/leftImg8bit} exists; transforms sized for its frames ({@link
     * TransformSettings#forFrames(int, int)}).
     *
     * @param root the dataset folder
     * @param generator the generator (its frame size must be given to {@link TransformSettings#forFrames})
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
        return builder().setRoot(root).optTransform(TransformSettings.forFrames(width, height)).build();
    }

    @Override
    protected CityscapesDataset.Builder dataset() {
        return CityscapesDataset.builder().optRoot(root());
    }

    @Override
    public Map<String, String> describe() {
        // the text checkpoints have recorded (resuming compares it): by default "train null"
        return ImmutableMap.of(
                "root", root().toString(),
                "transform", settings().toString(),
                "validation", validates() ? validationSplit().orElse(TRAIN_SPLIT) + " "
                        + validationImages().orElse(null) : "off");
    }

    /** Builds {@link CityscapesTaskData}; a setting given twice is an error. */
    public static final class Builder extends FileTaskData.Builder<Builder> {

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** {@link TransformSettings#reference()}. */
        @Override
        protected TransformSettings defaultSettings() {
            return TransformSettings.reference();
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException if the root is not a directory
         */
        public CityscapesTaskData build() {
            Path root = requireRoot();
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("Cityscapes root " + root + " is not a directory");
            }
            return new CityscapesTaskData(this);
        }
    }
}
