package org.lifelongseg.core.infer;

import java.util.Optional;
import org.lifelongseg.core.engine.NativeArrays;
import org.lifelongseg.core.image.Normalization;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import com.google.common.collect.ImmutableList;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;
import org.lifelongseg.core.image.ImageLimits;
import org.lifelongseg.core.image.Resampler;
import org.lifelongseg.core.image.RgbImage;

/**
 * DJL {@link ai.djl.translate.Translator} from an image to a {@link CategoryMask} for networks that
 * output per-pixel logits {@code (1, C, h, w)}.
 *
 * <pre>{@code
 * SegmentationTranslator t = SegmentationTranslator.builder()
 *         .optInputSpec(InputSpec.of(model).orElseThrow()) // class names, normalization, size
 *         .optClassSubset(ClassSubset.range(0, 5))          // task-restricted argmax
 *         .build();
 * SegmentationTranslator custom = SegmentationTranslator.builder()
 *         .optClassNames(names).optNormalization(Normalization.IMAGENET).optInputSize(1024, 512)
 *         .build();
 * try (Predictor<Image, CategoryMask> p = model.newPredictor(t)) { CategoryMask m = p.predict(img); }
 * }</pre>
 *
 * <p>Pre-processing: the image is converted to 8-bit RGB, resized to the input size with
 * Pillow-exact bilinear filtering unless it already has that size, scaled to [0, 1], normalized.
 * Post-processing: argmax over the subset's channels only, brought back to the original image size
 * (nearest: the class map is upsampled with PyTorch's nearest indexing; bilinear: the logits are
 * interpolated first). The mask holds class indices of the full class list (channel numbers).
 */
public final class SegmentationTranslator implements NoBatchifyTranslator<Image, CategoryMask> {

    private static final String ORIGINAL_SIZE = "originalSize";

    private final ImmutableList<String> classNames;
    private final Normalization normalization;
    private final int inputWidth;
    private final int inputHeight;
    private final ClassSubset subset;
    private final Upsampling upsampling;

    private SegmentationTranslator(Builder b) {
        this.classNames = b.classNames;
        this.normalization = b.normalization;
        this.inputWidth = b.inputWidth;
        this.inputHeight = b.inputHeight;
        this.subset = b.subset;
        this.upsampling = b.upsampling;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The class names, one per output channel. */
    public List<String> classNames() {
        return classNames;
    }

    /** The channels the argmax chooses from. */
    public ClassSubset classSubset() {
        return subset;
    }

    /** The input normalization. */
    public Normalization normalization() {
        return normalization;
    }

    /** The network input size {width, height}. */
    public int[] inputSize() {
        return new int[] {inputWidth, inputHeight};
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        RgbImage rgb = RgbImage.of(toBufferedImage(input));
        ctx.setAttachment(ORIGINAL_SIZE, new int[] {rgb.width(), rgb.height()});
        return new NDList(toInput(ctx.getNDManager(), rgb));
    }

    /** The network input {@code (1, 3, H, W)} for an RGB image (resized, scaled, normalized). */
    public NDArray toInput(NDManager manager, RgbImage image) {
        return image.toNetworkInput(manager, inputWidth, inputHeight, normalization).expandDims(0);
    }

    @Override
    public CategoryMask processOutput(TranslatorContext ctx, NDList list) {
        int[] size = (int[]) ctx.getAttachment(ORIGINAL_SIZE);
        int[] mask = toClassMap(list.singletonOrThrow(), size[0], size[1]);
        int[][] rows = new int[size[1]][];
        for (int y = 0; y < size[1]; y++) {
            rows[y] = java.util.Arrays.copyOfRange(mask, y * size[0], (y + 1) * size[0]);
        }
        return new CategoryMask(classNames, rows);
    }

    /**
     * Turns logits {@code (1, C, h, w)} or {@code (C, h, w)} into a row-major class map of the
     * given size holding channel numbers of the subset's argmax.
     */
    public int[] toClassMap(NDArray logits, int width, int height) {
        NDArray l = logits.getShape().dimension() == 4 ? logits.get(0) : logits;
        if (l.getShape().dimension() != 3) {
            throw new IllegalArgumentException("expected logits (1,C,H,W) or (C,H,W), got " + logits.getShape());
        }
        long channels = l.getShape().get(0);
        if (channels < subset.requiredChannels() || channels != classNames.size()) {
            throw new IllegalArgumentException(
                    "the network outputs " + channels + " channels but " + classNames.size()
                            + " class names were given"
                            + (channels < subset.requiredChannels()
                                    ? " and the class subset needs " + subset.requiredChannels()
                                    : ""));
        }
        try (NDManager scope = l.getManager().newSubManager()) {
            NDArray sel = l;
            if (!subset.isAllOf((int) channels)) {
                sel = l.get(NativeArrays.of(scope, subset.toArray()));
            }
            int h = (int) sel.getShape().get(1);
            int w = (int) sel.getShape().get(2);
            if (upsampling == Upsampling.BILINEAR && (h != height || w != width)) {
                NDArray up = bilinear(sel, width, height);
                return mapToChannels(up.argMax(0), width, height, width, height);
            }
            return mapToChannels(sel.argMax(0), w, h, width, height);
        }
    }

    private static NDArray bilinear(NDArray chw, int width, int height) {
        // The PyTorch engine implements resize as F.interpolate(align_corners=False) on HWC input.
        NDArray hwc = chw.transpose(1, 2, 0);
        NDArray resized = ai.djl.modality.cv.util.NDImageUtils.resize(
                hwc, width, height, Image.Interpolation.BILINEAR);
        return resized.transpose(2, 0, 1);
    }

    private int[] mapToChannels(NDArray argmax, int w, int h, int width, int height) {
        int[] small = argmax.toType(DataType.INT32, false).toIntArray();
        int[] channelOf = subset.toArray();
        int[] out = new int[width * height];
        int[] xs = Resampler.torchNearestIndices(w, width);
        int[] ys = Resampler.torchNearestIndices(h, height);
        for (int y = 0; y < height; y++) {
            int src = ys[y] * w;
            int dst = y * width;
            for (int x = 0; x < width; x++) {
                out[dst + x] = channelOf[small[src + xs[x]]];
            }
        }
        return out;
    }

    private static BufferedImage toBufferedImage(Image image) {
        Object wrapped = image.getWrappedImage();
        if (wrapped instanceof BufferedImage bi) {
            return bi;
        }
        throw new IllegalArgumentException(
                "unsupported image implementation " + wrapped.getClass().getName()
                        + ": use ImageFactory's default (java.awt) images");
    }

    /**
     * Builder; the class names come from {@link #optClassNames} or from {@link #optInputSpec}.
     * Explicit settings win over the spec (a contradiction is logged once); without a spec the
     * defaults are {@link Normalization#NONE} and 1024x512.
     */
    public static final class Builder {
        private InputSpec spec;
        private ImmutableList<String> classNames;
        private Normalization normalization;
        private int inputWidth;
        private int inputHeight;
        private ClassSubset subset;
        private Upsampling upsampling;

        private Builder() {}

        /** How the model must be fed, as it recorded it: the defaults of the other settings. */
        public Builder optInputSpec(InputSpec spec) {
            checkUnset(this.spec, "input spec");
            this.spec = Objects.requireNonNull(spec, "spec");
            return this;
        }

        /** The class names, one per output channel, in channel order (default: the spec's). */
        public Builder optClassNames(List<String> names) {
            checkUnset(classNames, "class names");
            this.classNames = ImmutableList.copyOf(names);
            return this;
        }

        /** Input normalization; default the spec's, else {@link Normalization#NONE}. */
        public Builder optNormalization(Normalization normalization) {
            checkUnset(this.normalization, "normalization");
            this.normalization = Objects.requireNonNull(normalization);
            return this;
        }

        /**
         * Network input size; default the spec's, else 1024x512 (the protocol's). Both must be multiples of 32, the
         * image at most {@link ImageLimits#MAX_PIXELS} pixels.
         */
        public Builder optInputSize(int width, int height) {
            checkUnset(inputWidth == 0 ? null : inputWidth, "input size");
            if (width <= 0 || height <= 0 || width % 32 != 0 || height % 32 != 0) {
                throw new IllegalArgumentException(
                        "input size " + width + "x" + height + " must be positive multiples of 32");
            }
            ImageLimits.checkSize(width, height, "input size");
            this.inputWidth = width;
            this.inputHeight = height;
            return this;
        }

        /** The channels the argmax may choose; default all. */
        public Builder optClassSubset(ClassSubset subset) {
            checkUnset(this.subset, "class subset");
            this.subset = Objects.requireNonNull(subset);
            return this;
        }

        /** How logits are brought to the image size; default {@link Upsampling#NEAREST}. */
        public Builder optUpsampling(Upsampling upsampling) {
            checkUnset(this.upsampling, "upsampling");
            this.upsampling = Objects.requireNonNull(upsampling);
            return this;
        }

        /** Validates the settings and builds the translator. */
        public SegmentationTranslator build() {
            InputSpec.Choice c = InputSpec.settle(Optional.ofNullable(spec),
                    new InputSpec.Choice(classNames, normalization, inputWidth, inputHeight),
                    new InputSpec.Choice(null, Normalization.NONE, 1024, 512), "the segmentation translator");
            classNames = c.requireClassNames(
                    "optClassNames(...), or optInputSpec(...) of a model that records them");
            normalization = c.normalization();
            inputWidth = c.width();
            inputHeight = c.height();
            if (subset == null) {
                subset = ClassSubset.all(classNames.size());
            }
            if (subset.requiredChannels() > classNames.size()) {
                throw new IllegalStateException(
                        "class subset " + subset.channels() + " needs " + subset.requiredChannels()
                                + " channels but only " + classNames.size() + " class names were given");
            }
            if (upsampling == null) {
                upsampling = Upsampling.NEAREST;
            }
            return new SegmentationTranslator(this);
        }

        private static void checkUnset(Object current, String what) {
            if (current != null) {
                throw new IllegalStateException(what + " was already set");
            }
        }
    }
}
