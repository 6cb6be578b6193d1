package org.lifelongseg.core.train;

/**
 * How a step's student starts.
 *
 * <pre>{@code
 * if (strategy.initialization() == StudentInitialization.FROM_PREVIOUS) { ... }
 * }</pre>
 */
public enum StudentInitialization {
    /** Freshly initialized (the reference's choice, also for its distillation stages). */
    FRESH,
    /**
     * Copied from the previous model: every parameter of equal name and shape, and for the
     * class-dependent output layer the old classes' channels (the new channels stay fresh).
     */
    FROM_PREVIOUS
}
