package org.lifelongseg.erfnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * ERFNet's residual {@code non_bottleneck_1d}: two factorised 3x1/1x3 convolution pairs (the second
 * dilated), BatchNorm after each pair, channel-wise dropout in training, then ReLU(x + input).
 */
final class NonBottleneck1d extends AbstractBlock implements StateDictModule {

    private final Conv2d conv3x1First;
    private final Conv2d conv1x3First;
    private final BatchNorm bn1;
    private final Conv2d conv3x1Second;
    private final Conv2d conv1x3Second;
    private final BatchNorm bn2;
    private final ChannelDropout dropout;

    NonBottleneck1d(int channels, float dropoutRate, int dilation) {
        conv3x1First = addChildBlock("conv3x1_1", Layers.conv(channels, 3, 1, 1, 1, 0, 1, 1));
        conv1x3First = addChildBlock("conv1x3_1", Layers.conv(channels, 1, 3, 1, 0, 1, 1, 1));
        bn1 = addChildBlock("bn1", Layers.batchNorm());
        conv3x1Second =
                addChildBlock(
                        "conv3x1_2", Layers.conv(channels, 3, 1, 1, dilation, 0, dilation, 1));
        conv1x3Second =
                addChildBlock(
                        "conv1x3_2", Layers.conv(channels, 1, 3, 1, 0, dilation, 1, dilation));
        bn2 = addChildBlock("bn2", Layers.batchNorm());
        dropout =
                dropoutRate > 0f
                        ? addChildBlock(
                                "dropout", ChannelDropout.builder().optRate(dropoutRate).build())
                        : null;
    }

    /** The dropout rate (0 when the block has no dropout). */
    float getDropoutRate() {
        return dropout == null ? 0f : dropout.rate();
    }

    private static NDArray run(Block b, ParameterStore ps, NDArray x, boolean training) {
        return b.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(
                Scopes.run(
                        inputs.singletonOrThrow(),
                        input -> {
                            NDArray y = Scopes.then(run(conv3x1First, ps, input, training), Activation::relu);
                            y = Scopes.then(y, t -> run(conv1x3First, ps, t, training));
                            y = Scopes.then(y, t -> run(bn1, ps, t, training));
                            y = Scopes.then(y, Activation::relu);
                            y = Scopes.then(y, t -> run(conv3x1Second, ps, t, training));
                            y = Scopes.then(y, Activation::relu);
                            y = Scopes.then(y, t -> run(conv1x3Second, ps, t, training));
                            y = Scopes.then(y, t -> run(bn2, ps, t, training));
                            if (dropout != null) {
                                y = Scopes.then(y, t -> run(dropout, ps, t, training));
                            }
                            y = Scopes.then(y, t -> t.add(input));
                            return Scopes.then(y, Activation::relu);
                        }));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        // every layer keeps the (N, C, H, W) shape
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputs);
        }
    }

    @Override
    public void collectStateDict(String prefix, Map<String, Parameter> out) {
        TorchNames.conv(prefix + "conv3x1_1.", conv3x1First, out);
        TorchNames.conv(prefix + "conv1x3_1.", conv1x3First, out);
        TorchNames.batchNorm(prefix + "bn1.", bn1, out);
        TorchNames.conv(prefix + "conv3x1_2.", conv3x1Second, out);
        TorchNames.conv(prefix + "conv1x3_2.", conv1x3Second, out);
        TorchNames.batchNorm(prefix + "bn2.", bn2, out);
    }
}
