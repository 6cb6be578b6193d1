package org.lifelongseg.core.train.optim;

/**
 * The reference trainer's polynomial decay, per epoch: {@code lr(e) = base · (1 − (e − 1)/E)^p}
 * for the 0-based epoch {@code e}, E epochs in all and power p.
 *
 * <pre>{@code
 * PolyLearningRate schedule = PolyLearningRate.builder().setEpochs(200).build();
 * schedule.learningRate(0);   // 5.0225e-4
 * schedule.learningRate(1);   // 5e-4
 * schedule.learningRate(199); // 7.92e-6
 * }</pre>
 *
 * <p>The {@code e − 1} reproduces the reference's PyTorch {@code LambdaLR} (1.1 semantics),
 * whose first epoch trains slightly above the base rate. Defaults: base 5e-4, power 0.9.
 * Epochs {@code 0..E} are covered ({@code lr(E+1) = 0}); others are rejected.
 */
public final class PolyLearningRate implements LearningRateSchedule {

    private final double baseLearningRate;
    private final int epochs;
    private final double power;

    private PolyLearningRate(Builder builder) {
        this.baseLearningRate = builder.baseLearningRate;
        this.epochs = builder.epochs;
        this.power = builder.power;
    }

    /**
     * Returns a builder; {@link Builder#setEpochs(int)} is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public double learningRate(int epoch) {
        if (epoch < 0 || epoch > epochs + 1) {
            throw new IllegalArgumentException(
                    "epoch " + epoch + " is outside the schedule's epochs 0.." + (epochs + 1));
        }
        return baseLearningRate * Math.pow(1.0 - (epoch - 1.0) / epochs, power);
    }

    /** @return the base learning rate */
    public double baseLearningRate() {
        return baseLearningRate;
    }

    /** @return the number of epochs E */
    public int epochs() {
        return epochs;
    }

    /** @return the power p */
    public double power() {
        return power;
    }

    @Override
    public String toString() {
        return "PolyLearningRate{base=" + baseLearningRate + ", epochs=" + epochs + ", power="
                + power + "}";
    }

    /** Builds a {@link PolyLearningRate}; each option may be given once. */
    public static final class Builder {

        private double baseLearningRate = 5e-4;
        private int epochs = -1;
        private double power = 0.9;
        private boolean baseSet;
        private boolean powerSet;

        private Builder() {}

        /**
         * Sets the total number of epochs E (required).
         *
         * @param epochs E &ge; 1
         * @return this builder
         */
        public Builder setEpochs(int epochs) {
            if (this.epochs != -1) {
                throw new IllegalStateException("epochs was already set");
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets the base learning rate (default 5e-4).
         *
         * @param baseLearningRate finite, &ge; 0
         * @return this builder
         */
        public Builder optBaseLearningRate(double baseLearningRate) {
            if (baseSet) {
                throw new IllegalStateException("base learning rate was already set");
            }
            if (!(baseLearningRate >= 0) || Double.isInfinite(baseLearningRate)) {
                throw new IllegalArgumentException(
                        "base learning rate must be finite and >= 0, got " + baseLearningRate);
            }
            baseSet = true;
            this.baseLearningRate = baseLearningRate;
            return this;
        }

        /**
         * Sets the power p (default 0.9).
         *
         * @param power finite, &gt; 0
         * @return this builder
         */
        public Builder optPower(double power) {
            if (powerSet) {
                throw new IllegalStateException("power was already set");
            }
            if (!(power > 0) || Double.isInfinite(power)) {
                throw new IllegalArgumentException("power must be finite and > 0, got " + power);
            }
            powerSet = true;
            this.power = power;
            return this;
        }

        /**
         * Builds the schedule.
         *
         * @return the schedule
         * @throws IllegalStateException if the epochs were not set
         */
        public PolyLearningRate build() {
            if (epochs == -1) {
                throw new IllegalStateException("epochs must be set (setEpochs)");
            }
            return new PolyLearningRate(this);
        }
    }
}
