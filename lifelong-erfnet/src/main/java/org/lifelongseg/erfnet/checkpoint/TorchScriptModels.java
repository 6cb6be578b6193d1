package org.lifelongseg.erfnet.checkpoint;

import org.lifelongseg.core.checkpoint.CheckpointLayout;
import org.lifelongseg.core.engine.TorchRuntime;
import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lifelongseg.core.infer.InputSpec;

/**
 * Loads a TorchScript module ({@code torch.jit.save}/{@code trace}) as an opaque, frozen DJL
 * model on the PyTorch engine, e.g. a teacher network or a reference for parity tests.
 *
 * <pre>{@code
 * try (Model model = TorchScriptModels.load(Path.of("enet20_traced.pt"), Device.cpu());
 *      Predictor<NDList, NDList> p = model.newPredictor(new NoopTranslator())) {
 *     NDList logits = p.predict(new NDList(input));
 * }
 * }</pre>
 *
 * <p>Unlike the state dict readers, this runs the TorchScript code of the file (interpreted by
 * libtorch, not Python): load only files you trust.
 */
public final class TorchScriptModels {

    private TorchScriptModels() {}

    /**
     * Loads {@code file} on {@code device}; the model's parameters are frozen and its block runs
     * in eval mode unless called with training on. The caller closes the model.
     *
     * @throws CheckpointFormatException if the file is not a TorchScript archive (e.g. a state
     *     dict) or libtorch rejects it
     */
    public static Model load(Path file, Device device) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        CheckpointFormat format;
        try {
            format = PyTorchCheckpoints.detect(file);
        } catch (CheckpointFormatException e) {
            throw new CheckpointFormatException(file, "not a TorchScript archive: " + e.getMessage(), e);
        }
        if (format != CheckpointFormat.TORCHSCRIPT) {
            throw new CheckpointFormatException(file, "not a TorchScript archive but a " + format
                    + " file; read weights with PyTorchCheckpoints.read");
        }
        CheckpointLayout.verifyFile(file);
        TorchRuntime.ensureReady(); // the module is admitted (TorchRuntime.admit) once loaded
        String name = file.getFileName().toString();
        if (name.endsWith(".pt")) {
            name = name.substring(0, name.length() - 3);
        }
        Model model = Model.newInstance(name, device, "PyTorch");
        try {
            model.load(file.toAbsolutePath());
            InputSpec.find(file).ifPresent(s -> s.attachTo(model));
            TorchRuntime.admit(model.getBlock()); // opaque convolutions: oneDNN only where always right
            return model;
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new CheckpointFormatException(file, "libtorch could not load the TorchScript module: " + e.getMessage(), e);
        } catch (IOException e) {
            model.close();
            throw e;
        }
    }
}
