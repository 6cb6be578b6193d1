package org.lifelongseg.erfnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * ERFNet's downsampler: ReLU(BN(concat[conv3x3 stride 2 (in -> out - in), maxpool 2x2](x))),
 * halving height and width.
 */
final class DownsamplerBlock extends AbstractBlock implements StateDictModule {

    private static final Shape POOL = new Shape(2, 2);
    private static final Shape NO_PADDING = new Shape(0, 0);

    private final int outChannels;
    private final Conv2d conv;
    private final BatchNorm bn;

    DownsamplerBlock(int inChannels, int outChannels) {
        if (outChannels <= inChannels) {
            throw new IllegalArgumentException(
                    "downsampler needs out > in channels, got " + inChannels + " -> " + outChannels);
        }
        this.outChannels = outChannels;
        conv = addChildBlock("conv", Layers.conv(outChannels - inChannels, 3, 3, 2, 1, 1, 1, 1));
        bn = addChildBlock("bn", Layers.batchNorm());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(
                Scopes.run(
                        inputs.singletonOrThrow(),
                        x -> {
                            NDArray c = conv.forward(ps, new NDList(x), training).singletonOrThrow();
                            NDArray p = Pool.maxPool2d(x, POOL, POOL, NO_PADDING, false);
                            NDArray y = c.concat(p, 1);
                            y = bn.forward(ps, new NDList(y), training).singletonOrThrow();
                            return Activation.relu(y);
                        }));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outChannels, in.get(2) / 2, in.get(3) / 2)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        conv.initialize(manager, dataType, inputs);
        bn.initialize(manager, dataType, getOutputShapes(inputs));
    }

    @Override
    public void collectStateDict(String prefix, Map<String, Parameter> out) {
        TorchNames.conv(prefix + "conv.", conv, out);
        TorchNames.batchNorm(prefix + "bn.", bn, out);
    }
}
