package org.lifelongseg.erfnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * ERFNet's upsampler: ReLU(BN(ConvTranspose 3x3 stride 2 padding 1 output-padding 1 (x))),
 * doubling height and width.
 */
final class UpsamplerBlock extends AbstractBlock implements StateDictModule {

    private final ConvTranspose2d conv;
    private final BatchNorm bn;

    UpsamplerBlock(int outChannels) {
        conv =
                addChildBlock(
                        "conv",
                        ConvTranspose2d.builder()
                                .setFilters(outChannels)
                                .setKernelSize(3)
                                .optStride(2)
                                .optPadding(1)
                                .optOutputPadding(1)
                                .build());
        bn = addChildBlock("bn", Layers.batchNorm());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(
                Scopes.run(
                        inputs.singletonOrThrow(),
                        x -> {
                            NDArray y = conv.forward(ps, new NDList(x), training).singletonOrThrow();
                            y = Scopes.then(y, t -> bn.forward(ps, new NDList(t), training).singletonOrThrow());
                            return Scopes.then(y, Activation::relu);
                        }));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        conv.initialize(manager, dataType, inputs);
        bn.initialize(manager, dataType, conv.getOutputShapes(inputs));
    }

    @Override
    public void collectStateDict(String prefix, Map<String, Parameter> out) {
        conv.collectStateDict(prefix + "conv.", out);
        TorchNames.batchNorm(prefix + "bn.", bn, out);
    }
}
