package org.lifelongseg.core.train.listen;

import org.lifelongseg.core.task.ClassSpace;

/**
 * A step about to train.
 *
 * <pre>{@code
 * public void onStepStart(StepStart s) { log.info("training {} from epoch {}", s.taskName(), s.startEpoch()); }
 * }</pre>
 *
 * @param step the 0-based step
 * @param taskName the task's name
 * @param classSpace the student's classes
 * @param strategy the strategy's name
 * @param startEpoch the first epoch to run (greater than 0 when resuming)
 * @param epochs the step's epochs
 * @param batchesPerEpoch training batches per epoch
 * @param batchSize images per batch
 */
public record StepStart(
        int step,
        String taskName,
        ClassSpace classSpace,
        String strategy,
        int startEpoch,
        int epochs,
        int batchesPerEpoch,
        int batchSize) {}
