package org.lifelongseg.erfnet.train;

import ai.djl.Device;
import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.train.Teacher;
import org.lifelongseg.core.train.Teachers;
import org.lifelongseg.erfnet.checkpoint.TorchScriptModels;
import org.lifelongseg.erfnet.load.ErfNetModels;

/**
 * Teachers from files: an ERFNet checkpoint (a trainer checkpoint folder, the reference's {@code
 * weights_<epoch>/model.pth}, or any file {@link ErfNetModels} reads) or a TorchScript network.
 *
 * <pre>{@code
 * try (Teacher stage1 = ErfNetTeachers.fromCheckpoint(
 *             Path.of("checkpoints/erfnet_task1/models/weights_199"), seq.classSpaceAfter(0).names(),
 *             Device.cpu());
 *      Teacher enet = ErfNetTeachers.fromTorchScript(Path.of("enet20_traced.pt"), enetClasses,
 *             Device.cpu())) {
 *     LifelongTrainer.forTasks(seq)...withTeacher(stage1).trainStep(1);
 * }
 * }</pre>
 *
 * <p>The class list names the network's channels in its own order; the trainer picks the old
 * classes of the step by name, so the order may differ from the task sequence.
 */
public final class ErfNetTeachers {

    /** Parameter files looked for in a checkpoint folder, in this order. */
    public static final List<String> CHECKPOINT_FILES = ErfNetModels.CHECKPOINT_FILES;

    private ErfNetTeachers() {}

    /**
     * Loads an ERFNet teacher.
     *
     * @param fileOrFolder a checkpoint file, or a {@code weights_<epoch>} folder holding one of
     *     {@link #CHECKPOINT_FILES}
     * @param classes the network's classes in channel order
     * @param device where it runs
     * @return the teacher (close it to free the model)
     * @throws IOException naming the file if it is missing, unreadable, or has another class count
     */
    public static Teacher fromCheckpoint(Path fileOrFolder, List<String> classes, Device device)
            throws IOException {
        Path file = ErfNetModels.weightsFile(fileOrFolder);
        ClassSpace space = ClassSpace.of(classes);
        Model model = ErfNetModels.load(file, space.size(), device);
        return Teachers.owning(model, space, new ErfNetFactory(), file.toString());
    }

    /**
     * Loads a TorchScript teacher (its code runs in libtorch: load only files you trust).
     *
     * @param file the TorchScript archive
     * @param classes the network's classes in channel order (e.g. the 19 Cityscapes trainId
     *     classes and "void" for a 20-channel network)
     * @param device where it runs
     * @return the teacher (close it to free the model); a wrong class count is reported at its
     *     first batch, naming the list
     * @throws IOException if the file is not a TorchScript archive
     */
    public static Teacher fromTorchScript(Path file, List<String> classes, Device device) throws IOException {
        ClassSpace space = ClassSpace.of(classes);
        Model model = TorchScriptModels.load(file, device);
        return Teachers.owning(model, space, file.toString());
    }
}
