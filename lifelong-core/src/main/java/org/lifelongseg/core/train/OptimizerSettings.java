package org.lifelongseg.core.train;

import com.google.common.collect.ImmutableMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.lifelongseg.core.train.optim.LearningRateSchedule;
import org.lifelongseg.core.train.optim.PolyLearningRate;
import org.lifelongseg.core.train.optim.TorchAdam;

/**
 * The optimizer of every step: PyTorch's Adam with L2 weight decay and a per-epoch learning rate.
 * Defaults are the reference's: learning rate 5e-4, betas (0.9, 0.999), eps 1e-8, weight decay
 * 3e-4, polynomial decay with power 0.9 over the step's epochs.
 *
 * <pre>{@code
 * OptimizerSettings adam = OptimizerSettings.reference();
 * OptimizerSettings fast = OptimizerSettings.builder().optLearningRate(1e-3).optConstantRate().build();
 * TorchAdam optimizer = adam.newOptimizer(200);   // one per step; the trainer closes it
 * }</pre>
 */
public final class OptimizerSettings {

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final double polyPower;

    private OptimizerSettings(Builder b) {
        this.learningRate = b.learningRate;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.weightDecay = b.weightDecay;
        this.polyPower = b.polyPower;
    }

    /** The reference settings. */
    public static OptimizerSettings reference() {
        return builder().build();
    }

    /** A builder starting from the reference settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The base learning rate. */
    public double learningRate() {
        return learningRate;
    }

    /** The polynomial decay power, or 0 for a constant rate. */
    public double polyPower() {
        return polyPower;
    }

    /** The weight decay (L2). */
    public double weightDecay() {
        return weightDecay;
    }

    /**
     * A new optimizer for a step of {@code epochs} epochs.
     *
     * @param epochs the step's epochs (the schedule's length)
     * @return the optimizer (close it to free its state)
     */
    public TorchAdam newOptimizer(int epochs) {
        LearningRateSchedule schedule = polyPower == 0
                ? LearningRateSchedule.constant(learningRate)
                : PolyLearningRate.builder().setEpochs(epochs).optBaseLearningRate(learningRate)
                        .optPower(polyPower).build();
        return TorchAdam.builder()
                .optLearningRate(schedule)
                .optBetas(beta1, beta2)
                .optEpsilon(epsilon)
                .optWeightDecay(weightDecay)
                .build();
    }

    /** The settings as strings, recorded in checkpoints. */
    public Map<String, String> describe() {
        return ImmutableMap.of(
                "optimizer", "adam",
                "optimizer.learningRate", Double.toString(learningRate),
                "optimizer.betas", beta1 + "," + beta2,
                "optimizer.epsilon", Double.toString(epsilon),
                "optimizer.weightDecay", Double.toString(weightDecay),
                "optimizer.schedule", polyPower == 0 ? "constant" : "poly" + polyPower);
    }

    @Override
    public String toString() {
        return "OptimizerSettings" + describe();
    }

    /** Builds {@link OptimizerSettings}; a setting given twice is an error. */
    public static final class Builder {
        private final Set<String> given = new HashSet<>();
        private double learningRate = 5e-4;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private double weightDecay = 3e-4;
        private double polyPower = 0.9;

        private Builder() {}

        private void once(String name) {
            if (!given.add(name)) {
                throw new IllegalStateException("optimizer setting '" + name + "' given twice");
            }
        }

        private static double check(String name, double v, double lo, boolean loOpen, double hi) {
            if (!(loOpen ? v > lo : v >= lo) || !(v < hi) || Double.isNaN(v)) {
                throw new IllegalArgumentException(
                        "optimizer " + name + " must be in " + (loOpen ? "(" : "[") + lo + ", " + hi
                                + "), got " + v);
            }
            return v;
        }

        /** The base learning rate (default 5e-4). */
        public Builder optLearningRate(double learningRate) {
            once("learningRate");
            this.learningRate = check("learning rate", learningRate, 0, false, Double.POSITIVE_INFINITY);
            return this;
        }

        /** Adam's betas (default 0.9, 0.999). */
        public Builder optBetas(double beta1, double beta2) {
            once("betas");
            this.beta1 = check("beta1", beta1, 0, false, 1);
            this.beta2 = check("beta2", beta2, 0, false, 1);
            return this;
        }

        /** Adam's eps (default 1e-8). */
        public Builder optEpsilon(double epsilon) {
            once("epsilon");
            this.epsilon = check("epsilon", epsilon, 0, false, Double.POSITIVE_INFINITY);
            return this;
        }

        /** L2 weight decay added to the gradient (default 3e-4). */
        public Builder optWeightDecay(double weightDecay) {
            once("weightDecay");
            this.weightDecay = check("weight decay", weightDecay, 0, false, Double.POSITIVE_INFINITY);
            return this;
        }

        /** The polynomial decay power (default 0.9). */
        public Builder optPolyPower(double power) {
            once("schedule");
            this.polyPower = check("poly power", power, 0, true, Double.POSITIVE_INFINITY);
            return this;
        }

        /** A constant learning rate instead of the polynomial decay. */
        public Builder optConstantRate() {
            once("schedule");
            this.polyPower = 0;
            return this;
        }

        /** Builds the settings. */
        public OptimizerSettings build() {
            return new OptimizerSettings(this);
        }
    }
}
