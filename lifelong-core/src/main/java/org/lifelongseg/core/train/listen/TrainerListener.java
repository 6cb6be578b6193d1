package org.lifelongseg.core.train.listen;

import org.lifelongseg.core.checkpoint.Checkpoint;
import org.lifelongseg.core.train.EpochRecord;
import org.lifelongseg.core.train.StepResult;
import org.lifelongseg.core.train.ValidationRecord;

/**
 * Hooks into {@link org.lifelongseg.core.train.LifelongTrainer}; every method is optional.
 * Called on the training thread; a listener that throws stops the training.
 *
 * <pre>{@code
 * TrainerListener log = new TrainerListener() {
 *     public void onEpochEnd(EpochRecord e) { System.out.println(e.epoch() + " " + e.loss()); }
 * };
 * LifelongTrainer.forTasks(seq)...listeners(log, new ProgressBar()).train();
 * }</pre>
 */
public interface TrainerListener {

    /** A step starts (or resumes). */
    default void onStepStart(StepStart start) {}

    /** An epoch starts. */
    default void onEpochStart(int step, int epoch) {}

    /** A training batch finished (after the optimizer update). */
    default void onBatchEnd(BatchReport batch) {}

    /** An epoch finished (before its validation and checkpoint). */
    default void onEpochEnd(EpochRecord epoch) {}

    /** A validation finished. */
    default void onValidation(ValidationRecord validation) {}

    /** A checkpoint was written. */
    default void onCheckpoint(Checkpoint checkpoint) {}

    /** A step finished; its model is in the result. */
    default void onStepEnd(StepResult result) {}
}
