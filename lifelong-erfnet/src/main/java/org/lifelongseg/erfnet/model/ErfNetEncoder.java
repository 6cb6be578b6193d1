package org.lifelongseg.erfnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ERFNet's encoder ({@code encoder.*}): 3 -> 128 channels at 1/8 resolution; its forward returns
 * the features. The optional 1x1 {@code output_conv} of the original checkpoints is applied only by
 * {@link #forwardWithLogits}.
 */
final class ErfNetEncoder extends AbstractBlock implements StateDictModule {

    static final int FEATURES = 128;

    private final DownsamplerBlock initialBlock;
    private final List<Block> layers = new ArrayList<>();
    private final Conv2d outputConv;

    ErfNetEncoder(int numClasses, boolean withOutputConv, float dropoutScale) {
        initialBlock = addChildBlock("initial_block", new DownsamplerBlock(3, 16));
        addLayer(new DownsamplerBlock(16, 64));
        for (int i = 0; i < 5; i++) {
            addLayer(new NonBottleneck1d(64, 0.03f * dropoutScale, 1));
        }
        addLayer(new DownsamplerBlock(64, FEATURES));
        for (int i = 0; i < 2; i++) {
            for (int dilation : new int[] {2, 4, 8, 16}) {
                addLayer(new NonBottleneck1d(FEATURES, 0.3f * dropoutScale, dilation));
            }
        }
        outputConv =
                withOutputConv
                        ? addChildBlock("output_conv", Layers.conv(numClasses, 1, 1, 1, 0, 0, 1, 1))
                        : null;
    }

    private void addLayer(Block layer) {
        layers.add(addChildBlock("layers_" + layers.size(), layer));
    }

    boolean hasOutputConv() {
        return outputConv != null;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = initialBlock.forward(ps, inputs, training);
        for (Block layer : layers) {
            NDList next = layer.forward(ps, x, training);
            x.close(); // an intermediate: free it now (autograd keeps what it needs)
            x = next;
        }
        return x;
    }

    /** Returns {features} or, with the output conv, {features, encoder-only logits}. */
    NDList forwardWithLogits(ParameterStore ps, NDList inputs, boolean training) {
        NDList features = forward(ps, inputs, training);
        if (outputConv == null) {
            return features;
        }
        NDArray logits = outputConv.forward(ps, features, training).singletonOrThrow();
        return new NDList(features.singletonOrThrow(), logits);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), FEATURES, in.get(2) / 8, in.get(3) / 8)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        initialBlock.initialize(manager, dataType, inputs);
        Shape[] shapes = initialBlock.getOutputShapes(inputs);
        for (Block layer : layers) {
            layer.initialize(manager, dataType, shapes);
            shapes = layer.getOutputShapes(shapes);
        }
        if (outputConv != null) {
            outputConv.initialize(manager, dataType, shapes);
        }
    }

    @Override
    public void collectStateDict(String prefix, Map<String, Parameter> out) {
        initialBlock.collectStateDict(prefix + "initial_block.", out);
        for (int i = 0; i < layers.size(); i++) {
            ((StateDictModule) layers.get(i)).collectStateDict(prefix + "layers." + i + ".", out);
        }
        if (outputConv != null) {
            TorchNames.conv(prefix + "output_conv.", outputConv, out);
        }
    }
}
