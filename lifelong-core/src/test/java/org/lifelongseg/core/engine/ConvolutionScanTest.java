package org.lifelongseg.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The convolutions of a block are listed exactly, or not at all. */
class ConvolutionScanTest {

    private static Conv2d conv(int filters, int kh, int kw, int stride, int pad, int dil) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kh, kw))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(pad, 0))
                .optDilation(new Shape(dil, 1)).build();
    }

    private static Block initialized(Block b, NDManager m) {
        b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
        return b;
    }

    @Test
    void listsEveryDistinctConvolutionOfABlockTree() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = new SequentialBlock()
                    .add(conv(16, 3, 3, 2, 1, 1))
                    .add(Activation.reluBlock())
                    .add(new SequentialBlock().add(conv(16, 3, 1, 1, 2, 2)).add(conv(16, 3, 1, 1, 2, 2)));
            Set<ConvolutionShape> shapes = ConvolutionScan.of(initialized(net, m)).orElseThrow();
            assertEquals(Set.of(new ConvolutionShape(3, 16, 3, 3, 2, 1, 0, 1, 1),
                    new ConvolutionShape(16, 16, 3, 1, 1, 2, 0, 2, 1)), shapes);
        }
    }

    @Test
    void aDeclaringBlockIsTakenAtItsWordAndNotScannedFurther() {
        try (NDManager m = NDManager.newBaseManager()) {
            ConvolutionShape declared = new ConvolutionShape(16, 32, 1, 1, 1, 0, 0, 1, 1);
            class Declaring extends SequentialBlock implements RunsConvolutions {
                @Override
                public List<ConvolutionShape> convolutions() {
                    return List.of(declared);
                }
            }
            Block b = new Declaring().add(conv(13, 3, 3, 1, 1, 1));
            assertEquals(Set.of(declared), ConvolutionScan.of(initialized(b, m)).orElseThrow());
        }
    }

    @Test
    void unknownOrUninitializedConvolutionsGiveNoList() {
        assertTrue(ConvolutionScan.of(new SequentialBlock().add(conv(8, 3, 3, 1, 1, 1))).isEmpty(),
                "no weights yet");
        try (NDManager m = NDManager.newBaseManager()) {
            Block grouped = Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3)).optGroups(3)
                    .build();
            assertTrue(ConvolutionScan.of(grouped).isEmpty(), "grouped");
            Block noConvolution = new SequentialBlock().add(Linear.builder().setUnits(4).build());
            assertEquals(Set.of(), ConvolutionScan.of(initialized(noConvolution, m)).orElseThrow());
        }
    }
}
