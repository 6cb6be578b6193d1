package org.lifelongseg.erfnet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.testing.SharedTestData;

@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class TorchScriptModelsTest {

    @TempDir
    Path tmp;

    @Test
    void tracedErfnetReproducesTheGoldenLogits() throws Exception {
        Path dir = SharedTestData.require("reference/erfnet-random");
        try (NDManager manager = NDManager.newBaseManager();
                Model model = TorchScriptModels.load(dir.resolve("erfnet20_seed0_traced.pt"), Device.cpu());
                Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator())) {
            Map<String, NDArray> golden = Npz.read(dir.resolve("golden_small.npz"), manager);
            NDList out = predictor.predict(new NDList(golden.get("input_nchw")));
            NDArray logits = out.singletonOrThrow();
            NDArray expected = golden.get("logits");
            assertEquals(new Shape(1, 20, 128, 256), logits.getShape());
            float maxAbs = expected.abs().max().getFloat();
            float err = logits.sub(expected).abs().max().getFloat();
            System.out.printf("[torchscript] erfnet20 golden_small: max|diff| = %.3g, max|logit| = %.4f%n", err, maxAbs);
            assertTrue(err <= 1e-4f * maxAbs, "max |diff| " + err + " > 1e-4 * " + maxAbs);
        }
    }

    @Test
    void enetTorchScriptLoads() throws Exception {
        Path file = SharedTestData.require("reference/enet-cityscapes/enet20_traced.pt");
        try (NDManager manager = NDManager.newBaseManager();
                Model model = TorchScriptModels.load(file, Device.cpu());
                Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator())) {
            NDArray input = manager.ones(new Shape(1, 3, 64, 128)).mul(0.5f);
            NDArray logits = predictor.predict(new NDList(input)).get(0);
            assertEquals(new Shape(1, 20, 64, 128), logits.getShape());
        }
    }

    @Test
    void stateDictIsNotTorchScript() throws Exception {
        Path file = SharedTestData.require("reference/erfnet-random/erfnet20_seed0_state_dict.pth");
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                () -> TorchScriptModels.load(file, Device.cpu()));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("not a TorchScript archive"),
                e.getMessage());
        Path text = Files.writeString(tmp.resolve("model.pt"), "not a model at all");
        e = assertThrows(CheckpointFormatException.class, () -> TorchScriptModels.load(text, Device.cpu()));
        assertTrue(e.getMessage().contains("not a TorchScript archive"), e.getMessage());
    }
}
