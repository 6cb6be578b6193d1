package org.lifelongseg.core.metrics;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Lifelong-learning metrics derived from an {@link AccuracyMatrix} R (rows i = 0..T, row 0 =
 * before training; tasks j = 1..T).
 *
 * <pre>{@code
 * double bwt = LifelongMetrics.backwardTransfer(r);            // GEM
 * double fwt = LifelongMetrics.forwardTransfer(r);             // GEM
 * double[] avg = LifelongMetrics.averageSeenTaskScore(r);      // after each step
 * double lln = LifelongMetrics.ianvsLlnBackwardTransfer(r);    // Ianvs feature-lifelong-n
 * }</pre>
 *
 * <p>The GEM and Ianvs-LLN formulas return NaN when an entry they need is NaN. Ianvs writes
 * its matrix as a with R = T rounds, a[i][k] = R[i][k+1]; its formulas are restated below in the
 * R notation.
 */
public final class LifelongMetrics {

    private LifelongMetrics() {}

    /**
     * The average score over the tasks seen so far after each step: element i−1 is
     * nanmean<sub>j=1..i</sub> R[i][j], for i = 1..T.
     */
    public static double[] averageSeenTaskScore(AccuracyMatrix r) {
        int t = r.numTasks();
        double[] out = new double[t];
        for (int i = 1; i <= t; i++) {
            double[] seen = new double[i];
            for (int j = 1; j <= i; j++) {
                seen[j - 1] = r.get(i, j);
            }
            out[i - 1] = SegmentationMetrics.nanMean(seen);
        }
        return out;
    }

    /**
     * Forgetting of each task: element j−1 is f<sub>j</sub> = max<sub>i=j..T−1</sub> R[i][j] −
     * R[T][j] (the best score after the task was learnt and before the final step, minus the
     * final score; NaN entries are skipped in the max) for j &lt; T; NaN for j = T and when the
     * final score or every earlier score is NaN.
     */
    public static double[] forgetting(AccuracyMatrix r) {
        int t = r.numTasks();
        double[] out = new double[t];
        for (int j = 1; j <= t; j++) {
            double best = Double.NaN;
            for (int i = j; i <= t - 1; i++) {
                double v = r.get(i, j);
                if (!Double.isNaN(v) && (Double.isNaN(best) || v > best)) {
                    best = v;
                }
            }
            out[j - 1] = best - r.get(t, j); // NaN propagates
        }
        return out;
    }

    /** The nanmean of {@link #forgetting} over tasks 1..T−1 (NaN when T = 1). */
    public static double averageForgetting(AccuracyMatrix r) {
        double[] f = forgetting(r);
        double[] first = new double[f.length - 1];
        System.arraycopy(f, 0, first, 0, first.length);
        return SegmentationMetrics.nanMean(first);
    }

    /**
     * Backward transfer, GEM form: BWT = 1/(T−1) · Σ<sub>j=1..T−1</sub> (R[T][j] − R[j][j]).
     * NaN when T = 1.
     */
    public static double backwardTransfer(AccuracyMatrix r) {
        int t = r.numTasks();
        if (t < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (int j = 1; j <= t - 1; j++) {
            sum += r.get(t, j) - r.get(j, j);
        }
        return sum / (t - 1);
    }

    /**
     * Forward transfer, GEM form: FWT = 1/(T−1) · Σ<sub>j=2..T</sub> (R[j−1][j] − R[0][j]), the
     * score on a task just before learning it minus the untrained model's. NaN when T = 1.
     */
    public static double forwardTransfer(AccuracyMatrix r) {
        int t = r.numTasks();
        if (t < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (int j = 2; j <= t; j++) {
            sum += r.get(j - 1, j) - r.get(0, j);
        }
        return sum / (t - 1);
    }

    /**
     * Backward transfer as Ianvs' feature-lifelong-n branch computes it: BWT = (1/R) ·
     * Σ<sub>i=0..R−1</sub> (a[R][i] − a[i+1][i]), i.e. (1/T) · Σ<sub>j=1..T</sub> (R[T][j] −
     * R[j][j]) (the last task adds 0 but counts in the divisor).
     */
    public static double ianvsLlnBackwardTransfer(AccuracyMatrix r) {
        int t = r.numTasks();
        double sum = 0;
        for (int j = 1; j <= t; j++) {
            sum += r.get(t, j) - r.get(j, j);
        }
        return sum / t;
    }

    /**
     * Forward transfer as Ianvs computes it (feature-lifelong-n and main branch alike): FWT =
     * (1/R) · Σ<sub>i=0..R−1</sub> (a[i][i] − a[0][i]), i.e. (1/T) · Σ<sub>j=1..T</sub>
     * (R[j−1][j] − R[0][j]) (the first task adds 0 but counts in the divisor).
     */
    public static double ianvsForwardTransfer(AccuracyMatrix r) {
        int t = r.numTasks();
        double sum = 0;
        for (int j = 1; j <= t; j++) {
            sum += r.get(j - 1, j) - r.get(0, j);
        }
        return sum / t;
    }

    /**
     * Backward transfer as Ianvs' main branch computes it: BWT = (1/R²) · Σ<sub>i=0..R−1</sub>
     * Σ<sub>k=0..R−1</sub> (a[i+1][k] − a[i][k]), i.e. (1/T²) · Σ<sub>i=0..T−1</sub>
     * Σ<sub>j=1..T</sub> (R[i+1][j] − R[i][j]); a term with a NaN entry is skipped, as upstream
     * skips entries without a score. Without NaN it telescopes to (1/T²) · Σ<sub>j</sub>
     * (R[T][j] − R[0][j]).
     */
    public static double ianvsMainBackwardTransfer(AccuracyMatrix r) {
        int t = r.numTasks();
        double sum = 0;
        for (int i = 0; i <= t - 1; i++) {
            for (int j = 1; j <= t; j++) {
                double d = r.get(i + 1, j) - r.get(i, j);
                if (!Double.isNaN(d)) {
                    sum += d;
                }
            }
        }
        return sum / ((double) t * t);
    }

    /**
     * Old-, new- and all-class mIoU of one step from its per-class IoU (nanmeans).
     *
     * @param metrics per-class scores of the model after the step
     * @param oldClasses the classes learnt in earlier steps
     * @param newClasses the classes learnt in this step
     */
    public static OldNewScores oldNewAll(
            SegmentationMetrics metrics, Collection<String> oldClasses, Collection<String> newClasses) {
        Set<String> all = new LinkedHashSet<>(oldClasses);
        for (String c : newClasses) {
            Preconditions.checkArgument(all.add(c), "class '%s' is both old and new", c);
        }
        List<String> allList = new ArrayList<>(all);
        return new OldNewScores(
                metrics.meanIoU(oldClasses), metrics.meanIoU(newClasses), metrics.meanIoU(allList));
    }

    /**
     * mIoU over the old classes, the new classes and both (NaN where a group has no scored class).
     *
     * @param oldClasses mIoU over the classes of earlier steps
     * @param newClasses mIoU over the classes of this step
     * @param allClasses mIoU over both groups
     */
    public record OldNewScores(double oldClasses, double newClasses, double allClasses) {}
}
