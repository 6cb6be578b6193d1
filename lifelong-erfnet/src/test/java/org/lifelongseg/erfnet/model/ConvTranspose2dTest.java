package org.lifelongseg.erfnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.engine.FreedMemory;

/** ConvTranspose2d against a direct loop implementation of PyTorch's definition. */
@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class ConvTranspose2dTest {

    /** out[n,o,s*i-p+a, s*j-p+b] += x[n,c,i,j] * w[c,o,a,b], cropped to (H-1)s-2p+k+op. */
    private static float[] reference(
            float[] x, float[] w, float[] bias, int n, int c, int h, int wd, int o, int k, int s,
            int p, int op) {
        int oh = (h - 1) * s - 2 * p + k + op;
        int ow = (wd - 1) * s - 2 * p + k + op;
        float[] out = new float[n * o * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                for (int y = 0; y < oh; y++) {
                    for (int xx = 0; xx < ow; xx++) {
                        out[((b * o + oc) * oh + y) * ow + xx] = bias[oc];
                    }
                }
                for (int ic = 0; ic < c; ic++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < wd; j++) {
                            float v = x[((b * c + ic) * h + i) * wd + j];
                            for (int a = 0; a < k; a++) {
                                int y = s * i - p + a;
                                if (y < 0 || y >= oh) {
                                    continue;
                                }
                                for (int bb = 0; bb < k; bb++) {
                                    int xx = s * j - p + bb;
                                    if (xx < 0 || xx >= ow) {
                                        continue;
                                    }
                                    out[((b * o + oc) * oh + y) * ow + xx] +=
                                            v * w[((ic * o + oc) * k + a) * k + bb];
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"3,2,1,1", "2,2,0,0", "4,2,1,0", "3,1,1,0", "1,1,0,0", "5,3,2,2", "3,3,0,0"})
    void matchesDefinitionAndGradients(int k, int s, int p, int op) {
        int n = 2;
        int c = 3;
        int h = 4;
        int wd = 5;
        int o = 4;
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            ConvTranspose2d block =
                    ConvTranspose2d.builder()
                            .setFilters(o)
                            .setKernelSize(k)
                            .optStride(s)
                            .optPadding(p)
                            .optOutputPadding(op)
                            .build();
            block.initialize(manager, DataType.FLOAT32, new Shape(n, c, h, wd));
            assertEquals(new Shape(c, o, k, k), block.weight().getArray().getShape());
            NDArray weight = block.weight().getArray();
            NDArray bias = block.bias().getArray();
            bias.set(manager.randomNormal(new Shape(o)).toFloatArray());
            NDArray x = manager.randomNormal(new Shape(n, c, h, wd));
            weight.setRequiresGradient(true);
            bias.setRequiresGradient(true);
            x.setRequiresGradient(true);

            float[] expected =
                    reference(x.toFloatArray(), weight.toFloatArray(), bias.toFloatArray(), n, c,
                            h, wd, o, k, s, p, op);
            NDArray upstream = manager.randomNormal(new Shape(n, o, h * s, wd * s));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y =
                        block.forward(new ParameterStore(manager, false), new NDList(x), true)
                                .singletonOrThrow();
                assertEquals(new Shape(n, o, h * s, wd * s), y.getShape());
                assertArrayEquals(expected, y.toFloatArray(), 1e-5f);
                gc.backward(y.mul(upstream).sum());
            }
            // d/dx and d/dw of sum(y * g) from the definition
            float[] g = upstream.toFloatArray();
            float[] xs = x.toFloatArray();
            float[] ws = weight.toFloatArray();
            int oh = h * s;
            int ow = wd * s;
            float[] dx = new float[xs.length];
            float[] dw = new float[ws.length];
            for (int b = 0; b < n; b++) {
                for (int ic = 0; ic < c; ic++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < wd; j++) {
                            for (int oc = 0; oc < o; oc++) {
                                for (int a = 0; a < k; a++) {
                                    for (int bb = 0; bb < k; bb++) {
                                        int y = s * i - p + a;
                                        int xx = s * j - p + bb;
                                        if (y < 0 || y >= oh || xx < 0 || xx >= ow) {
                                            continue;
                                        }
                                        float gv = g[((b * o + oc) * oh + y) * ow + xx];
                                        int wi = ((ic * o + oc) * k + a) * k + bb;
                                        int xi = ((b * c + ic) * h + i) * wd + j;
                                        dx[xi] += ws[wi] * gv;
                                        dw[wi] += xs[xi] * gv;
                                    }
                                }
                            }
                        }
                    }
                }
            }
            assertArrayEquals(dx, x.getGradient().toFloatArray(), 1e-4f);
            assertArrayEquals(dw, weight.getGradient().toFloatArray(), 1e-4f);
            assertArrayEquals(
                    upstream.sum(new int[] {0, 2, 3}).toFloatArray(),
                    bias.getGradient().toFloatArray(),
                    1e-4f);
        }
    }

    /**
     * The weight gradient must not depend on Java memory freed between forward and backward: the
     * forward's scope closes its temporaries before the backward runs, so a tensor that wraps a Java
     * buffer (DJL's create() on the CPU) would be read after the garbage collector reused it.
     */
    @Test
    void weightGradientSurvivesGarbageCollectionBeforeBackward() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            ConvTranspose2d block = ConvTranspose2d.builder()
                    .setFilters(4).setKernelSize(3).optStride(2).optPadding(1).optOutputPadding(1).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 4, 5));
            NDArray weight = block.weight().getArray();
            weight.setRequiresGradient(true);
            NDArray x = manager.randomNormal(new Shape(2, 3, 4, 5));
            NDArray upstream = manager.randomNormal(new Shape(2, 4, 8, 10));
            float[][] grads = new float[2][];
            for (int run = 0; run < 2; run++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = block.forward(new ParameterStore(manager, false), new NDList(x), true)
                            .singletonOrThrow();
                    NDArray loss = y.mul(upstream).sum();
                    if (run == 1) {
                        FreedMemory.scribble();
                    }
                    gc.backward(loss);
                }
                grads[run] = weight.getGradient().toFloatArray();
                weight.getGradient().set(new NDIndex("..."), manager.create(0f));
            }
            for (float v : grads[1]) {
                assertTrue(Float.isFinite(v), "non-finite weight gradient after a GC: " + v);
            }
            assertArrayEquals(grads[0], grads[1], 0f, "weight gradient changed by a GC before backward");
        }
    }

    @Test
    void onlyExactUpsamplingIsAccepted() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ConvTranspose2d.builder()
                                .setFilters(4)
                                .setKernelSize(3)
                                .optStride(2)
                                .optPadding(0)
                                .build());
        assertEquals(true, e.getMessage().contains("kernel 3, padding 0"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ConvTranspose2d.builder().setKernelSize(2).build());
        assertThrows(IllegalStateException.class, () -> ConvTranspose2d.builder().setFilters(2).setFilters(3));
    }
}
