package org.lifelongseg.erfnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ERFNet's decoder ({@code decoder.*}): 128 channels at 1/8 resolution -> {@code numClasses} raw
 * logits at full resolution.
 */
final class ErfNetDecoder extends AbstractBlock implements StateDictModule {

    private final List<Block> layers = new ArrayList<>();
    private final ConvTranspose2d outputConv;

    ErfNetDecoder(int numClasses) {
        addLayer(new UpsamplerBlock(64));
        addLayer(new NonBottleneck1d(64, 0f, 1));
        addLayer(new NonBottleneck1d(64, 0f, 1));
        addLayer(new UpsamplerBlock(16));
        addLayer(new NonBottleneck1d(16, 0f, 1));
        addLayer(new NonBottleneck1d(16, 0f, 1));
        outputConv =
                addChildBlock(
                        "output_conv",
                        ConvTranspose2d.builder()
                                .setFilters(numClasses)
                                .setKernelSize(2)
                                .optStride(2)
                                .optPadding(0)
                                .build());
    }

    private void addLayer(Block layer) {
        layers.add(addChildBlock("layers_" + layers.size(), layer));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = upsample(ps, inputs, training);
        NDList out = outputConv.forward(ps, x, training);
        x.close();
        return out;
    }

    /**
     * The evaluation forward written into {@code destination}, a contiguous array of the output's
     * shape (see {@link ConvTranspose2d#forwardInto}).
     */
    void forwardInto(ParameterStore ps, NDList inputs, NDArray destination) {
        try (NDList x = upsample(ps, inputs, false)) {
            outputConv.forwardInto(ps, x.singletonOrThrow(), destination);
        }
    }

    /** The upsampling layers before the output convolution; frees each intermediate at once. */
    private NDList upsample(ParameterStore ps, NDList inputs, boolean training) {
        NDList x = inputs;
        for (Block layer : layers) {
            NDList next = layer.forward(ps, x, training);
            if (x != inputs) {
                x.close(); // an intermediate: free it now (autograd keeps what it needs)
            }
            x = next;
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block layer : layers) {
            shapes = layer.getOutputShapes(shapes);
        }
        return outputConv.getOutputShapes(shapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape[] shapes = inputs;
        for (Block layer : layers) {
            layer.initialize(manager, dataType, shapes);
            shapes = layer.getOutputShapes(shapes);
        }
        outputConv.initialize(manager, dataType, shapes);
    }

    @Override
    public void collectStateDict(String prefix, Map<String, Parameter> out) {
        for (int i = 0; i < layers.size(); i++) {
            ((StateDictModule) layers.get(i)).collectStateDict(prefix + "layers." + i + ".", out);
        }
        outputConv.collectStateDict(prefix + "output_conv.", out);
    }
}
