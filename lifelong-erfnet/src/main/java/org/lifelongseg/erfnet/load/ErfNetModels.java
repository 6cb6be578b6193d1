package org.lifelongseg.erfnet.load;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.infer.InputSpec;
import org.lifelongseg.erfnet.checkpoint.CheckpointFormat;
import org.lifelongseg.erfnet.checkpoint.CheckpointFormatException;
import org.lifelongseg.erfnet.checkpoint.KeyMapping;
import org.lifelongseg.erfnet.checkpoint.PyTorchCheckpoints;
import org.lifelongseg.erfnet.checkpoint.StateDict;
import org.lifelongseg.erfnet.checkpoint.StateDictLoader;
import org.lifelongseg.erfnet.checkpoint.TorchScriptModels;
import org.lifelongseg.erfnet.model.ErfNet;

/**
 * Opens segmentation networks from weight files as DJL {@link Model}s.
 *
 * <pre>{@code
 * try (Model model = ErfNetModels.load(Path.of("model.pth"), 20, Device.cpu())) { ... }
 * try (Model any = ErfNetModels.open(Path.of("enet.pt"), Device.cpu())) { ... } // TorchScript too
 * }</pre>
 *
 * <p>ERFNet weights may be a zip or legacy PyTorch checkpoint (also DataParallel {@code module.}
 * prefixes and dicts wrapping a {@code state_dict}), a numpy {@code .npz} or safetensors. Loading
 * is strict: every parameter must be present with the right shape, or the error names the key
 * and both shapes. Whether the checkpoint has the original encoder's 1x1 {@code
 * encoder.output_conv} is taken from the checkpoint.
 */
public final class ErfNetModels {

    /**
     * Parameter files looked for in a checkpoint folder ({@code weights_<epoch>}), in this order:
     * this library's own, then the reference implementation's {@code model.pth}.
     */
    public static final List<String> CHECKPOINT_FILES =
            List.of("model.safetensors", "model.npz", "model.pth");

    private ErfNetModels() {}

    /**
     * The weights file of a checkpoint: {@code fileOrFolder} itself, or the first of {@link
     * #CHECKPOINT_FILES} in that folder.
     *
     * @throws NoSuchFileException naming the folder if it holds none of them
     */
    public static Path weightsFile(Path fileOrFolder) throws NoSuchFileException {
        if (!Files.isDirectory(fileOrFolder)) {
            return fileOrFolder;
        }
        for (String name : CHECKPOINT_FILES) {
            if (Files.isRegularFile(fileOrFolder.resolve(name))) {
                return fileOrFolder.resolve(name);
            }
        }
        throw new NoSuchFileException(fileOrFolder.toString(), null,
                "checkpoint folder holds none of " + CHECKPOINT_FILES);
    }

    /**
     * Opens any supported network file: TorchScript as an opaque frozen model, any other format as
     * ERFNet weights with the class count read from the checkpoint.
     */
    public static Model open(Path file, Device device) throws IOException {
        if (PyTorchCheckpoints.detect(file) == CheckpointFormat.TORCHSCRIPT) {
            return TorchScriptModels.load(file, device);
        }
        return load(file, 0, device);
    }

    /**
     * Builds an ERFNet and loads its weights from a checkpoint.
     *
     * @param numClasses the expected number of output channels, or 0 to take it from the file
     * @throws CheckpointFormatException if the file is no checkpoint, or holds another
     *     architecture or class count (the message names the file, the key and the shapes)
     */
    /**
     * What is known of how published ERFNet weights without an {@link InputSpec#FILE} are fed: the
     * original ERFNet (20 channels and the encoder's 1x1 output conv) takes RGB/255, the
     * class-incremental reference's models take ImageNet-normalized input; both at 1024x512.
     * Their files do not name their classes.
     */
    static InputSpec publishedSpec(ErfNet net) {
        boolean original = net.hasEncoderOutputConv();
        return InputSpec.builder()
                .setClassNames(List.of())
                .setNormalization(original ? Normalization.NONE : Normalization.IMAGENET)
                .optInputSize(1024, 512)
                .optDataset(original ? "cityscapes (original ERFNet weights)"
                        : "cityscapes (class-incremental reference weights)")
                .build();
    }

    public static Model load(Path file, int numClasses, Device device) throws IOException {
        Model model = Model.newInstance("erfnet", device, "PyTorch");
        try (NDManager scratch = NDManager.newBaseManager(device);
                StateDict sd = PyTorchCheckpoints.read(file, scratch, KeyMapping.stripDataParallel())) {
            NDArray head = sd.get("decoder.output_conv.bias");
            if (head == null) {
                throw new CheckpointFormatException(
                        file, "not an ERFNet checkpoint: no decoder.output_conv.bias among "
                                + sd.size() + " tensors");
            }
            int inFile = (int) head.getShape().get(0);
            if (numClasses > 0 && numClasses != inFile) {
                throw new CheckpointFormatException(
                        file, "holds an ERFNet with " + inFile + " classes"
                                + " (decoder.output_conv.bias " + head.getShape() + "), expected "
                                + numClasses);
            }
            ErfNet net = ErfNet.builder()
                    .setNumClasses(inFile)
                    .optEncoderOutputConv(sd.contains("encoder.output_conv.weight"))
                    .build();
            model.setBlock(net);
            net.initializeParameters(model.getNDManager());
            try {
                StateDictLoader.strict().load(sd, net.stateDictParameters());
            } catch (IllegalArgumentException e) {
                throw new CheckpointFormatException(file, e.getMessage());
            }
            InputSpec spec = InputSpec.find(file).orElseGet(() -> publishedSpec(net));
            if (!spec.classNames().isEmpty() && spec.classNames().size() != inFile) {
                throw new CheckpointFormatException(file, "its " + InputSpec.FILE + " names "
                        + spec.classNames().size() + " classes but the network has " + inFile);
            }
            spec.attachTo(model);
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
