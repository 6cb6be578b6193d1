package org.lifelongseg.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.Map;
import java.util.Optional;
import org.lifelongseg.core.infer.InputSpec;
import org.lifelongseg.core.task.ClassSpace;

/**
 * A frozen model whose logits cover the old classes: the previous step's model, an imported
 * checkpoint or a TorchScript network. The trainer selects its channels by class name (see
 * {@link Teachers#selecting}), so its own class order may differ from the task sequence's.
 *
 * <pre>{@code
 * try (Teacher enet = ErfNetTeachers.fromTorchScript(path, enetClassNames, Device.cpu())) {
 *     LifelongTrainer.forTasks(sequence).withTeacher(enet)...trainStep(1);
 * }
 * }</pre>
 *
 * <p>{@link #logits} runs the network in inference mode (BatchNorm running statistics, no
 * dropout) and returns a result without gradient, in the manager of {@code images}.
 */
public interface Teacher extends AutoCloseable {

    /** The classes of the logit channels, in channel order. */
    ClassSpace classes();

    /**
     * The teacher's logits.
     *
     * @param images (B, 3, H, W), normalized as the teacher expects
     * @return (B, classes().size(), H, W), detached, in the images' manager
     * @throws IllegalStateException if the network's output does not have one channel per class
     */
    NDArray logits(NDArray images);

    /**
     * The teacher's parameters by the model factory's names, if it is a model of a known factory
     * (needed to initialize a student from it).
     */
    default Optional<Map<String, Parameter>> namedParameters() {
        return Optional.empty();
    }

    /**
     * How the teacher's network must be fed, if it recorded it (a checkpoint's {@link
     * InputSpec}); the trainer warns when the training data is normalized or sized otherwise.
     */
    default Optional<InputSpec> inputSpec() {
        return Optional.empty();
    }

    /** A description for logs and checkpoints (e.g. the file it came from). */
    default String description() {
        return getClass().getSimpleName() + classes().names();
    }

    /** Frees what the teacher owns (a teacher wrapping someone else's model owns nothing). */
    @Override
    default void close() {}
}
