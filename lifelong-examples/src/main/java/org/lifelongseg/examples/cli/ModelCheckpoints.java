package org.lifelongseg.examples.cli;

import ai.djl.Device;
import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.lifelongseg.erfnet.load.ErfNetModels;

/**
 * Finds and opens the weights in a checkpoint folder {@code <root>/<name>/models/weights_<epoch>/}:
 * this library's own parameter files or the reference implementation's {@code model.pth}.
 */
final class ModelCheckpoints {

    /** File names tried in order. */
    static final List<String> WEIGHT_FILES =
            List.of("model.safetensors", "model.npz", "model.pth", "model.pt");

    private ModelCheckpoints() {}

    /** The weights file of a checkpoint folder. */
    static Path weightsFile(Path dir) {
        for (String name : WEIGHT_FILES) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new IllegalArgumentException(dir + ": no weights file (looked for " + WEIGHT_FILES + ")");
    }

    /** Opens the checkpoint's network, checking its class count ({@code numClasses > 0}). */
    static Model load(Path dir, int numClasses, Device device) throws IOException {
        Path file = weightsFile(dir);
        return file.getFileName().toString().endsWith(".pt")
                ? ErfNetModels.open(file, device)
                : ErfNetModels.load(file, numClasses, device);
    }
}
