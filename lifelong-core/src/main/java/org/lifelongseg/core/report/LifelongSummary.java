package org.lifelongseg.core.report;

import java.util.ArrayList;
import java.util.List;
import org.lifelongseg.core.metrics.AccuracyMatrix;
import org.lifelongseg.core.metrics.LifelongMetrics;

/**
 * The lifelong metrics derived from an accuracy matrix R (see {@link LifelongMetrics} for every
 * formula). NaN where a metric is undefined or needs an entry that was not evaluated.
 *
 * <pre>{@code
 * LifelongSummary s = LifelongSummary.of(r);
 * double bwt = s.backwardTransfer();
 * }</pre>
 *
 * @param averageSeenTaskScore after each step i = 1..T, the nanmean of R[i][1..i]
 * @param forgetting per task j = 1..T, max<sub>i=j..T−1</sub> R[i][j] − R[T][j] (NaN for j = T)
 * @param averageForgetting nanmean of the forgetting over tasks 1..T−1
 * @param backwardTransfer GEM BWT
 * @param forwardTransfer GEM FWT
 * @param ianvsLlnBackwardTransfer Ianvs feature-lifelong-n BWT
 * @param ianvsForwardTransfer Ianvs FWT (both branches)
 * @param ianvsMainBackwardTransfer Ianvs main-branch BWT
 */
public record LifelongSummary(
        List<Double> averageSeenTaskScore,
        List<Double> forgetting,
        double averageForgetting,
        double backwardTransfer,
        double forwardTransfer,
        double ianvsLlnBackwardTransfer,
        double ianvsForwardTransfer,
        double ianvsMainBackwardTransfer) {

    /** Copies the lists. */
    public LifelongSummary {
        averageSeenTaskScore = List.copyOf(averageSeenTaskScore);
        forgetting = List.copyOf(forgetting);
    }

    /** Computes every metric of {@code r}. */
    public static LifelongSummary of(AccuracyMatrix r) {
        return new LifelongSummary(
                boxed(LifelongMetrics.averageSeenTaskScore(r)),
                boxed(LifelongMetrics.forgetting(r)),
                LifelongMetrics.averageForgetting(r),
                LifelongMetrics.backwardTransfer(r),
                LifelongMetrics.forwardTransfer(r),
                LifelongMetrics.ianvsLlnBackwardTransfer(r),
                LifelongMetrics.ianvsForwardTransfer(r),
                LifelongMetrics.ianvsMainBackwardTransfer(r));
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
