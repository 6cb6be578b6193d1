package org.lifelongseg.erfnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Convolutions whose output channels are padded with zero filters to a multiple of {@value
 * #MULTIPLE} (the float lanes of the widest x86 vectors) and sliced back. The result is the
 * unpadded convolution's, and every convolution of ERFNet then has channel counts on the kernels'
 * main path: its two odd ones are the first downsampler's 13 filters and the sub-pixel head's
 * 4 x classes. CPU backends take special paths for channel tails, where oneDNN 3.7.1's AVX-512
 * kernels compute wrong input gradients on some CPUs (see {@code TorchRuntime}); the padded
 * convolutions are checked like every other before oneDNN runs them.
 *
 * <pre>{@code
 * NDArray y = ChannelPadding.conv2d(x, weight, bias, stride, padding, dilation);   // 13 channels out
 * }</pre>
 */
final class ChannelPadding {

    /** Output channels are padded to a multiple of this. */
    static final int MULTIPLE = 16;

    private ChannelPadding() {}

    /** {@code channels} rounded up to a multiple of {@value #MULTIPLE}. */
    static int padded(int channels) {
        return (channels + MULTIPLE - 1) / MULTIPLE * MULTIPLE;
    }

    /**
     * {@code Conv2d.conv2d(x, weight, bias, ...)} computed with the output channels padded; {@code
     * bias} may be null.
     */
    static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, Shape stride, Shape padding,
            Shape dilation) {
        Shape w = weight.getShape();
        int out = (int) w.get(0);
        int extra = padded(out) - out;
        if (extra == 0) {
            return Conv2d.conv2d(x, weight, bias, stride, padding, dilation).singletonOrThrow();
        }
        NDArray zeros = x.getManager().zeros(new Shape(extra, w.get(1), w.get(2), w.get(3)),
                weight.getDataType(), weight.getDevice());
        NDArray paddedWeight = weight.concat(zeros, 0);
        zeros.close();
        paddedWeight.attach(x.getManager()); // an op's result lands in its first operand's manager
        NDArray paddedBias = null;
        if (bias != null) {
            NDArray zeroBias = x.getManager().zeros(new Shape(extra), bias.getDataType(), bias.getDevice());
            paddedBias = bias.concat(zeroBias, 0);
            zeroBias.close();
            paddedBias.attach(x.getManager());
        }
        NDArray y = Conv2d.conv2d(x, paddedWeight, paddedBias, stride, padding, dilation)
                .singletonOrThrow();
        paddedWeight.close();
        if (paddedBias != null) {
            paddedBias.close();
        }
        return Scopes.then(y, t -> t.get(new NDIndex(":, :{}", out)));
    }
}
