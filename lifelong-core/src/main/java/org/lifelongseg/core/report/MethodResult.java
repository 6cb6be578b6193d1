package org.lifelongseg.core.report;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.lifelongseg.core.metrics.AccuracyMatrix;
import org.lifelongseg.core.metrics.LifelongMetrics.OldNewScores;
import org.lifelongseg.core.metrics.SegmentationMetrics;

/**
 * The results of one method ("model" in the task table: finetune, distill, joint, …) of a run.
 * Immutable. Scores are fractions; NaN means "not evaluated".
 *
 * <pre>{@code
 * MethodResult distill = MethodResult.builder("distill")
 *         .setTaskScores(Map.of("task1", 0.845, "task2", 0.578, "task12", 0.640,
 *                               "task3", 0.684, "task123", 0.622))
 *         .optClassIoU(classIoU)                   // class name -> IoU of the final model
 *         .optAccuracyMatrix(r)                    // R, rows = after step i (row 0 untrained)
 *         .addStepScores(2, new OldNewScores(0.80, 0.55, 0.69))
 *         .addCurve(1, epochs)                     // training curve of step 1
 *         .addConfusion("task123", metrics)        // optional confusion matrices
 *         .addSample(sample)                       // optional example predictions
 *         .optExtraMetrics(Map.of("AUROC", 0.91))
 *         .build();
 * }</pre>
 */
public final class MethodResult {

    private final String name;
    private final ImmutableMap<String, Double> taskScores;
    private final ImmutableMap<String, Double> classIoU;
    private final AccuracyMatrix accuracyMatrix;
    private final ImmutableSortedMap<Integer, OldNewScores> stepScores;
    private final ImmutableSortedMap<Integer, ImmutableList<EpochStats>> curves;
    private final ImmutableMap<String, SegmentationMetrics> confusions;
    private final ImmutableList<SamplePrediction> samples;
    private final ImmutableMap<String, Double> extraMetrics;

    private MethodResult(Builder b) {
        this.name = b.name;
        this.taskScores = ImmutableMap.copyOf(b.taskScores);
        this.classIoU = b.classIoU == null ? ImmutableMap.of() : ImmutableMap.copyOf(b.classIoU);
        this.accuracyMatrix = b.accuracyMatrix;
        this.stepScores = ImmutableSortedMap.copyOf(b.stepScores);
        ImmutableSortedMap.Builder<Integer, ImmutableList<EpochStats>> c = ImmutableSortedMap.naturalOrder();
        b.curves.forEach((k, v) -> c.put(k, ImmutableList.copyOf(v)));
        this.curves = c.build();
        this.confusions = ImmutableMap.copyOf(b.confusions);
        this.samples = ImmutableList.copyOf(b.samples);
        this.extraMetrics = b.extraMetrics == null ? ImmutableMap.of() : ImmutableMap.copyOf(b.extraMetrics);
    }

    /** A builder for the method called {@code name} (e.g. "distill"). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The method's name, the "model" column of the task table. */
    public String name() {
        return name;
    }

    /** Task-column key ({@link TaskKeys}) to final mIoU (fraction), in insertion order. */
    public Map<String, Double> taskScores() {
        return taskScores;
    }

    /** The final mIoU of a task column, NaN if it was not given. */
    public double taskScore(String key) {
        Double v = taskScores.get(key);
        return v == null ? Double.NaN : v;
    }

    /** Class name to IoU (fraction) of the final model, in insertion order; empty if not given. */
    public Map<String, Double> classIoU() {
        return classIoU;
    }

    /** The accuracy matrix R, if given. */
    public Optional<AccuracyMatrix> accuracyMatrix() {
        return Optional.ofNullable(accuracyMatrix);
    }

    /** The lifelong metrics derived from {@link #accuracyMatrix()}, if given. */
    public Optional<LifelongSummary> lifelong() {
        return accuracyMatrix().map(LifelongSummary::of);
    }

    /** Step (1-based) to old/new/all-class mIoU of the model after that step. */
    public Map<Integer, OldNewScores> stepScores() {
        return stepScores;
    }

    /** Step (1-based) to its training curve, epochs in order. */
    public Map<Integer, List<EpochStats>> curves() {
        return ImmutableSortedMap.copyOf(curves);
    }

    /** Evaluation name (usually a task key) to the metrics holding its confusion matrix. */
    public Map<String, SegmentationMetrics> confusions() {
        return confusions;
    }

    /** Example predictions of the final model. */
    public List<SamplePrediction> samples() {
        return samples;
    }

    /** Further metrics (e.g. AUROC, FPR@95TPR, samples_transfer_ratio), in insertion order. */
    public Map<String, Double> extraMetrics() {
        return extraMetrics;
    }

    @Override
    public String toString() {
        return "MethodResult[" + name + ", " + taskScores + "]";
    }

    /** Builder of {@link MethodResult}; each {@code set}/{@code opt} option may be given once. */
    public static final class Builder {
        private final String name;
        private Map<String, Double> taskScores;
        private Map<String, Double> classIoU;
        private AccuracyMatrix accuracyMatrix;
        private final TreeMap<Integer, OldNewScores> stepScores = new TreeMap<>();
        private final TreeMap<Integer, List<EpochStats>> curves = new TreeMap<>();
        private final LinkedHashMap<String, SegmentationMetrics> confusions = new LinkedHashMap<>();
        private final List<SamplePrediction> samples = new ArrayList<>();
        private Map<String, Double> extraMetrics;

        private Builder(String name) {
            Objects.requireNonNull(name, "method name");
            Preconditions.checkArgument(!name.isBlank(), "method name must not be blank");
            this.name = name;
        }

        /**
         * Sets the final mIoU per task column (required): keys as {@link TaskKeys#keys}, values
         * fractions in [0, 1] or NaN. The keys are checked against the run's task count when the
         * run is built.
         */
        public Builder setTaskScores(Map<String, Double> scores) {
            Preconditions.checkState(taskScores == null, "method '%s': task scores given twice", name);
            taskScores = fractions(scores, "task score");
            return this;
        }

        /** Sets the per-class IoU (fractions in [0, 1] or NaN) of the final model. */
        public Builder optClassIoU(Map<String, Double> iou) {
            Preconditions.checkState(classIoU == null, "method '%s': class IoU given twice", name);
            classIoU = fractions(iou, "class IoU");
            return this;
        }

        /** Sets the per-class IoU from the metrics of a confusion matrix. */
        public Builder optClassIoU(SegmentationMetrics metrics) {
            Map<String, Double> m = new LinkedHashMap<>();
            double[] iou = metrics.classIoU();
            for (int i = 0; i < iou.length; i++) {
                m.put(metrics.classNames().get(i), iou[i]);
            }
            return optClassIoU(m);
        }

        /** Sets the accuracy matrix R (row 0 = before training, row i = after step i). */
        public Builder optAccuracyMatrix(AccuracyMatrix r) {
            Preconditions.checkState(accuracyMatrix == null, "method '%s': accuracy matrix given twice", name);
            accuracyMatrix = Objects.requireNonNull(r, "accuracy matrix");
            return this;
        }

        /** Adds the old/new/all-class mIoU after {@code step} (1-based). */
        public Builder addStepScores(int step, OldNewScores scores) {
            Preconditions.checkArgument(step >= 1, "method '%s': step must be at least 1, got %s", name, step);
            Objects.requireNonNull(scores, "scores");
            Preconditions.checkArgument(
                    stepScores.put(step, scores) == null, "method '%s': scores of step %s given twice", name, step);
            return this;
        }

        /** Adds the training curve of {@code step} (1-based), epochs in increasing order. */
        public Builder addCurve(int step, List<EpochStats> epochs) {
            Preconditions.checkArgument(step >= 1, "method '%s': step must be at least 1, got %s", name, step);
            Preconditions.checkArgument(!epochs.isEmpty(), "method '%s': curve of step %s is empty", name, step);
            for (int i = 1; i < epochs.size(); i++) {
                Preconditions.checkArgument(
                        epochs.get(i).epoch() > epochs.get(i - 1).epoch(),
                        "method '%s': curve of step %s: epochs must increase, found %s after %s",
                        name, step, epochs.get(i).epoch(), epochs.get(i - 1).epoch());
            }
            Preconditions.checkArgument(
                    curves.put(step, List.copyOf(epochs)) == null,
                    "method '%s': curve of step %s given twice", name, step);
            return this;
        }

        /** Adds the confusion matrix (inside its metrics) of an evaluation, e.g. {@code "task123"}. */
        public Builder addConfusion(String evaluation, SegmentationMetrics metrics) {
            Objects.requireNonNull(evaluation, "evaluation");
            Objects.requireNonNull(metrics, "metrics");
            Preconditions.checkArgument(
                    confusions.put(evaluation, metrics) == null,
                    "method '%s': confusion matrix '%s' given twice", name, evaluation);
            return this;
        }

        /** Adds an example prediction. */
        public Builder addSample(SamplePrediction sample) {
            samples.add(Objects.requireNonNull(sample, "sample"));
            return this;
        }

        /** Sets further metrics (any finite or NaN values), e.g. unknown-task recognition stats. */
        public Builder optExtraMetrics(Map<String, Double> metrics) {
            Preconditions.checkState(extraMetrics == null, "method '%s': extra metrics given twice", name);
            Map<String, Double> m = new LinkedHashMap<>();
            metrics.forEach((k, v) -> {
                Preconditions.checkArgument(k != null && !k.isBlank(), "method '%s': blank metric name", name);
                Preconditions.checkArgument(v != null, "method '%s': metric '%s' is null", name, k);
                m.put(k, v);
            });
            extraMetrics = m;
            return this;
        }

        /** Builds the result. */
        public MethodResult build() {
            Preconditions.checkState(taskScores != null, "method '%s': task scores are required (setTaskScores)", name);
            return new MethodResult(this);
        }

        private Map<String, Double> fractions(Map<String, Double> in, String what) {
            Map<String, Double> out = new LinkedHashMap<>();
            in.forEach((k, v) -> {
                Preconditions.checkArgument(k != null && !k.isBlank(), "method '%s': blank %s key", name, what);
                Preconditions.checkArgument(v != null, "method '%s': %s '%s' is null", name, what, k);
                Preconditions.checkArgument(
                        Double.isNaN(v) || (v >= 0 && v <= 1),
                        "method '%s': %s '%s' must be a fraction in [0, 1] (or NaN), got %s", name, what, k, v);
                out.put(k, v);
            });
            return out;
        }
    }
}
