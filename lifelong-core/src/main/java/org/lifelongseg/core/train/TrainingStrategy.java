package org.lifelongseg.core.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * The strategy SPI: how one step of the sequence is learned (labels, initialization, teacher,
 * loss). Built-in strategies are in {@link org.lifelongseg.core.train.strategy.Strategies} and,
 * for Klingner et al.'s distillation, in lifelong-erfnet's {@code KlingnerDistillation}.
 *
 * <pre>{@code
 * TrainingStrategy myMethod = new TrainingStrategy() {
 *     public String name() { return "my-method"; }
 *     public boolean usesTeacher() { return true; }
 *     public LossTerms loss(NDArray logits, NDArray labels, NDArray teacher, StepContext c) {
 *         return LossTerms.of(MaskedCrossEntropyLoss.compute(logits, labels));
 *     }
 * };
 * }</pre>
 *
 * <p>At a step without a previous model (the first step, unless a teacher is given) every
 * strategy trains like {@link org.lifelongseg.core.train.strategy.Strategies#staticTraining()}:
 * fresh initialization, cross-entropy; {@link #loss} is then called with a null teacher.
 */
public interface TrainingStrategy {

    /** A short name for checkpoints and logs, e.g. {@code "distillation"}. */
    String name();

    /** Which classes the training labels mark (default: the step's new classes). */
    default LabelScope labelScope() {
        return LabelScope.NEW_CLASSES;
    }

    /** How the student starts when a previous model exists (default: fresh). */
    default StudentInitialization initialization() {
        return StudentInitialization.FRESH;
    }

    /** Whether {@link #loss} needs the previous model's logits (default false). */
    default boolean usesTeacher() {
        return false;
    }

    /** Whether the step needs a previous model (teacher or initialization). */
    default boolean needsPreviousModel() {
        return usesTeacher() || initialization() == StudentInitialization.FROM_PREVIOUS;
    }

    /**
     * The loss of one batch. Called inside the gradient collector; temporaries belong to the
     * logits' (per-batch) manager.
     *
     * @param studentLogits (B, C, H, W) over {@code context.classSpace()}
     * @param labels (B, H, W) channel indices in the strategy's label scope, 255 = unlabelled
     * @param teacherLogits (B, n_old, H, W) over {@code context.oldClasses()}, without gradient;
     *     null if the strategy does not use a teacher or the step has no previous model
     * @param context the step
     * @return the loss and its parts
     */
    LossTerms loss(NDArray studentLogits, NDArray labels, NDArray teacherLogits, StepContext context);

    /** The strategy's settings, recorded in checkpoints (default: its name). */
    default Map<String, String> describe() {
        return Map.of("strategy", name());
    }
}
