package org.lifelongseg.core.recognize;

import java.util.Arrays;

/**
 * Known-vs-unknown separation metrics of a score where higher means "more like a known task".
 *
 * <pre>{@code
 * double auroc = OpenSetMetrics.auroc(knownScores, unknownScores);        // 1 = perfect, 0.5 = chance
 * double fpr = OpenSetMetrics.fprAtTpr(knownScores, unknownScores, 0.95); // unknowns accepted
 * double t = OpenSetMetrics.thresholdForTpr(knownScores, 0.95);           // accept score >= t
 * }</pre>
 *
 * <p>Exact and tie-aware: AUROC is the Mann-Whitney probability that a random known sample
 * scores higher than a random unknown one, a tie counting one half (the area under the ROC curve
 * with ties joined by straight segments). The operating point for a target true-positive rate is
 * the largest threshold {@code t} at which at least that fraction of known samples has score
 * {@code >= t}; all samples tied at {@code t} are accepted. NaN scores are rejected.
 */
public final class OpenSetMetrics {

    private OpenSetMetrics() {}

    /**
     * The area under the ROC curve of known (positive) versus unknown (negative) samples.
     *
     * @throws IllegalArgumentException if either side is empty or holds NaN
     */
    public static double auroc(double[] known, double[] unknown) {
        check(known, "known");
        check(unknown, "unknown");
        double[] k = known.clone();
        double[] u = unknown.clone();
        Arrays.sort(k);
        Arrays.sort(u);
        // twice the number of (known, unknown) pairs ordered correctly, ties counting one
        long twice = 0;
        int below = 0; // unknowns strictly below k[i]
        int i = 0;
        while (i < k.length) {
            double v = k[i];
            int j = i;
            while (j < k.length && k[j] == v) {
                j++;
            }
            while (below < u.length && u[below] < v) {
                below++;
            }
            int equal = below;
            while (equal < u.length && u[equal] == v) {
                equal++;
            }
            long group = j - i;
            twice += group * (2L * below + (equal - below));
            i = j;
        }
        return twice / (2.0 * k.length * (double) u.length);
    }

    /**
     * The largest threshold at which at least {@code tpr} of the known samples score {@code >=} it.
     *
     * @param tpr target true-positive rate in (0, 1]
     */
    public static double thresholdForTpr(double[] known, double tpr) {
        check(known, "known");
        if (!(tpr > 0 && tpr <= 1)) {
            throw new IllegalArgumentException("target TPR must be in (0, 1], got " + tpr);
        }
        double[] k = known.clone();
        Arrays.sort(k);
        int n = k.length;
        int needed = requiredCount(n, tpr);
        return k[n - needed];
    }

    /** The fraction of unknown samples accepted at {@link #thresholdForTpr the TPR threshold}. */
    public static double fprAtTpr(double[] known, double[] unknown, double tpr) {
        check(unknown, "unknown");
        double t = thresholdForTpr(known, tpr);
        return acceptedFraction(unknown, t);
    }

    /** The fraction of scores {@code >= threshold}. */
    public static double acceptedFraction(double[] scores, double threshold) {
        check(scores, "scores");
        int accepted = 0;
        for (double s : scores) {
            if (s >= threshold) {
                accepted++;
            }
        }
        return accepted / (double) scores.length;
    }

    /** The smallest count {@code c} with {@code c / n >= tpr}. */
    static int requiredCount(int n, double tpr) {
        int c = (int) Math.ceil(tpr * n);
        c = Math.max(1, Math.min(n, c));
        while (c > 1 && (c - 1) / (double) n >= tpr) {
            c--;
        }
        while (c < n && c / (double) n < tpr) {
            c++;
        }
        return c;
    }

    private static void check(double[] scores, String what) {
        if (scores == null || scores.length == 0) {
            throw new IllegalArgumentException("no " + what + " scores");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException(what + " score " + i + " is NaN");
            }
        }
    }
}
