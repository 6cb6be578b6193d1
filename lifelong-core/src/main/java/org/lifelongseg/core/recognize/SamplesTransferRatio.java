package org.lifelongseg.core.recognize;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Ianvs' {@code samples_transfer_ratio}: the share of inferred samples sent to the unknown-task
 * branch, {@code round(Σ unseen / (Σ inferred + 1), 4)} over the inference rounds.
 *
 * <pre>{@code
 * double r = SamplesTransferRatio.of(3, 10);                        // round(3 / 11, 4) = 0.2727
 * double all = SamplesTransferRatio.of(new int[] {3, 1}, new int[] {10, 10}); // 4 / 21
 * }</pre>
 *
 * <p>The rounding is Python's {@code round(x, 4)}: the exact binary value of the quotient rounded
 * half-to-even to 4 decimals.
 */
public final class SamplesTransferRatio {

    private SamplesTransferRatio() {}

    /** The ratio of one round. */
    public static double of(int unseen, int inferred) {
        return of(new int[] {unseen}, new int[] {inferred});
    }

    /** The ratio over several rounds (per-round counts). */
    public static double of(int[] unseenPerRound, int[] inferredPerRound) {
        if (unseenPerRound.length != inferredPerRound.length) {
            throw new IllegalArgumentException(
                    unseenPerRound.length + " unseen counts but " + inferredPerRound.length + " inferred counts");
        }
        long unseen = 0;
        long inferred = 0;
        for (int r = 0; r < unseenPerRound.length; r++) {
            if (unseenPerRound[r] < 0 || inferredPerRound[r] < 0 || unseenPerRound[r] > inferredPerRound[r]) {
                throw new IllegalArgumentException("round " + r + ": " + unseenPerRound[r]
                        + " unseen of " + inferredPerRound[r] + " inferred samples");
            }
            unseen += unseenPerRound[r];
            inferred += inferredPerRound[r];
        }
        return pythonRound4(unseen / (double) (inferred + 1));
    }

    /** Python's {@code round(x, 4)} of a finite double. */
    static double pythonRound4(double x) {
        return new BigDecimal(x).setScale(4, RoundingMode.HALF_EVEN).doubleValue();
    }
}
