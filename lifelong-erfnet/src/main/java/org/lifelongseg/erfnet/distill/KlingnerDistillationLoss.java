package org.lifelongseg.erfnet.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import org.lifelongseg.core.train.loss.MaskedCrossEntropyLoss;

/**
 * The class-incremental distillation loss of Klingner et al. (ITSC 2020): cross-entropy on the
 * labelled new-class pixels plus entropy-weighted knowledge distillation from the previous model
 * (the teacher) on every unlabelled pixel.
 *
 * <pre>{@code
 * KlingnerDistillationLoss loss = KlingnerDistillationLoss.builder().optTemperature(1).build();
 * try (KlingnerDistillationLoss.Components parts = loss.components(student, teacher, labels)) {
 *     collector.backward(parts.total());
 *     log(parts.crossEntropy().getFloat(), parts.distillation().getFloat());
 * }
 * }</pre>
 *
 * <p>With student logits {@code z} (B, C, H, W), teacher logits {@code t} (B, n_old, H, W) and
 * labels {@code y} (B, H, W) holding new-class ids in {@code [n_old, C)} or 255 (unlabelled):
 *
 * <ul>
 *   <li>{@code q = softmax(t / T)} over the teacher's n_old channels;
 *   <li>{@code CE = -(1/|L|) Σ_{p∈L} log_softmax(z_p)[y_p]} over the labelled pixels L (the
 *       log-softmax over all C channels; {@code |L| = 0} gives the denominator 1e-15);
 *   <li>{@code KD = T² Σ_{p∉L} (1 + λ H₂(q_p)) (-Σ_{c<n_old} q_{p,c} log_softmax(z_p / T)[c]) /
 *       |{p ∉ L}|}, with {@code H₂} the teacher's entropy in bits, computed from the teacher's
 *       log-softmax so that a vanishing probability cannot produce NaN; the denominator is guarded
 *       against 0 like the CE's;
 *   <li>{@code total = CE + KD}.
 * </ul>
 *
 * <p>No gradient flows into the teacher logits. As a DJL {@link Loss} the labels are {@code
 * [labels, teacherLogits]} and the predictions {@code [studentLogits]}.
 */
public final class KlingnerDistillationLoss extends Loss {

    private static final double LN2 = Math.log(2);

    private final double temperature;
    private final double entropyWeight;

    private KlingnerDistillationLoss(Builder builder) {
        super(builder.name);
        this.temperature = builder.temperature;
        this.entropyWeight = builder.entropyWeight;
    }

    /**
     * Returns a builder with the reference defaults T = 1, λ = 1.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the distillation temperature T */
    public double temperature() {
        return temperature;
    }

    /** @return the weight λ of the teacher entropy in the distillation weights */
    public double entropyWeight() {
        return entropyWeight;
    }

    /**
     * Computes the total loss.
     *
     * @param labels {@code [labels (B, H, W), teacherLogits (B, n_old, H, W)]}
     * @param predictions {@code [studentLogits (B, C, H, W)]}
     * @return the scalar {@code CE + KD}
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (labels.size() != 2 || predictions.size() != 1) {
            throw new IllegalArgumentException(
                    "KlingnerDistillationLoss expects labels = [labels, teacherLogits] and"
                            + " predictions = [studentLogits], got " + labels.size()
                            + " label and " + predictions.size() + " prediction arrays");
        }
        Components parts = components(predictions.get(0), labels.get(1), labels.get(0));
        parts.crossEntropy().close();
        parts.distillation().close();
        return parts.total();
    }

    /**
     * Computes the cross-entropy, distillation and total loss. The three scalars are attached to
     * the student logits' manager and freed by closing the returned {@link Components}.
     *
     * @param studentLogits (B, C, H, W), differentiable
     * @param teacherLogits (B, n_old, H, W) with {@code n_old < C}; treated as constants
     * @param labels (B, H, W) with values in {@code [n_old, C)} or 255
     * @return the loss components
     * @throws IllegalArgumentException if the shapes disagree or a label is out of range
     */
    public Components components(NDArray studentLogits, NDArray teacherLogits, NDArray labels) {
        Shape z = studentLogits.getShape();
        Shape t = teacherLogits.getShape();
        if (z.dimension() != 4) {
            throw new IllegalArgumentException(
                    "student logits must have shape (B, C, H, W), got " + z);
        }
        if (t.dimension() != 4
                || t.get(0) != z.get(0)
                || t.get(2) != z.get(2)
                || t.get(3) != z.get(3)
                || t.get(1) < 1
                || t.get(1) >= z.get(1)) {
            throw new IllegalArgumentException(
                    "teacher logits must have shape (B, n_old, H, W) with 0 < n_old < C to match"
                            + " student logits " + z + ", got " + t);
        }
        if (!teacherLogits.getDataType().isFloating()
                || teacherLogits.getDataType() != studentLogits.getDataType()) {
            throw new IllegalArgumentException(
                    "teacher logits must have the student logits' floating point type "
                            + studentLogits.getDataType() + ", got " + teacherLogits.getDataType());
        }
        long oldClasses = t.get(1);
        long classes = z.get(1);
        Shape y = labels.getShape();
        if (y.dimension() != 3 || y.get(0) != z.get(0) || y.get(1) != z.get(2) || y.get(2) != z.get(3)) {
            throw new IllegalArgumentException(
                    "labels must have shape (B, H, W) = (" + z.get(0) + ", " + z.get(2) + ", "
                            + z.get(3) + ") to match student logits " + z + ", got " + y);
        }
        NDManager parent = studentLogits.getManager();
        try (NDManager scope = parent.newSubManager()) {
            scope.tempAttachAll(studentLogits, teacherLogits, labels);
            MaskedCrossEntropyLoss.checkLabelRange(labels, oldClasses, classes, "labels");
            // One student log-softmax serves both terms when T = 1 (the reference setting): the
            // full-size passes (forward and backward) dominate the cost of this loss.
            NDArray studentLogProb = studentLogits.logSoftmax(1);
            NDArray ce = crossEntropy(studentLogProb, labels);
            NDArray kd = distillation(studentLogits, studentLogProb, teacherLogits.stopGradient(),
                    labels, oldClasses);
            NDArray total = ce.add(kd);
            Components parts = new Components(ce, kd, total);
            ce.attach(parent);
            kd.attach(parent);
            total.attach(parent);
            return parts;
        }
    }

    /** The masked CE from the student's log-probabilities (B, C, H, W); labels checked. */
    private static NDArray crossEntropy(NDArray studentLogProb, NDArray labels) {
        NDArray labelled = labels.neq(MaskedCrossEntropyLoss.IGNORE_LABEL);
        NDArray labelledMask = labelled.toType(studentLogProb.getDataType(), false);
        // Unlabelled pixels pick channel 0; their term is multiplied by 0 below.
        NDArray index = labels.toType(DataType.INT64, false)
                .mul(labelled.toType(DataType.INT64, false))
                .expandDims(1);
        NDArray picked = studentLogProb.gather(index, 1).squeeze(1);
        NDArray count = MaskedCrossEntropyLoss.nonZeroCount(labelledMask.sum());
        return picked.mul(labelledMask).sum().neg().div(count);
    }

    /**
     * The KD term; temporaries go to the current scope (the student's manager). The per-pixel
     * weights, the teacher probabilities, T² and the pixel count form one constant factor per
     * (pixel, old class), so the differentiable part is a single product with the student's
     * log-probabilities and a sum.
     */
    private NDArray distillation(NDArray student, NDArray studentLogProb, NDArray teacher,
            NDArray labels, long oldClasses) {
        boolean unitTemperature = temperature == 1.0;
        NDArray teacherLogProb = (unitTemperature ? teacher : teacher.div(temperature)).logSoftmax(1);
        NDArray teacherProb = teacherLogProb.exp();
        // H2(q) = -Σ q ln q / ln 2; q ln q is finite (0 · finite) even where q underflows to 0.
        NDArray entropyBits = teacherProb.mul(teacherLogProb).sum(new int[] {1}).neg().divi(LN2);
        NDArray unlabelled = labels.eq(MaskedCrossEntropyLoss.IGNORE_LABEL)
                .toType(student.getDataType(), false);
        NDArray count = MaskedCrossEntropyLoss.nonZeroCount(unlabelled.sum());
        // (1 + λ H2) · [unlabelled] · T² / count per pixel (B, H, W), then times q (B, n_old, H, W)
        NDArray weights = entropyBits.muli(entropyWeight).addi(1).muli(unlabelled)
                .muli(temperature * temperature).divi(count);
        NDArray factor = teacherProb.muli(weights.expandDims(1));
        NDArray studentLogProbOld =
                (unitTemperature ? studentLogProb : student.div(temperature).logSoftmax(1))
                        .get(new NDIndex(":, :{}", oldClasses));
        return studentLogProbOld.mul(factor).sum().neg();
    }

    /**
     * The three scalar parts of the loss; closing frees them.
     *
     * @param crossEntropy CE on the labelled pixels
     * @param distillation the entropy-weighted KD term on the unlabelled pixels
     * @param total {@code crossEntropy + distillation}, the value to back-propagate
     */
    public record Components(NDArray crossEntropy, NDArray distillation, NDArray total)
            implements AutoCloseable {

        @Override
        public void close() {
            crossEntropy.close();
            distillation.close();
            total.close();
        }
    }

    /** Builds a {@link KlingnerDistillationLoss}; each option may be given once. */
    public static final class Builder {

        private String name = "klingner_distillation";
        private double temperature = 1;
        private double entropyWeight = 1;
        private boolean nameSet;
        private boolean temperatureSet;
        private boolean entropyWeightSet;

        private Builder() {}

        /**
         * Sets the display name (default {@code "klingner_distillation"}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder optName(String name) {
            nameSet = once(nameSet, "name");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Sets the distillation temperature T (default 1).
         *
         * @param temperature T &gt; 0
         * @return this builder
         */
        public Builder optTemperature(double temperature) {
            temperatureSet = once(temperatureSet, "temperature");
            if (!(temperature > 0) || Double.isInfinite(temperature)) {
                throw new IllegalArgumentException(
                        "temperature must be finite and > 0, got " + temperature);
            }
            this.temperature = temperature;
            return this;
        }

        /**
         * Sets λ, the weight of the teacher entropy (in bits) in the per-pixel distillation
         * weight {@code 1 + λ H₂} (default 1; 0 gives plain distillation).
         *
         * @param entropyWeight λ &ge; 0
         * @return this builder
         */
        public Builder optEntropyWeight(double entropyWeight) {
            entropyWeightSet = once(entropyWeightSet, "entropy weight");
            if (!(entropyWeight >= 0) || Double.isInfinite(entropyWeight)) {
                throw new IllegalArgumentException(
                        "entropy weight must be finite and >= 0, got " + entropyWeight);
            }
            this.entropyWeight = entropyWeight;
            return this;
        }

        private static boolean once(boolean alreadySet, String option) {
            if (alreadySet) {
                throw new IllegalStateException(option + " was already set");
            }
            return true;
        }

        /**
         * Builds the loss.
         *
         * @return the loss
         */
        public KlingnerDistillationLoss build() {
            return new KlingnerDistillationLoss(this);
        }
    }
}
