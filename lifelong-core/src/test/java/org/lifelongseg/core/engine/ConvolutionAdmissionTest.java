package org.lifelongseg.core.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whatever the runtime decides on this CPU, the convolutions of every admitted model are right;
 * and once a model with any shape is admitted, convolutions of every shape are right again. Ends
 * with oneDNN in the state the other tests of the process expect (right on every shape).
 */
class ConvolutionAdmissionTest {

    private static Block model(NDManager m, int... filters) {
        SequentialBlock b = new SequentialBlock();
        for (int f : filters) {
            b.add(Conv2d.builder().setFilters(f).setKernelShape(new Shape(3, 3))
                    .optPadding(new Shape(1, 1)).build());
        }
        b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
        return b;
    }

    private static void assertRight(List<ConvolutionCheck.Case> cases, String what) {
        try (NDManager m = NDManager.newBaseManager()) {
            ConvolutionCheck.Result r = ConvolutionCheck.run(m, true, cases);
            assertTrue(r.correct(TorchRuntime.TOLERANCE), what + " (" + TorchRuntime.ensureReady() + "): " + r);
        }
    }

    @Test
    void admittedConvolutionsAreRightAndAnOddShapeMakesEveryShapeRight() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block even = model(m, 16, 32, 32);
            TorchRuntime.admit(even);
            assertRight(ConvolutionScan.of(even).orElseThrow().stream().map(ConvolutionCheck::of).toList(),
                    "convolutions of the admitted model");
            Block odd = model(m, 16, 20);
            TorchRuntime.admit(odd);
            assertRight(ConvolutionScan.of(odd).orElseThrow().stream().map(ConvolutionCheck::of).toList(),
                    "convolutions of a model with 20 channels");
            assertRight(ConvolutionCheck.CASES, "the check's own shapes after an odd model");
        }
    }
}
