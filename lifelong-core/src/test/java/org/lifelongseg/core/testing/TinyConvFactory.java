package org.lifelongseg.core.testing;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.train.SegmentationModelFactory;

/** A tiny fully-convolutional network (conv, BatchNorm, ReLU, dropout, 1x1 head) for tests. */
public class TinyConvFactory implements SegmentationModelFactory {

    @Override
    public String name() {
        return "tiny";
    }

    @Override
    public Block newBlock(ClassSpace classes) {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .setFilters(8).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Dropout.builder().optRate(0.2f).build())
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(classes.size()).build());
    }

    @Override
    public Shape initializationShape() {
        return new Shape(1, 3, 8, 8);
    }

    @Override
    public Map<String, Parameter> namedParameters(Block block) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.put(p.getKey(), p.getValue());
        }
        return out;
    }
}
