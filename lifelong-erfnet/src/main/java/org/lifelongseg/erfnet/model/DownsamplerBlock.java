package org.lifelongseg.erfnet.model;

import ai.djl.Device;
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
import java.util.List;
import java.util.Map;
import org.lifelongseg.core.engine.ConvolutionShape;
import org.lifelongseg.core.engine.RunsConvolutions;

/**
 * ERFNet's downsampler: ReLU(BN(concat[conv3x3 stride 2 (in -> out - in), maxpool 2x2](x))),
 * halving height and width.
 */
final class DownsamplerBlock extends AbstractBlock implements StateDictModule, RunsConvolutions {

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
                            Device device = x.getDevice();
                            NDArray c = ChannelPadding.conv2d(x,
                                    ps.getValue(conv.getParameters().get("weight"), device, training),
                                    ps.getValue(conv.getParameters().get("bias"), device, training),
                                    conv.getStride(), conv.getPadding(), conv.getDilation());
                            NDArray p = Pool.maxPool2d(x, POOL, POOL, NO_PADDING, false);
                            NDArray y = c.concat(p, 1);
                            c.close();
                            p.close();
                            y = Scopes.then(y, t -> bn.forward(ps, new NDList(t), training).singletonOrThrow());
                            return Scopes.then(y, Activation::relu);
                        }));
    }

    /** Its one convolution, output channels padded ({@link ChannelPadding}). */
    @Override
    public List<ConvolutionShape> convolutions() {
        Shape w = conv.getParameters().get("weight").getArray().getShape();
        return List.of(new ConvolutionShape((int) w.get(1), ChannelPadding.padded((int) w.get(0)),
                3, 3, 2, 1, 1, 1, 1));
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
