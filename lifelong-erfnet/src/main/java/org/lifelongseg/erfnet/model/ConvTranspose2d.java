package org.lifelongseg.erfnet.model;

import org.lifelongseg.core.engine.NativeArrays;
import org.lifelongseg.core.engine.TorchRuntime;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Map;
import org.lifelongseg.core.engine.ConvolutionShape;
import org.lifelongseg.core.engine.RunsConvolutions;

/**
 * A 2-D transposed convolution with PyTorch's {@code ConvTranspose2d} semantics and weight layout
 * {@code (in, out, kH, kW)}, for the case where the output is exactly {@code stride} times the
 * input ({@code kernel - 2 * padding + outputPadding == stride}).
 *
 * <pre>{@code
 * ConvTranspose2d up = ConvTranspose2d.builder()
 *         .setFilters(64).setKernelSize(3).optStride(2).optPadding(1).optOutputPadding(1).build();
 * }</pre>
 *
 * <p>DJL's PyTorch engine does not implement {@code deconvolution}, so this block computes the
 * transposed convolution as a sub-pixel convolution: the {@code (in, out, k, k)} kernel is
 * rearranged (differentiably, inside the forward pass) into a stride-1 convolution with {@code
 * stride² · out} output channels whose outputs are interleaved by a depth-to-space reshape. The
 * result equals PyTorch's up to float summation order, gradients flow to {@code weight} and {@code
 * bias}, and no multiplications by inserted zeros are wasted. Its output channels are padded to a
 * multiple of 16 ({@link ChannelPadding}).
 */
public final class ConvTranspose2d extends AbstractBlock implements StateDictModule, RunsConvolutions {

    private static final byte VERSION = 1;

    private final int filters;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int outputPadding;
    /** Taps of the sub-pixel kernel per phase. */
    private final int taps;
    /** Symmetric zero padding of the sub-pixel convolution. */
    private final int subPadding;
    /** First row/column of the padded sub-pixel convolution's output that is kept. */
    private final int sliceStart;
    /** Row-major {@code (stride * taps, kernel)} 0/1 matrix selecting kernel taps per phase. */
    private final float[] selection;

    private final Parameter weight;
    private final Parameter bias;
    private long inChannels = -1;

    private ConvTranspose2d(Builder builder) {
        super(VERSION);
        filters = builder.filters;
        kernel = builder.kernel;
        stride = builder.stride;
        padding = builder.padding;
        outputPadding = builder.outputPadding;

        // Output row y = stride * i - padding + a (a = kernel tap, i = input row). Writing
        // y = stride * q + r, the taps feeding phase r are a = r + padding - stride * d and read
        // input row i = q + d. Collect the range of offsets d over all phases.
        int dMin = Integer.MAX_VALUE;
        int dMax = Integer.MIN_VALUE;
        for (int r = 0; r < stride; r++) {
            for (int a = 0; a < kernel; a++) {
                int num = r + padding - a;
                if (Math.floorMod(num, stride) == 0) {
                    int d = Math.floorDiv(num, stride);
                    dMin = Math.min(dMin, d);
                    dMax = Math.max(dMax, d);
                }
            }
        }
        taps = dMax - dMin + 1;
        subPadding = Math.max(0, Math.max(-dMin, dMax));
        sliceStart = dMin + subPadding;
        selection = new float[stride * taps * kernel];
        for (int r = 0; r < stride; r++) {
            for (int u = 0; u < taps; u++) {
                int a = r + padding - stride * (u + dMin);
                if (a >= 0 && a < kernel) {
                    selection[(r * taps + u) * kernel + a] = 1f;
                }
            }
        }

        weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .build());
        bias =
                addParameter(
                        Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The weight, PyTorch layout {@code (in, out, kH, kW)}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias {@code (out)}. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public void collectStateDict(String prefix, Map<String, Parameter> out) {
        out.put(prefix + "weight", weight);
        out.put(prefix + "bias", bias);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray[] wb = parameters(parameterStore, x, training);
        long[] s = x.getShape().getShape();
        return new NDList(Scopes.run(x, in -> {
            NDArray phases = Scopes.then(subPixel(in, wb[0], wb[1]), y -> phasesView(y, s));
            // depth-to-space: (n, out, h, s, w, s) -> (n, out, h*s, w*s), the one copy
            return Scopes.then(phases, v -> v.reshape(s[0], filters, s[2] * stride, s[3] * stride));
        }));
    }

    /**
     * The evaluation forward written into {@code destination}, a contiguous {@code (n, filters,
     * h·stride, w·stride)} array (e.g. a slice of a larger batch's output): the depth-to-space
     * rearrangement copies straight into it instead of into a new array.
     */
    void forwardInto(ParameterStore parameterStore, NDArray x, NDArray destination) {
        NDArray[] wb = parameters(parameterStore, x, false);
        long[] s = x.getShape().getShape();
        Preconditions.checkArgument(destination.getShape().equals(getOutputShapes(
                new Shape[] {x.getShape()})[0]), "destination %s does not fit the output of %s",
                destination.getShape(), x.getShape());
        Scopes.run(x, in -> {
            NDArray phases = phasesView(subPixel(in, wb[0], wb[1]), s);
            try (NDArray target = destination.reshape(s[0], filters, s[2], stride, s[3], stride)) {
                target.set(new NDIndex("..."), phases);
            }
            return in; // nothing new to keep: everything else is freed with the scope
        });
    }

    private NDArray[] parameters(ParameterStore parameterStore, NDArray x, boolean training) {
        Shape xs = x.getShape();
        Preconditions.checkArgument(
                xs.dimension() == 4, "ConvTranspose2d expects NCHW input, got %s", xs);
        Device device = x.getDevice();
        NDArray wArr = parameterStore.getValue(weight, device, training);
        NDArray bArr = parameterStore.getValue(bias, device, training);
        Preconditions.checkArgument(
                wArr.getShape().get(0) == xs.get(1),
                "ConvTranspose2d expects %s input channels, got %s",
                wArr.getShape().get(0),
                xs.get(1));
        return new NDArray[] {wArr, bArr};
    }

    /**
     * The sub-pixel output {@code (n, s·s·filters, h, w)} as a view {@code (n, filters, h, s, w,
     * s)} whose row-major order is the upsampled image's; frees {@code y}'s handle.
     */
    private NDArray phasesView(NDArray y, long[] s) {
        long n = s[0];
        long h = s[2];
        long w = s[3];
        NDArray v = Scopes.then(y, t -> t.reshape(n, stride, stride, filters, h, w));
        return Scopes.then(v, t -> t.transpose(0, 3, 4, 1, 5, 2));
    }

    /** The sub-pixel convolution's output {@code (n, s·s·filters, h, w)}, in {@code x}'s manager. */
    private NDArray subPixel(NDArray x, NDArray wArr, NDArray bArr) {
        long c = x.getShape().get(1);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        Device device = x.getDevice();
        NDManager manager = x.getManager();
        int st = stride * taps;
        // autograd keeps `sel` for the backward pass, after this scope has closed it: it must live
        // in engine-owned memory (NativeArrays), not in a Java buffer the GC may free
        NDArray sel = NativeArrays.of(manager, selection, new Shape(st, kernel))
                .toDevice(device, false)
                .toType(wArr.getDataType(), false);
        // (c, out, k, k) -> (c, out, s*T, s*T) -> (s, s, out, c, T, T) -> (s*s*out, c, T, T)
        NDArray sub =
                sel.matMul(wArr)
                        .matMul(sel.transpose())
                        .reshape(c, filters, stride, taps, stride, taps)
                        .transpose(2, 4, 1, 0, 3, 5)
                        .reshape(stride * stride * filters, c, taps, taps);
        NDArray subBias = bArr.tile(stride * stride);
        subBias.attach(manager); // bArr is the parameter: free the copy with the scope
        NDArray y =
                ChannelPadding.conv2d(
                        x,
                        sub,
                        subBias,
                        new Shape(1, 1),
                        new Shape(subPadding, subPadding),
                        new Shape(1, 1));
        sub.close();
        subBias.close();
        if (y.getShape().get(2) != h || y.getShape().get(3) != w) {
            y = Scopes.then(y, t -> t.get(new NDIndex(":, :, {}:{}, {}:{}", sliceStart,
                    sliceStart + h, sliceStart, sliceStart + w)));
        }
        return y;
    }

    /**
     * The one convolution it runs: the sub-pixel one, {@code stride² · filters} output channels
     * padded to a multiple of 16 ({@link ChannelPadding}).
     */
    @Override
    public List<ConvolutionShape> convolutions() {
        Preconditions.checkState(inChannels > 0, "ConvTranspose2d is not initialized");
        return List.of(new ConvolutionShape((int) inChannels,
                ChannelPadding.padded(stride * stride * filters), taps, taps, 1, subPadding, subPadding,
                1, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {
            new Shape(in.get(0), filters, in.get(2) * stride, in.get(3) * stride)
        };
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        inChannels = inputShapes[0].get(1);
        weight.setShape(new Shape(inChannels, filters, kernel, kernel));
        bias.setShape(new Shape(filters));
    }

    @Override
    public String toString() {
        return "ConvTranspose2d(" + (inChannels < 0 ? "?" : inChannels) + " -> " + filters
                + ", kernel " + kernel + ", stride " + stride + ", padding " + padding
                + ", output padding " + outputPadding + ")";
    }

    /** Builder of {@link ConvTranspose2d}; {@code setFilters} and {@code setKernelSize} required. */
    public static final class Builder {
        private int filters = -1;
        private int kernel = -1;
        private int stride = -1;
        private int padding = -1;
        private int outputPadding = -1;

        private Builder() {}

        /** Output channels (required). */
        public Builder setFilters(int filters) {
            Preconditions.checkState(this.filters < 0, "filters already set");
            Preconditions.checkArgument(filters > 0, "filters must be > 0, got %s", filters);
            this.filters = filters;
            return this;
        }

        /** Square kernel size (required). */
        public Builder setKernelSize(int kernel) {
            Preconditions.checkState(this.kernel < 0, "kernel size already set");
            Preconditions.checkArgument(kernel > 0, "kernel size must be > 0, got %s", kernel);
            this.kernel = kernel;
            return this;
        }

        /** Stride (default 1). */
        public Builder optStride(int stride) {
            Preconditions.checkState(this.stride < 0, "stride already set");
            Preconditions.checkArgument(stride > 0, "stride must be > 0, got %s", stride);
            this.stride = stride;
            return this;
        }

        /** Implicit padding removed from both sides of the output (default 0). */
        public Builder optPadding(int padding) {
            Preconditions.checkState(this.padding < 0, "padding already set");
            Preconditions.checkArgument(padding >= 0, "padding must be >= 0, got %s", padding);
            this.padding = padding;
            return this;
        }

        /** Extra rows/columns added at the bottom/right of the output (default 0). */
        public Builder optOutputPadding(int outputPadding) {
            Preconditions.checkState(this.outputPadding < 0, "output padding already set");
            Preconditions.checkArgument(
                    outputPadding >= 0, "output padding must be >= 0, got %s", outputPadding);
            this.outputPadding = outputPadding;
            return this;
        }

        /** Validates and builds the block. */
        public ConvTranspose2d build() {
            Preconditions.checkState(filters > 0, "setFilters is required");
            Preconditions.checkState(kernel > 0, "setKernelSize is required");
            stride = stride < 0 ? 1 : stride;
            padding = padding < 0 ? 0 : padding;
            outputPadding = outputPadding < 0 ? 0 : outputPadding;
            Preconditions.checkArgument(
                    outputPadding < stride,
                    "output padding (%s) must be smaller than stride (%s)",
                    outputPadding,
                    stride);
            Preconditions.checkArgument(
                    kernel - 2 * padding + outputPadding == stride,
                    "only exact x%s upsampling is supported: kernel - 2*padding + outputPadding"
                            + " must equal stride, got kernel %s, padding %s, output padding %s",
                    stride,
                    kernel,
                    padding,
                    outputPadding);
            TorchRuntime.ensureReady();
            return new ConvTranspose2d(this);
        }
    }
}
