package org.lifelongseg.erfnet.model;

import org.lifelongseg.core.engine.TorchRuntime;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.base.Preconditions;
import java.util.LinkedHashMap;

/**
 * ERFNet (Romera et al., 2017) as a DJL block: {@code (N, 3, H, W)} RGB in, {@code (N, numClasses,
 * H, W)} raw logits out; H and W must be multiples of 32.
 *
 * <pre>{@code
 * ErfNet net = ErfNet.builder().setNumClasses(11).build();
 * try (Model model = Model.newInstance("erfnet")) {
 *     model.setBlock(net);
 *     net.initializeParameters(model.getNDManager());
 *     StateDictLoader.strict().load(stateDict, net.stateDictParameters());
 *     NDArray logits = net.forward(new ParameterStore(), new NDList(image), false).head();
 * }
 * }</pre>
 *
 * <p>Every parameter and BatchNorm running statistic has its PyTorch {@code state_dict} name
 * ({@link #stateDictParameters()}), e.g. {@code encoder.layers.3.conv1x3_2.bias} or {@code
 * decoder.output_conv.weight} (transposed-convolution layout {@code (in, out, kH, kW)}). BatchNorm
 * uses epsilon 1e-3 and PyTorch momentum 0.1; a training forward uses batch statistics, updates the
 * running statistics as PyTorch does and applies channel-wise dropout (rates 0.03 / 0.3 times
 * {@link Builder#optDropoutScale the dropout scale}).
 *
 * <p>An evaluation forward of a batch whose activations would be large runs it in chunks of images
 * whose largest activation stays within {@link #CHUNK_BYTES}, each chunk's logits written straight
 * into their rows of the output: the same numbers, but the layers work within the processor's
 * caches and reuse freed memory instead of page-faulting fresh memory for every layer (measured on 2 cores of an AMD EPYC: 4 images of
 * 512x1024 took 3.6x as long per image as one image; see benchmarks/README.md). A training forward
 * never splits its batch (BatchNorm uses the batch statistics).
 */
public final class ErfNet extends AbstractBlock {

    /** The largest activation of one evaluation chunk, in bytes (at least one image per chunk). */
    public static final long CHUNK_BYTES = 24L << 20;

    private static final byte VERSION = 1;
    private static final int MULTIPLE = 32;

    private final int numClasses;
    private final ErfNetEncoder encoder;
    private final ErfNetDecoder decoder;

    private ErfNet(Builder builder) {
        super(VERSION);
        numClasses = builder.numClasses;
        encoder =
                addChildBlock(
                        "encoder",
                        new ErfNetEncoder(
                                numClasses, builder.encoderOutputConv, builder.dropoutScale));
        decoder = addChildBlock("decoder", new ErfNetDecoder(numClasses));
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of output channels. */
    public int numClasses() {
        return numClasses;
    }

    /** Whether the encoder has the 1x1 {@code encoder.output_conv} of the original checkpoints. */
    public boolean hasEncoderOutputConv() {
        return encoder.hasOutputConv();
    }

    /**
     * The number of learnable parameters (weights, biases, BatchNorm affine parameters; not the
     * running statistics), known before initialization: 2,064,256 for 20 classes.
     */
    public long parameterCount() {
        long encoderCount =
                downsampler(3, 16)
                        + downsampler(16, 64)
                        + 5 * nonBottleneck(64)
                        + downsampler(64, 128)
                        + 8 * nonBottleneck(128)
                        + (encoder.hasOutputConv() ? 128L * numClasses + numClasses : 0);
        long decoderCount =
                upsampler(128, 64)
                        + 2 * nonBottleneck(64)
                        + upsampler(64, 16)
                        + 2 * nonBottleneck(16)
                        + 16L * numClasses * 4 + numClasses;
        return encoderCount + decoderCount;
    }

    private static long downsampler(long in, long out) {
        return in * (out - in) * 9 + (out - in) + 2 * out;
    }

    private static long nonBottleneck(long c) {
        return 4 * (c * c * 3 + c) + 4 * c;
    }

    private static long upsampler(long in, long out) {
        return in * out * 9 + out + 2 * out;
    }

    /**
     * Every learnable parameter and BatchNorm running statistic keyed by its PyTorch {@code
     * state_dict} name, in PyTorch's order ({@code num_batches_tracked} has no counterpart). A new
     * mutable map each call; the parameters are this block's own.
     */
    public LinkedHashMap<String, Parameter> stateDictParameters() {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        encoder.collectStateDict("encoder.", out);
        decoder.collectStateDict("decoder.", out);
        return out;
    }

    /**
     * Initializes all parameters (their shapes do not depend on the image size) in {@code
     * manager}, e.g. {@code model.getNDManager()}, if not yet initialized.
     *
     * @return this block
     */
    public ErfNet initializeParameters(NDManager manager) {
        if (!isInitialized()) {
            initialize(manager, DataType.FLOAT32, new Shape(1, 3, MULTIPLE, MULTIPLE));
        }
        return this;
    }

    /**
     * Runs the encoder alone.
     *
     * @param input {@code (N, 3, H, W)} image, H and W multiples of 32
     * @return {features (N, 128, H/8, W/8)}, followed by the encoder-only logits {@code (N,
     *     numClasses, H/8, W/8)} if the block has the encoder output conv
     */
    public NDList forwardEncoder(ParameterStore ps, NDArray input, boolean training) {
        validateInput(input.getShape());
        return encoder.forwardWithLogits(ps, new NDList(input), training);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Preconditions.checkArgument(
                inputs.size() == 1, "ERFNet takes one input (the image), got %s", inputs.size());
        Shape shape = inputs.head().getShape();
        validateInput(shape);
        long n = shape.get(0);
        long perChunk = imagesPerChunk(shape, inputs.head().getDataType().getNumOfBytes());
        if (training || n <= perChunk) {
            return decoder.forward(ps, encoder.forward(ps, inputs, training), training);
        }
        // each chunk's logits go straight into their rows of the output: no concatenation
        NDArray x = inputs.head();
        NDArray out = x.getManager().create(getOutputShapes(new Shape[] {shape})[0], x.getDataType());
        for (long start = 0; start < n; start += perChunk) {
            long end = Math.min(n, start + perChunk);
            try (NDArray chunk = x.get(new NDIndex("{}:{}", start, end));
                    NDArray rows = out.get(new NDIndex("{}:{}", start, end));
                    NDList features = encoder.forward(ps, new NDList(chunk), false)) {
                decoder.forwardInto(ps, features, rows);
            }
        }
        return new NDList(out);
    }

    /**
     * How many images of {@code shape} an evaluation chunk holds: as many as keep the largest
     * activation (the 16-channel half-resolution features, the sub-pixel head's output or the
     * logits) within {@link #CHUNK_BYTES}, at least one.
     */
    long imagesPerChunk(Shape shape, int bytesPerValue) {
        long pixels = shape.get(2) * shape.get(3);
        long values = Math.max(4 * pixels, // 16 channels at half resolution
                Math.max(ChannelPadding.padded(4 * numClasses) * pixels / 4, numClasses * pixels));
        return Math.max(1, CHUNK_BYTES / (values * bytesPerValue));
    }

    private static void validateInput(Shape shape) {
        if (shape.dimension() != 4
                || shape.get(1) != 3
                || shape.get(2) <= 0
                || shape.get(3) <= 0
                || shape.get(2) % MULTIPLE != 0
                || shape.get(3) % MULTIPLE != 0) {
            throw new IllegalArgumentException(
                    "ERFNet input must be (N, 3, H, W) with H and W positive multiples of "
                            + MULTIPLE
                            + ", got "
                            + shape);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), numClasses, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        validateInput(inputs[0]);
        encoder.initialize(manager, dataType, inputs);
        decoder.initialize(manager, dataType, encoder.getOutputShapes(inputs));
        TorchRuntime.admit(this); // every ERFNet declares its convolutions once it has weights
    }

    @Override
    public String toString() {
        return "ErfNet(" + numClasses + " classes"
                + (encoder.hasOutputConv() ? ", encoder output conv" : "") + ")";
    }

    /** Builder of {@link ErfNet}; {@link #setNumClasses} is required. */
    public static final class Builder {
        private int numClasses = -1;
        private Boolean encoderOutputConv;
        private float dropoutScale = Float.NaN;

        private Builder() {}

        /**
         * Output channels (required), e.g. 20 for the 19 Cityscapes classes + void, or {@code C_old
         * + C_new} for the student of a new task.
         */
        public Builder setNumClasses(int numClasses) {
            Preconditions.checkState(this.numClasses < 0, "numClasses already set");
            Preconditions.checkArgument(numClasses > 0, "numClasses must be > 0, got %s", numClasses);
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Adds the encoder's 1x1 {@code encoder.output_conv} (128 -> numClasses) of the original
         * ERFNet checkpoints (default false: the class-incremental layout lacks it). It does not
         * contribute to the block's output, only to {@link ErfNet#forwardEncoder}.
         */
        public Builder optEncoderOutputConv(boolean encoderOutputConv) {
            Preconditions.checkState(this.encoderOutputConv == null, "encoderOutputConv already set");
            this.encoderOutputConv = encoderOutputConv;
            return this;
        }

        /**
         * Multiplies the encoder's dropout rates (0.03 and 0.3) by {@code scale} (default 1; 0
         * disables dropout). The largest resulting rate must stay below 1.
         */
        public Builder optDropoutScale(float scale) {
            Preconditions.checkState(Float.isNaN(dropoutScale), "dropoutScale already set");
            Preconditions.checkArgument(
                    scale >= 0f && 0.3f * scale < 1f,
                    "dropout scale must be >= 0 and keep 0.3 * scale < 1, got %s",
                    scale);
            this.dropoutScale = scale;
            return this;
        }

        /** Validates and builds the block. */
        public ErfNet build() {
            Preconditions.checkState(numClasses > 0, "setNumClasses is required");
            if (encoderOutputConv == null) {
                encoderOutputConv = false;
            }
            if (Float.isNaN(dropoutScale)) {
                dropoutScale = 1f;
            }
            TorchRuntime.ensureReady();
            return new ErfNet(this);
        }
    }
}
