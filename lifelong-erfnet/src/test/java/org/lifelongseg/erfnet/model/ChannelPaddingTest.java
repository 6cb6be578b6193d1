package org.lifelongseg.erfnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.engine.GradientCollectors;
import org.lifelongseg.core.engine.TorchRuntime;

/** A convolution with padded output channels is the plain one, forward and gradients. */
class ChannelPaddingTest {

    @Test
    void roundsUpToSixteen() {
        assertEquals(16, ChannelPadding.padded(13));
        assertEquals(16, ChannelPadding.padded(16));
        assertEquals(48, ChannelPadding.padded(44));
        assertEquals(80, ChannelPadding.padded(76));
    }

    @Test
    void paddedConvolutionEqualsThePlainOne() {
        TorchRuntime.ensureReady();
        Shape stride = new Shape(2, 2);
        Shape padding = new Shape(1, 1);
        Shape dilation = new Shape(1, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(-1, 1, new Shape(2, 3, 10, 12));
            NDArray w = m.randomUniform(-1, 1, new Shape(13, 3, 3, 3));
            NDArray b = m.randomUniform(-1, 1, new Shape(13));
            NDArray g = m.randomUniform(-1, 1, new Shape(2, 13, 5, 6));
            NDArray x2 = x.duplicate();
            NDArray w2 = w.duplicate();
            NDArray b2 = b.duplicate();
            float[][] plain = run(() -> Conv2d.conv2d(x, w, b, stride, padding, dilation).singletonOrThrow(),
                    x, w, b, g);
            float[][] padded = run(() -> ChannelPadding.conv2d(x2, w2, b2, stride, padding, dilation),
                    x2, w2, b2, g);
            for (int i = 0; i < plain.length; i++) {
                assertEquals(plain[i].length, padded[i].length);
                assertArrayEquals(plain[i], padded[i], 1e-5f, "output " + i);
            }
        }
    }

    /** Output, and the gradients of sum(output * g) for x, w and b. */
    private static float[][] run(java.util.function.Supplier<NDArray> conv, NDArray x, NDArray w, NDArray b,
            NDArray g) {
        for (NDArray a : new NDArray[] {x, w, b}) {
            a.setRequiresGradient(true);
        }
        NDArray y;
        try (GradientCollector gc = GradientCollectors.open()) {
            y = conv.get();
            gc.backward(y.mul(g).sum());
        }
        return new float[][] {y.toFloatArray(), x.getGradient().toFloatArray(),
            w.getGradient().toFloatArray(), b.getGradient().toFloatArray()};
    }
}
