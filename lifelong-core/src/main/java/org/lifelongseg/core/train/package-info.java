/**
 * The lifelong trainer: {@link org.lifelongseg.core.train.LifelongTrainer} and its SPIs for
 * models ({@link org.lifelongseg.core.train.SegmentationModelFactory}), data ({@link
 * org.lifelongseg.core.train.TaskDataProvider}), methods ({@link
 * org.lifelongseg.core.train.TrainingStrategy}) and teachers ({@link
 * org.lifelongseg.core.train.Teacher}).
 *
 * <pre>{@code
 * try (TrainingResult r = LifelongTrainer.forTasks(sequence)
 *         .model(factory).data(provider).strategy(Strategies.fineTuning()).epochs(10).train()) {
 *     r.last().model();
 * }
 * }</pre>
 *
 * <p><b>Native memory scoping.</b> Every NDArray result lands in the manager of its first
 * operand. The trainer therefore creates the inputs of each batch in a per-batch sub-manager
 * (the batch's own, closed after the optimizer update), so the forward pass, the teacher's
 * logits, the loss and all their temporaries are freed with it; validation and checkpoint
 * export use their own sub-managers; only parameters, BatchNorm statistics and the optimizer
 * state (owned by the optimizer, freed when the step ends) live longer. A strategy's {@link
 * org.lifelongseg.core.train.TrainingStrategy#loss loss} must keep to the same rule: create
 * nothing in long-lived managers. A teacher runs outside the gradient collector and returns
 * detached logits, so no graph is built through it.
 */
package org.lifelongseg.core.train;
