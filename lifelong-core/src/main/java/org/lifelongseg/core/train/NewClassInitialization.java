package org.lifelongseg.core.train;

/**
 * How the output-layer entries of a step's new classes start when the student is initialized from
 * the previous model ({@link StudentInitialization#FROM_PREVIOUS}); a fresh student keeps the model
 * factory's initialization whatever this says.
 *
 * <pre>{@code
 * LifelongTrainer.forTasks(tasks)...strategy(Strategies.fineTuning())
 *         .newClassInitialization(NewClassInitialization.RANDOM)   // default ZERO
 *         .build();
 * }</pre>
 */
public enum NewClassInitialization {
    /**
     * Weights and bias of the new classes' outputs start at zero (the default): their logits are 0
     * everywhere at first, and their first gradients reach the shared layers only through the old
     * classes' logits, so the layers the previous model learned are disturbed less while the new
     * outputs find their direction.
     */
    ZERO,
    /** The model factory's initialization, as in a fresh model. */
    RANDOM
}
