package org.lifelongseg.erfnet.recognize;

import org.lifelongseg.core.engine.TorchRuntime;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * A small Wide-ResNet image classifier (Zagoruyko and Komodakis, 2016) split at its middle layer
 * for PROSER's manifold mixup: {@link #forwardPre} maps images {@code (N, 3, H, W)} to the
 * middle features (after the second stage), {@link #forwardPost} maps (possibly mixed) middle
 * features to logits {@code (N, outputs)}.
 *
 * <pre>{@code
 * WideResNet net = WideResNet.builder().setOutputs(3).optDepth(10).optWidenFactor(1).build();
 * NDArray mid = net.forwardPre(ps, images, true);
 * NDArray logits = net.forwardPost(ps, mid, true);
 * }</pre>
 *
 * <p>Layout as in the network of the Ianvs PROSER plug-in: a 3x3 convolution to 16 channels,
 * three stages of {@code (depth - 4) / 6} pre-activation basic blocks (BN-ReLU-conv3x3-BN-ReLU-
 * conv3x3 plus a 1x1 convolution shortcut where the shape changes) of widths 16k, 32k, 64k and
 * strides 1, 2, 2, then BN-ReLU, global average pooling and a linear layer. No dropout.
 */
public final class WideResNet extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int outputs;
    private final int depth;
    private final int widenFactor;
    private final SequentialBlock pre;
    private final SequentialBlock post;

    private WideResNet(Builder b) {
        super(VERSION);
        this.outputs = b.outputs;
        this.depth = b.depth;
        this.widenFactor = b.widenFactor;
        int n = (depth - 4) / 6;
        int[] widths = {16 * widenFactor, 32 * widenFactor, 64 * widenFactor};
        SequentialBlock p = new SequentialBlock().add(conv(16, 3, 1));
        int in = 16;
        for (int stage = 0; stage < 2; stage++) {
            for (int i = 0; i < n; i++) {
                p.add(basic(in, widths[stage], i == 0 && stage > 0 ? 2 : 1));
                in = widths[stage];
            }
        }
        SequentialBlock q = new SequentialBlock();
        for (int i = 0; i < n; i++) {
            q.add(basic(in, widths[2], i == 0 ? 2 : 1));
            in = widths[2];
        }
        q.add(BatchNorm.builder().build()).add(Activation.reluBlock()).add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(outputs).build());
        this.pre = addChildBlock("pre", p);
        this.post = addChildBlock("post", q);
    }

    private static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false).build();
    }

    private static Block basic(int in, int out, int stride) {
        SequentialBlock residual = new SequentialBlock()
                .add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(out, 3, stride))
                .add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(out, 3, 1));
        Block shortcut = in == out && stride == 1 ? Blocks.identityBlock() : conv(out, 1, stride);
        return new ParallelBlock(
                list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                List.of(residual, shortcut));
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of logits. */
    public int outputs() {
        return outputs;
    }

    /** The depth (6n + 4). */
    public int depth() {
        return depth;
    }

    /** The widen factor k. */
    public int widenFactor() {
        return widenFactor;
    }

    /** Images {@code (N, 3, H, W)} to the middle features (after stage 2). */
    public NDArray forwardPre(ParameterStore ps, NDArray images, boolean training) {
        return pre.forward(ps, new NDList(images), training).singletonOrThrow();
    }

    /** Middle features to logits {@code (N, outputs)}. */
    public NDArray forwardPost(ParameterStore ps, NDArray middle, boolean training) {
        return post.forward(ps, new NDList(middle), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return post.forward(ps, pre.forward(ps, inputs, training), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputs)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        pre.initialize(manager, dataType, inputShapes);
        post.initialize(manager, dataType, pre.getOutputShapes(inputShapes));
        TorchRuntime.admit(this);
    }

    @Override
    public String toString() {
        return "WideResNet-" + depth + "-" + widenFactor + "(" + outputs + " outputs)";
    }

    /** Builder; {@link #setOutputs} is required. */
    public static final class Builder {
        private int outputs;
        private int depth;
        private int widenFactor;

        private Builder() {}

        /** The number of logits (required, > 0). */
        public Builder setOutputs(int outputs) {
            if (this.outputs != 0) {
                throw new IllegalStateException("outputs already set");
            }
            if (outputs <= 0) {
                throw new IllegalArgumentException("outputs must be > 0, got " + outputs);
            }
            this.outputs = outputs;
            return this;
        }

        /** The depth, 6n + 4 with n >= 1 (default 10). */
        public Builder optDepth(int depth) {
            if (this.depth != 0) {
                throw new IllegalStateException("depth already set");
            }
            if (depth < 10 || (depth - 4) % 6 != 0) {
                throw new IllegalArgumentException("WRN depth must be 6n + 4 with n >= 1, got " + depth);
            }
            this.depth = depth;
            return this;
        }

        /** The widen factor k >= 1 (default 1). */
        public Builder optWidenFactor(int k) {
            if (this.widenFactor != 0) {
                throw new IllegalStateException("widen factor already set");
            }
            if (k < 1) {
                throw new IllegalArgumentException("widen factor must be >= 1, got " + k);
            }
            this.widenFactor = k;
            return this;
        }

        /** Validates and builds the block. */
        public WideResNet build() {
            if (outputs == 0) {
                throw new IllegalStateException("setOutputs is required");
            }
            if (depth == 0) {
                depth = 10;
            }
            if (widenFactor == 0) {
                widenFactor = 1;
            }
            TorchRuntime.ensureReady();
            return new WideResNet(this);
        }
    }
}
