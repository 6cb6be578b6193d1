package org.lifelongseg.core.infer;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.translate.TranslateException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lifelongseg.core.engine.TorchRuntime;
import org.lifelongseg.core.image.ImageFiles;

/**
 * Segments images with a network that outputs per-pixel logits. It owns its {@link Predictor}, so
 * close it; it borrows the {@link Model}, which its creator closes (see the package's ownership
 * rule).
 *
 * <pre>{@code
 * try (Model model = ErfNetModels.load(weights, 0, Device.cpu()); // it records how it is fed
 *         Segmenter segmenter = Segmenter.builder().setModel(model).build()) {
 *     CategoryMask mask = segmenter.segment(Path.of("frame.png"));
 * }
 * }</pre>
 *
 * <p>By default the translator follows the model's {@link InputSpec} (class names,
 * normalization, input size), which every checkpoint of the trainer records; {@link
 * Builder#optTranslator} overrides it (e.g. a task-restricted argmax), and a translator that
 * contradicts the spec is used as given but logged once as a warning.
 *
 * <p>Not thread-safe (one predictor); build one segmenter per thread.
 */
public final class Segmenter implements AutoCloseable {

    private final Model model;
    private final SegmentationTranslator translator;
    private final Predictor<Image, CategoryMask> predictor;

    private Segmenter(Builder b) {
        this.model = b.model;
        this.translator = b.translator;
        this.predictor = model.newPredictor(translator);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Segments an image. */
    public CategoryMask segment(Image image) {
        try {
            return predictor.predict(image);
        } catch (TranslateException e) {
            // DJL wraps the translator's exception; its message would start with the Java type
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            if (cause instanceof IllegalArgumentException) {
                throw new IllegalArgumentException("segmentation failed: " + why, e);
            }
            throw new IllegalStateException("segmentation failed: " + why, e);
        }
    }

    /** Reads and segments an image file (PNG or JPEG; gray, RGBA and 16-bit are converted). */
    public CategoryMask segment(Path imageFile) {
        Image image = ImageFactory.getInstance().fromImage(ImageFiles.read(imageFile));
        try {
            return segment(image);
        } catch (RuntimeException e) {
            throw new IllegalStateException(imageFile + ": " + e.getMessage(), e);
        }
    }

    /** The class names, one per output channel. */
    public List<String> classNames() {
        return translator.classNames();
    }

    /** The translator (also usable with DJL's own {@code Criteria}). */
    public SegmentationTranslator translator() {
        return translator;
    }

    /** The model. */
    public Model model() {
        return model;
    }

    /** Closes the predictor; the model stays open (it is borrowed). */
    @Override
    public void close() {
        predictor.close();
    }

    /**
     * Builder; {@link #setModel} is required, the translator defaults to the model's {@link
     * InputSpec}.
     */
    public static final class Builder {
        private Model model;
        private SegmentationTranslator translator;

        private Builder() {}

        /** The network (its block maps {@code (1,3,H,W)} to logits {@code (1,C,H,W)}). */
        public Builder setModel(Model model) {
            if (this.model != null) {
                throw new IllegalStateException("model was already set");
            }
            this.model = Objects.requireNonNull(model);
            return this;
        }

        /** The pre- and post-processing (default: from the model's {@link InputSpec}). */
        public Builder optTranslator(SegmentationTranslator translator) {
            if (this.translator != null) {
                throw new IllegalStateException("translator was already set");
            }
            this.translator = Objects.requireNonNull(translator);
            return this;
        }

        /** Validates the settings and builds the segmenter. */
        public Segmenter build() {
            if (model == null) {
                throw new IllegalStateException("setModel is required");
            }
            TorchRuntime.admit(model.getBlock()); // readies the runtime first
            Optional<InputSpec> spec = InputSpec.of(model);
            if (translator == null) {
                if (spec.isEmpty()) {
                    throw new IllegalStateException("model " + model.getName() + " records no input"
                            + " spec (class names, normalization, size): give a translator (optTranslator)");
                }
                if (spec.get().classNames().isEmpty()) {
                    throw new IllegalStateException("model " + model.getName() + " records no class"
                            + " names (published weights): give a translator with optClassNames");
                }
                translator = SegmentationTranslator.builder().optInputSpec(spec.get()).build();
            } else {
                int[] size = translator.inputSize();
                InputSpec.warnIfContradicting(spec, new InputSpec.Choice(translator.classNames(),
                        translator.normalization(), size[0], size[1]), "the segmenter");
            }
            return new Segmenter(this);
        }
    }
}
