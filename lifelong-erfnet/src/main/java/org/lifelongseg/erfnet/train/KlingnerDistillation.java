package org.lifelongseg.erfnet.train;

import ai.djl.ndarray.NDArray;
import com.google.common.collect.ImmutableMap;
import java.util.Map;
import org.lifelongseg.core.train.LossTerms;
import org.lifelongseg.core.train.StepContext;
import org.lifelongseg.core.train.StudentInitialization;
import org.lifelongseg.core.train.TrainingStrategy;
import org.lifelongseg.core.train.loss.MaskedCrossEntropyLoss;
import org.lifelongseg.erfnet.distill.KlingnerDistillationLoss;

/**
 * Klingner et al. (ITSC 2020): the previous model is a frozen teacher (inference mode, no
 * gradient); the student, with the old classes' channels first and the new ones after, learns the
 * new classes by cross-entropy on their labels and keeps the old ones by entropy-weighted
 * distillation on every unlabelled pixel ({@link KlingnerDistillationLoss}). Logged parts: {@code
 * ce} and {@code kd}.
 *
 * <pre>{@code
 * TrainingStrategy distill = KlingnerDistillation.builder()
 *         .optTemperature(1).optEntropyWeight(1)      // the reference's T and λ
 *         .optInitializeFromTeacher(false)            // fresh student, as the reference
 *         .build();
 * }</pre>
 *
 * <p>At a step without a previous model (the first) it trains statically with cross-entropy.
 */
public final class KlingnerDistillation implements TrainingStrategy {

    private final KlingnerDistillationLoss loss;
    private final boolean initializeFromTeacher;

    private KlingnerDistillation(Builder b) {
        this.loss = KlingnerDistillationLoss.builder()
                .optTemperature(b.temperature)
                .optEntropyWeight(b.entropyWeight)
                .build();
        this.initializeFromTeacher = b.initializeFromTeacher;
    }

    /** A builder with the reference's T = 1, λ = 1 and a fresh student. */
    public static Builder builder() {
        return new Builder();
    }

    /** The loss. */
    public KlingnerDistillationLoss distillationLoss() {
        return loss;
    }

    @Override
    public String name() {
        return "distillation";
    }

    @Override
    public boolean usesTeacher() {
        return true;
    }

    @Override
    public StudentInitialization initialization() {
        return initializeFromTeacher ? StudentInitialization.FROM_PREVIOUS : StudentInitialization.FRESH;
    }

    @Override
    public LossTerms loss(NDArray studentLogits, NDArray labels, NDArray teacherLogits, StepContext context) {
        if (teacherLogits == null) {
            return LossTerms.of(MaskedCrossEntropyLoss.compute(studentLogits, labels));
        }
        KlingnerDistillationLoss.Components parts = loss.components(studentLogits, teacherLogits, labels);
        return LossTerms.of(parts.total(),
                ImmutableMap.of("ce", parts.crossEntropy(), "kd", parts.distillation()));
    }

    @Override
    public Map<String, String> describe() {
        return ImmutableMap.of("strategy", name(),
                "temperature", Double.toString(loss.temperature()),
                "entropyWeight", Double.toString(loss.entropyWeight()),
                "initialization", initialization().name());
    }

    @Override
    public String toString() {
        return "KlingnerDistillation" + describe();
    }

    /** Builds {@link KlingnerDistillation}; a setting given twice is an error. */
    public static final class Builder {
        private double temperature = 1;
        private double entropyWeight = 1;
        private boolean initializeFromTeacher;
        private boolean temperatureSet;
        private boolean entropyWeightSet;
        private boolean initSet;

        private Builder() {}

        /** The distillation temperature T (default 1). */
        public Builder optTemperature(double temperature) {
            if (temperatureSet) {
                throw new IllegalStateException("temperature given twice");
            }
            KlingnerDistillationLoss.builder().optTemperature(temperature); // validates
            temperatureSet = true;
            this.temperature = temperature;
            return this;
        }

        /** λ, the weight of the teacher's entropy (default 1). */
        public Builder optEntropyWeight(double entropyWeight) {
            if (entropyWeightSet) {
                throw new IllegalStateException("entropy weight given twice");
            }
            KlingnerDistillationLoss.builder().optEntropyWeight(entropyWeight); // validates
            entropyWeightSet = true;
            this.entropyWeight = entropyWeight;
            return this;
        }

        /**
         * Whether the student starts from the teacher (matching parameters and the old output
         * channels) instead of a fresh initialization (default false, as the reference).
         */
        public Builder optInitializeFromTeacher(boolean initialize) {
            if (initSet) {
                throw new IllegalStateException("initialization given twice");
            }
            initSet = true;
            this.initializeFromTeacher = initialize;
            return this;
        }

        /** Builds the strategy. */
        public KlingnerDistillation build() {
            return new KlingnerDistillation(this);
        }
    }
}
