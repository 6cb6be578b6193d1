package org.lifelongseg.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs a few small 2-D convolutions (forward, input gradient, weight gradient) through the engine
 * and compares them with a direct double-precision evaluation of the definition. The shapes are
 * the ones where CPU kernels take special paths: channel counts that are not a multiple of the
 * vector width (ERFNet's 13-channel downsampler and its 4·classes sub-pixel head), 20 channels
 * in and out, dilated 3x1 kernels. Uses its own fixed data, never the engine's random generator.
 */
final class ConvolutionCheck {

    /** One convolution: batch, in/out channels, input size, kernel, stride, padding, dilation. */
    record Case(int n, int in, int out, int h, int w, int kh, int kw, int stride, int ph, int pw,
            int dh, int dw) {
        int outH() {
            return (h + 2 * ph - dh * (kh - 1) - 1) / stride + 1;
        }

        int outW() {
            return (w + 2 * pw - dw * (kw - 1) - 1) / stride + 1;
        }

        @Override
        public String toString() {
            return in + "->" + out + " channels, " + kh + "x" + kw + " kernel on " + n + "x" + h
                    + "x" + w;
        }
    }

    static final List<Case> CASES = List.of(
            new Case(2, 20, 20, 6, 7, 3, 3, 1, 1, 1, 1, 1),
            new Case(2, 16, 76, 8, 8, 3, 3, 1, 1, 1, 1, 1),
            new Case(2, 3, 13, 16, 16, 3, 3, 2, 1, 1, 1, 1),
            new Case(1, 64, 64, 8, 16, 3, 1, 1, 2, 0, 2, 1));

    /**
     * The case that checks {@code shape}: a batch of 2 on a 10x19 input, sizes that are not
     * multiples of any vector width so that the kernels' edge paths run too.
     */
    static Case of(ConvolutionShape shape) {
        return new Case(2, shape.in(), shape.out(), 10, 19, shape.kh(), shape.kw(), shape.stride(),
                shape.ph(), shape.pw(), shape.dh(), shape.dw());
    }

    /** The worst relative error of one check, and where it occurred. */
    record Result(double error, String where) {
        boolean correct(double tolerance) {
            return error <= tolerance;
        }
    }

    private ConvolutionCheck() {}

    /**
     * Runs every case; gradients are checked only when {@code withGradients} (they need a
     * gradient collector, of which the engine allows one at a time).
     */
    static Result run(NDManager parent, boolean withGradients) {
        return run(parent, withGradients, CASES);
    }

    /** Runs {@code cases}, as {@link #run(NDManager, boolean)}. */
    static Result run(NDManager parent, boolean withGradients, List<Case> cases) {
        Result worst = new Result(0, "none");
        SplittableRandom random = new SplittableRandom(20261205L);
        for (Case c : cases) {
            try (NDManager m = parent.newSubManager()) {
                float[] x = fill(random, c.n * c.in * c.h * c.w);
                float[] wt = fill(random, c.out * c.in * c.kh * c.kw);
                float[] g = fill(random, c.n * c.out * c.outH() * c.outW());
                NDArray xa = NativeArrays.of(m, x, new Shape(c.n, c.in, c.h, c.w));
                NDArray wa = NativeArrays.of(m, wt, new Shape(c.out, c.in, c.kh, c.kw));
                NDArray ga = NativeArrays.of(m, g, new Shape(c.n, c.out, c.outH(), c.outW()));
                double[][] ref = reference(c, x, wt, g);
                if (withGradients) {
                    xa.setRequiresGradient(true);
                    wa.setRequiresGradient(true);
                    NDArray y;
                    try (GradientCollector gc = GradientCollectors.open()) {
                        y = convolve(c, xa, wa);
                        gc.backward(y.mul(ga).sum());
                    }
                    worst = worse(worst, error(ref[0], y.toFloatArray()), "forward, " + c);
                    worst = worse(worst, error(ref[1], xa.getGradient().toFloatArray()),
                            "input gradient, " + c);
                    worst = worse(worst, error(ref[2], wa.getGradient().toFloatArray()),
                            "weight gradient, " + c);
                } else {
                    worst = worse(worst, error(ref[0], convolve(c, xa, wa).toFloatArray()),
                            "forward, " + c);
                }
            }
        }
        return worst;
    }

    private static NDArray convolve(Case c, NDArray x, NDArray w) {
        return Conv2d.conv2d(x, w, null, new Shape(c.stride, c.stride), new Shape(c.ph, c.pw),
                new Shape(c.dh, c.dw)).singletonOrThrow();
    }

    private static Result worse(Result worst, double error, String where) {
        return error > worst.error || Double.isNaN(error) ? new Result(error, where) : worst;
    }

    private static float[] fill(SplittableRandom random, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return a;
    }

    /** Forward, input gradient and weight gradient of sum(conv(x, w) * g), in double precision. */
    static double[][] reference(Case c, float[] x, float[] w, float[] g) {
        int oh = c.outH();
        int ow = c.outW();
        double[] y = new double[c.n * c.out * oh * ow];
        double[] dx = new double[x.length];
        double[] dw = new double[w.length];
        for (int b = 0; b < c.n; b++) {
            for (int o = 0; o < c.out; o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int yi = ((b * c.out + o) * oh + i) * ow + j;
                        for (int ic = 0; ic < c.in; ic++) {
                            for (int a = 0; a < c.kh; a++) {
                                int r = i * c.stride - c.ph + a * c.dh;
                                if (r < 0 || r >= c.h) {
                                    continue;
                                }
                                for (int q = 0; q < c.kw; q++) {
                                    int col = j * c.stride - c.pw + q * c.dw;
                                    if (col < 0 || col >= c.w) {
                                        continue;
                                    }
                                    int xi = ((b * c.in + ic) * c.h + r) * c.w + col;
                                    int wi = ((o * c.in + ic) * c.kh + a) * c.kw + q;
                                    y[yi] += (double) x[xi] * w[wi];
                                    dx[xi] += (double) g[yi] * w[wi];
                                    dw[wi] += (double) g[yi] * x[xi];
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {y, dx, dw};
    }

    /** Max absolute difference relative to the largest reference magnitude. */
    static double error(double[] reference, float[] actual) {
        double max = 0;
        double scale = 1e-12;
        for (int i = 0; i < reference.length; i++) {
            double d = Math.abs(reference[i] - actual[i]);
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            max = Math.max(max, d);
            scale = Math.max(scale, Math.abs(reference[i]));
        }
        return max / scale;
    }
}
