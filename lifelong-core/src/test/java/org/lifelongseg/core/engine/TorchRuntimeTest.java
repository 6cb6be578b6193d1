package org.lifelongseg.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.checkpoint.Provenance;

/** The runtime leaves convolutions correct and NNPACK off, and says so in provenance. */
@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class TorchRuntimeTest {

    @Test
    void convolutionsAreCorrectAfterEnsureReady() {
        TorchRuntime.Status status = TorchRuntime.ensureReady();
        assertSame(status, TorchRuntime.ensureReady(), "configured once per process");
        try (NDManager manager = NDManager.newBaseManager()) {
            ConvolutionCheck.Result r = ConvolutionCheck.run(manager, true);
            assertTrue(r.correct(TorchRuntime.TOLERANCE),
                    "convolutions still wrong (" + status + "): " + r);
        }
    }

    @Test
    void nnpackIsOffAndTheChoicesAreInProvenance() {
        TorchRuntime.Status status = TorchRuntime.ensureReady();
        assertFalse(LibTorchContext.open().nnpackEnabled(), "NNPACK must be off");
        assertEquals("off", status.nnpack());
        assertEquals(status.convolutions(), EngineSettings.snapshot().get("convolution"));
        Provenance p = Provenance.builder().build();
        assertEquals(status.convolutions(), p.engineSettings().get("convolution"));
        assertEquals(p, Provenance.fromJson(p.toJson()));
    }

    @Test
    void theCheckDetectsAWrongResult() {
        ConvolutionCheck.Case c = ConvolutionCheck.CASES.get(0);
        int n = c.n() * c.in() * c.h() * c.w();
        float[] x = new float[n];
        float[] w = new float[c.out() * c.in() * c.kh() * c.kw()];
        float[] g = new float[c.n() * c.out() * c.outH() * c.outW()];
        java.util.Arrays.fill(x, 0.5f);
        java.util.Arrays.fill(w, 0.25f);
        java.util.Arrays.fill(g, 1f);
        double[][] ref = ConvolutionCheck.reference(c, x, w, g);
        float[] exact = new float[ref[0].length];
        for (int i = 0; i < exact.length; i++) {
            exact[i] = (float) ref[0][i];
        }
        assertTrue(ConvolutionCheck.error(ref[0], exact) < 1e-7);
        exact[exact.length / 2] += 0.01f * (float) ref[0][exact.length / 2] + 0.5f;
        assertTrue(ConvolutionCheck.error(ref[0], exact) > TorchRuntime.TOLERANCE);
        exact[0] = Float.NaN;
        assertTrue(Double.isNaN(ConvolutionCheck.error(ref[0], exact)));
        // the centre of a 3x3 padded convolution of constants sums all 9 taps of all channels
        int centre = ((0 * c.out()) * c.outH() + 3) * c.outW() + 3;
        assertEquals(9 * c.in() * 0.5 * 0.25, ref[0][centre], 1e-12);
    }
}
