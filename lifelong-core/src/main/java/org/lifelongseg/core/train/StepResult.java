package org.lifelongseg.core.train;

import ai.djl.Model;
import ai.djl.nn.Block;
import com.google.common.collect.ImmutableList;
import java.util.Optional;
import org.lifelongseg.core.checkpoint.Checkpoint;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.Task;

/**
 * The outcome of one step: the trained model (owned: close the result to free it), the losses of
 * every epoch and the validations.
 *
 * <pre>{@code
 * try (StepResult r = trainer.trainStep(1)) {
 *     Model model = r.model();                       // logits over r.classSpace()
 *     double lastLoss = r.epochs().get(r.epochs().size() - 1).loss();
 *     r.lastCheckpoint().ifPresent(c -> System.out.println(c.directory()));
 * }
 * }</pre>
 */
public final class StepResult implements AutoCloseable {

    private final int step;
    private final Task task;
    private final ClassSpace classSpace;
    private final String strategy;
    private final Model model;
    private final ImmutableList<EpochRecord> epochs;
    private final ImmutableList<ValidationRecord> validations;
    private final Checkpoint lastCheckpoint;
    private final SegmentationModelFactory factory;

    StepResult(int step, Task task, ClassSpace classSpace, String strategy, Model model,
            SegmentationModelFactory factory, java.util.List<EpochRecord> epochs,
            java.util.List<ValidationRecord> validations, Checkpoint lastCheckpoint) {
        this.step = step;
        this.task = task;
        this.classSpace = classSpace;
        this.strategy = strategy;
        this.model = model;
        this.factory = factory;
        this.epochs = ImmutableList.copyOf(epochs);
        this.validations = ImmutableList.copyOf(validations);
        this.lastCheckpoint = lastCheckpoint;
    }

    /** The 0-based step. */
    public int step() {
        return step;
    }

    /** The step's task. */
    public Task task() {
        return task;
    }

    /** The model's output classes (channel order). */
    public ClassSpace classSpace() {
        return classSpace;
    }

    /** The strategy's name. */
    public String strategy() {
        return strategy;
    }

    /** The trained model (valid until this result is closed). */
    public Model model() {
        return model;
    }

    /** The trained model's block. */
    public Block block() {
        return model.getBlock();
    }

    /** Every epoch of the step, including those restored from a checkpoint when resuming. */
    public ImmutableList<EpochRecord> epochs() {
        return epochs;
    }

    /** The validations, in epoch order. */
    public ImmutableList<ValidationRecord> validations() {
        return validations;
    }

    /** The checkpoint written at the end of the step, if checkpoints are on. */
    public Optional<Checkpoint> lastCheckpoint() {
        return Optional.ofNullable(lastCheckpoint);
    }

    /** The model as a frozen teacher (not owning it: keep this result open while it is used). */
    public Teacher asTeacher() {
        return Teachers.of(model.getBlock(), classSpace, factory);
    }

    /** Frees the model. */
    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "StepResult{step " + step + " (" + task.name() + "), " + strategy + ", "
                + classSpace.size() + " classes, " + epochs.size() + " epochs}";
    }
}
