package org.lifelongseg.core.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Convolutions as the runtime leaves them, forward and both gradients, against the definition for
 * channel counts around the vector widths CPU kernels block by (8, 16) in and out. On an AMD EPYC
 * (Zen 5) with oneDNN's AVX-512 kernels about 80 % of these were wrong before {@link
 * TorchRuntime} switched them off; on any new CPU this is where a kernel's tail handling shows.
 */
@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class ConvolutionKernelsTest {

    private static final int[] CHANNELS = {1, 3, 4, 8, 13, 16, 17, 20, 31, 32, 33, 64, 76};

    @BeforeAll
    static void ready() {
        TorchRuntime.ensureReady();
    }

    @Test
    void everyChannelCountMatchesTheDefinition() {
        List<String> wrong = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int in : CHANNELS) {
                for (int out : CHANNELS) {
                    ConvolutionCheck.Case c =
                            new ConvolutionCheck.Case(2, in, out, 5, 6, 3, 3, 1, 1, 1, 1, 1);
                    String problem = check(manager, c, random);
                    if (problem != null) {
                        wrong.add(problem);
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + CHANNELS.length * CHANNELS.length
                + " convolutions differ from the definition: " + wrong);
    }

    private static String check(NDManager parent, ConvolutionCheck.Case c, SplittableRandom r) {
        try (NDManager m = parent.newSubManager()) {
            float[] x = random(r, c.n() * c.in() * c.h() * c.w());
            float[] w = random(r, c.out() * c.in() * c.kh() * c.kw());
            float[] g = random(r, c.n() * c.out() * c.outH() * c.outW());
            NDArray xa = NativeArrays.of(m, x, new Shape(c.n(), c.in(), c.h(), c.w()));
            NDArray wa = NativeArrays.of(m, w, new Shape(c.out(), c.in(), c.kh(), c.kw()));
            NDArray ga = NativeArrays.of(m, g, new Shape(c.n(), c.out(), c.outH(), c.outW()));
            xa.setRequiresGradient(true);
            wa.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = Conv2d.conv2d(xa, wa, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1))
                        .singletonOrThrow();
                gc.backward(y.mul(ga).sum());
            }
            double[][] ref = ConvolutionCheck.reference(c, x, w, g);
            double ey = ConvolutionCheck.error(ref[0], y.toFloatArray());
            double ex = ConvolutionCheck.error(ref[1], xa.getGradient().toFloatArray());
            double ew = ConvolutionCheck.error(ref[2], wa.getGradient().toFloatArray());
            double worst = Math.max(ey, Math.max(ex, ew));
            if (!(worst <= TorchRuntime.TOLERANCE)) {
                return c.in() + "->" + c.out() + String.format(
                        " (forward %.2g, input gradient %.2g, weight gradient %.2g)", ey, ex, ew);
            }
            return null;
        }
    }

    private static float[] random(SplittableRandom r, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }
}
