package org.lifelongseg.erfnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block tree survives DJL's own parameter file format (Model.save / Model.load). */
@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class ErfNetModelSaveTest {

    @TempDir Path tmp;

    @Test
    void djlSaveAndLoadRoundTrip() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                Model saved = Model.newInstance("erfnet");
                Model loaded = Model.newInstance("erfnet")) {
            ErfNet a = ErfNet.builder().setNumClasses(7).optEncoderOutputConv(true).build();
            saved.setBlock(a);
            a.initializeParameters(saved.getNDManager());
            // make the running statistics non-trivial
            a.stateDictParameters().get("decoder.layers.5.bn2.running_mean").getArray().addi(0.25f);
            saved.save(tmp, "erfnet");

            ErfNet b = ErfNet.builder().setNumClasses(7).optEncoderOutputConv(true).build();
            loaded.setBlock(b);
            loaded.load(tmp, "erfnet");

            NDArray x = manager.randomUniform(0f, 1f, new Shape(1, 3, 32, 64));
            ParameterStore ps = new ParameterStore(manager, false);
            assertArrayEquals(
                    a.forward(ps, new NDList(x), false).head().toFloatArray(),
                    b.forward(ps, new NDList(x), false).head().toFloatArray());
            assertArrayEquals(
                    a.forwardEncoder(ps, x, false).get(1).toFloatArray(),
                    b.forwardEncoder(ps, x, false).get(1).toFloatArray());
        }
    }
}
