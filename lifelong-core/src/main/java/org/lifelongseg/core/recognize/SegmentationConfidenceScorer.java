package org.lifelongseg.core.recognize;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.lifelongseg.core.engine.NativeArrays;
import org.lifelongseg.core.engine.TorchRuntime;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.infer.ClassSubset;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.image.ImageLimits;
import org.lifelongseg.core.infer.InputSpec;

/**
 * The training-free {@link KnownnessScorer}: how confident the segmentation network itself is on
 * an image (mean max-softmax or mean negative entropy over the pixels, optionally per predicted
 * class), computed on the model's device. Images of scenes the network was trained on get
 * confident predictions; images of unknown kinds do not.
 *
 * <pre>{@code
 * try (SegmentationConfidenceScorer scorer = SegmentationConfidenceScorer.builder()
 *         .setModel(model)            // logits (N, C, h, w); its InputSpec gives the defaults
 *         .optClassNames(classNames)                        // C names: part of the identity
 *         .optModelId("enet20")
 *         .optChannels(ClassSubset.range(0, 19))            // leave the void channel out
 *         .optInputSize(512, 256)
 *         .build()) {
 *     double[] scores = scorer.score(images);
 * }
 * }</pre>
 *
 * <p>The softmax runs over the selected channels only (the known classes), so a channel such as
 * Cityscapes' void, which is not a class the model should predict, neither adds nor takes
 * confidence. Closing the scorer closes its predictor, not the model.
 */
public final class SegmentationConfidenceScorer implements KnownnessScorer {

    private final Model model;
    private final ImmutableList<String> classNames;
    private final String modelId;
    private final ClassSubset channels;
    private final Normalization normalization;
    private final int inputWidth;
    private final int inputHeight;
    private final ConfidenceStatistic statistic;
    private final ConfidenceAggregation aggregation;
    private final int batchSize;
    private final Predictor<List<RgbImage>, double[]> predictor;

    private SegmentationConfidenceScorer(Builder b) {
        this.model = b.model;
        this.classNames = b.classNames;
        this.modelId = b.modelId == null ? model.getName() : b.modelId;
        this.channels = b.channels == null ? ClassSubset.all(classNames.size()) : b.channels;
        this.normalization = b.normalization;
        this.inputWidth = b.inputWidth;
        this.inputHeight = b.inputHeight;
        this.statistic = b.statistic == null ? ConfidenceStatistic.MAX_SOFTMAX : b.statistic;
        this.aggregation = b.aggregation == null ? ConfidenceAggregation.PIXEL_MEAN : b.aggregation;
        this.batchSize = b.batchSize == 0 ? 8 : b.batchSize;
        this.predictor = model.newPredictor(new ScoreTranslator());
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String identity() {
        return "segmentation-confidence; model=" + modelId + "; classes=" + String.join(",", classNames)
                + "; channels=" + channels.channels() + "; input=" + inputWidth + "x" + inputHeight
                + "; normalization=" + normalization.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String scoreName() {
        return statistic.key() + "_" + aggregation.key();
    }

    @Override
    public double[] score(List<RgbImage> images) {
        double[] out = new double[images.size()];
        for (int from = 0; from < images.size(); from += batchSize) {
            List<RgbImage> batch = images.subList(from, Math.min(images.size(), from + batchSize));
            double[] s;
            try {
                s = predictor.predict(batch);
            } catch (TranslateException e) {
                // DJL wraps the translator's exception; its message would start with the Java type
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
                if (cause instanceof IllegalArgumentException) {
                    throw new IllegalArgumentException("scoring failed: " + why, e);
                }
                throw new IllegalStateException("scoring failed: " + why, e);
            }
            System.arraycopy(s, 0, out, from, s.length);
        }
        return out;
    }

    /**
     * Scores logits the segmentation network already produced, {@code (N, C, h, w)} (or {@code (C,
     * h, w)} for one image), with this scorer's channels, statistic and aggregation.
     */
    public double[] scoreLogits(NDArray logits) {
        return scoreLogits(logits, channels, statistic, aggregation);
    }

    /**
     * Scores logits {@code (N, C, h, w)} or {@code (C, h, w)}: softmax over the channels, the
     * per-pixel statistic, then the aggregation; computed on the logits' device.
     */
    public static double[] scoreLogits(
            NDArray logits, ClassSubset channels, ConfidenceStatistic statistic, ConfidenceAggregation aggregation) {
        long[] shape = logits.getShape().getShape();
        if (shape.length != 3 && shape.length != 4) {
            throw new IllegalArgumentException("expected logits (N,C,H,W) or (C,H,W), got " + logits.getShape());
        }
        long c = shape[shape.length - 3];
        if (channels.requiredChannels() > c) {
            throw new IllegalArgumentException("the logits have " + c + " channels but the channel subset "
                    + channels.channels() + " needs " + channels.requiredChannels());
        }
        try (NDManager scope = logits.getManager().newSubManager()) {
            scope.tempAttachAll(logits); // intermediate results land in the scope, freed on close
            NDArray l = shape.length == 3 ? logits.expandDims(0) : logits;
            if (!channels.isAllOf((int) c)) {
                NDArray index = NativeArrays.of(scope, channels.toArray()).toType(DataType.INT64, false)
                        .toDevice(l.getDevice(), false);
                l = l.transpose(1, 0, 2, 3).get(index).transpose(1, 0, 2, 3);
            }
            NDArray logp = l.toType(DataType.FLOAT32, false).logSoftmax(1);
            int k = channels.size();
            NDArray conf;
            if (statistic == ConfidenceStatistic.MAX_SOFTMAX) {
                conf = logp.max(new int[] {1}).exp();
            } else if (k == 1) {
                conf = logp.sum(new int[] {1}).zerosLike();
            } else {
                conf = logp.exp().mul(logp).sum(new int[] {1}).div((float) Math.log(k));
            }
            NDArray scores;
            if (aggregation == ConfidenceAggregation.PIXEL_MEAN) {
                scores = conf.mean(new int[] {2}).mean(new int[] {1});
            } else {
                NDArray oneHot = logp.argMax(1).oneHot(k, DataType.FLOAT32); // (N, h, w, k)
                NDArray sums = oneHot.mul(conf.expandDims(3)).sum(new int[] {1}).sum(new int[] {1});
                NDArray counts = oneHot.sum(new int[] {1}).sum(new int[] {1});
                NDArray present = counts.gt(0f).toType(DataType.FLOAT32, false);
                scores = sums.div(counts.maximum(1f)).sum(new int[] {1}).div(present.sum(new int[] {1}));
            }
            float[] f = scores.toType(DataType.FLOAT32, false).toFloatArray();
            double[] out = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i];
            }
            return out;
        }
    }

    /** The model. */
    public Model model() {
        return model;
    }

    @Override
    public void close() {
        predictor.close();
    }

    private final class ScoreTranslator implements NoBatchifyTranslator<List<RgbImage>, double[]> {
        @Override
        public NDList processInput(TranslatorContext ctx, List<RgbImage> images) {
            NDManager m = ctx.getNDManager();
            List<NDArray> xs = new ArrayList<>(images.size());
            for (RgbImage img : images) {
                xs.add(img.toNetworkInput(m, inputWidth, inputHeight, normalization));
            }
            return new NDList(NDArrays.stack(new NDList(xs)));
        }

        @Override
        public double[] processOutput(TranslatorContext ctx, NDList list) {
            NDArray logits = list.head();
            if (logits.getShape().dimension() != 4 || logits.getShape().get(1) != classNames.size()) {
                throw new IllegalArgumentException("the model outputs " + logits.getShape() + " but "
                        + classNames.size() + " class names were given (expected (N, " + classNames.size() + ", h, w))");
            }
            return scoreLogits(logits, channels, statistic, aggregation);
        }
    }

    /**
     * Builder; {@link #setModel} is required. Class names, normalization and input size default
     * to the model's {@link org.lifelongseg.core.infer.InputSpec} (explicit settings win; a
     * contradiction is logged once), else to none and 512x256; class names must come from one of
     * the two.
     */
    public static final class Builder {
        private Model model;
        private ImmutableList<String> classNames;
        private String modelId;
        private ClassSubset channels;
        private Normalization normalization;
        private int inputWidth;
        private int inputHeight;
        private ConfidenceStatistic statistic;
        private ConfidenceAggregation aggregation;
        private int batchSize;

        private Builder() {}

        /** The segmentation network: {@code (N, 3, H, W)} images to logits {@code (N, C, h, w)}. */
        public Builder setModel(Model model) {
            checkUnset(this.model, "model");
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** The network's class names, one per output channel (part of the identity). */
        public Builder optClassNames(List<String> names) {
            checkUnset(classNames, "class names");
            this.classNames = ImmutableList.copyOf(names);
            return this;
        }

        /** The model's identity in calibrations (default: the DJL model name). */
        public Builder optModelId(String id) {
            checkUnset(modelId, "model id");
            this.modelId = Objects.requireNonNull(id, "model id");
            return this;
        }

        /** The channels of the known classes the softmax runs over (default all). */
        public Builder optChannels(ClassSubset channels) {
            checkUnset(this.channels, "channels");
            this.channels = Objects.requireNonNull(channels, "channels");
            return this;
        }

        /** Input normalization (default the model's spec, else {@link Normalization#NONE}). */
        public Builder optNormalization(Normalization normalization) {
            checkUnset(this.normalization, "normalization");
            this.normalization = Objects.requireNonNull(normalization, "normalization");
            return this;
        }

        /**
         * Network input size (default the model's spec, else 512x256); multiples of 32, at most {@link
         * ImageLimits#MAX_PIXELS} pixels.
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

        /** The per-pixel statistic (default {@link ConfidenceStatistic#MAX_SOFTMAX}). */
        public Builder optStatistic(ConfidenceStatistic statistic) {
            checkUnset(this.statistic, "statistic");
            this.statistic = Objects.requireNonNull(statistic, "statistic");
            return this;
        }

        /** The aggregation over pixels (default {@link ConfidenceAggregation#PIXEL_MEAN}). */
        public Builder optAggregation(ConfidenceAggregation aggregation) {
            checkUnset(this.aggregation, "aggregation");
            this.aggregation = Objects.requireNonNull(aggregation, "aggregation");
            return this;
        }

        /** Images per forward pass (default 8). */
        public Builder optBatchSize(int batchSize) {
            checkUnset(this.batchSize == 0 ? null : this.batchSize, "batch size");
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Validates and builds the scorer. */
        public SegmentationConfidenceScorer build() {
            if (model == null) {
                throw new IllegalStateException("setModel is required");
            }
            TorchRuntime.admit(model.getBlock()); // readies the runtime first
            InputSpec.Choice c = InputSpec.settle(InputSpec.of(model),
                    new InputSpec.Choice(classNames, normalization, inputWidth, inputHeight),
                    new InputSpec.Choice(null, Normalization.NONE, 512, 256), "the confidence scorer");
            classNames = c.requireClassNames("optClassNames(...), or a model whose input spec records them");
            normalization = c.normalization();
            inputWidth = c.width();
            inputHeight = c.height();
            if (channels != null && channels.requiredChannels() > classNames.size()) {
                throw new IllegalStateException("channels " + channels.channels() + " need "
                        + channels.requiredChannels() + " classes but " + classNames.size() + " names were given");
            }
            return new SegmentationConfidenceScorer(this);
        }

        private static void checkUnset(Object current, String what) {
            if (current != null) {
                throw new IllegalStateException(what + " was already set");
            }
        }
    }
}
