package org.lifelongseg.core.train;

/**
 * Thrown when a batch's loss is NaN or infinite. The optimizer did not apply that batch and no
 * checkpoint of the failing epoch was written, so the last checkpoint on disk is the last good
 * state.
 *
 * <pre>{@code
 * try { trainer.train(); } catch (TrainingDivergedException e) { log.error(e.getMessage()); }
 * }</pre>
 */
public final class TrainingDivergedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int step;
    private final int epoch;
    private final int batch;

    TrainingDivergedException(String message, int step, int epoch, int batch) {
        super(message);
        this.step = step;
        this.epoch = epoch;
        this.batch = batch;
    }

    /** The 0-based step. */
    public int step() {
        return step;
    }

    /** The 0-based epoch. */
    public int epoch() {
        return epoch;
    }

    /** The 0-based batch of the epoch. */
    public int batch() {
        return batch;
    }
}
