package org.lifelongseg.core.train.optim;

/**
 * A learning rate per training epoch (0-based), in double precision.
 *
 * <pre>{@code
 * LearningRateSchedule fixed = LearningRateSchedule.constant(1e-3);
 * double lr = PolyLearningRate.builder().setEpochs(200).build().learningRate(0); // 5.0225e-4
 * }</pre>
 *
 * <p>The schedule is a pure function of the epoch; the optimizer holding it is told the current
 * epoch ({@link TorchAdam#setEpoch(int)}), so the rate changes once per epoch, not per step.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * Returns the learning rate of an epoch.
     *
     * @param epoch the 0-based epoch
     * @return the learning rate, finite and &ge; 0
     * @throws IllegalArgumentException if the schedule does not cover {@code epoch}
     */
    double learningRate(int epoch);

    /**
     * Returns a schedule with the same rate in every epoch.
     *
     * @param learningRate the rate, finite and &ge; 0
     * @return the schedule
     */
    static LearningRateSchedule constant(double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(
                    "learning rate must be finite and >= 0, got " + learningRate);
        }
        return epoch -> {
            if (epoch < 0) {
                throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
            }
            return learningRate;
        };
    }
}
