package org.lifelongseg.erfnet.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/** Factories for ERFNet's primitive layers with the reference hyper-parameters. */
final class Layers {

    /** ERFNet's BatchNorm epsilon. */
    static final float BN_EPSILON = 1e-3f;

    /**
     * DJL momentum for PyTorch's {@code momentum=0.1}: DJL keeps {@code momentum} of the old
     * running statistics (its PyTorch engine passes {@code 1 - momentum} to {@code
     * torch.batch_norm}), PyTorch's momentum is the weight of the new batch statistics.
     */
    static final float DJL_BN_MOMENTUM = 0.9f;

    private Layers() {}

    static Conv2d conv(int filters, int kh, int kw, int stride, int padH, int padW, int dilH,
            int dilW) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kh, kw))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padH, padW))
                .optDilation(new Shape(dilH, dilW))
                .optBias(true)
                .build();
    }

    static BatchNorm batchNorm() {
        return BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(DJL_BN_MOMENTUM).build();
    }
}
