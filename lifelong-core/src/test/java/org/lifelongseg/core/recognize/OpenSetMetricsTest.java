package org.lifelongseg.core.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class OpenSetMetricsTest {

    /** Hand-computed: 3 known x 2 unknown = 6 pairs. */
    @Test
    void aurocOfSmallCasesByHand() {
        // known {0.9, 0.8, 0.3}, unknown {0.5, 0.1}: pairs won 2 + 2 + 1 = 5 of 6
        assertEquals(5 / 6.0, OpenSetMetrics.auroc(new double[] {0.9, 0.8, 0.3}, new double[] {0.5, 0.1}), 0);
        // perfect and inverted separation
        assertEquals(1.0, OpenSetMetrics.auroc(new double[] {2, 3}, new double[] {0, 1}), 0);
        assertEquals(0.0, OpenSetMetrics.auroc(new double[] {0, 1}, new double[] {2, 3}), 0);
        // all tied: every pair counts one half
        assertEquals(0.5, OpenSetMetrics.auroc(new double[] {1, 1, 1}, new double[] {1, 1}), 0);
        // ties across groups: known {1, 2, 2}, unknown {2, 0}:
        // 1: beats 0 (1), vs 2 loses -> 1; each 2: beats 0 (1) + tie with 2 (0.5) -> 1.5 each; 4 of 6
        assertEquals(4 / 6.0, OpenSetMetrics.auroc(new double[] {1, 2, 2}, new double[] {2, 0}), 1e-15);
        // infinities are ordinary extreme scores
        assertEquals(1.0, OpenSetMetrics.auroc(new double[] {Double.POSITIVE_INFINITY}, new double[] {5}), 0);
    }

    @Test
    void thresholdAndFprAtTprByHand() {
        double[] known = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1, -2, -3, -4, -5, -6, -7, -8, -9}; // 20
        // 95% of 20 = 19 accepted: the 19th largest is -8
        assertEquals(-8, OpenSetMetrics.thresholdForTpr(known, 0.95), 0);
        assertEquals(10, OpenSetMetrics.thresholdForTpr(known, 0.05), 0); // 1 of 20
        assertEquals(-9, OpenSetMetrics.thresholdForTpr(known, 1.0), 0);
        assertEquals(-8, OpenSetMetrics.thresholdForTpr(known, 0.9000001), 0); // needs 19
        assertEquals(-7, OpenSetMetrics.thresholdForTpr(known, 0.9), 0);       // 18 exactly
        double[] unknown = {-8, -8.5, 20, -100};
        // accepted at >= -8: -8 (tie counts as accepted) and 20
        assertEquals(0.5, OpenSetMetrics.fprAtTpr(known, unknown, 0.95), 0);
        // ties at the threshold: known {1,1,1,0}, 50% TPR -> t = 1 accepts 3 of 4
        assertEquals(1, OpenSetMetrics.thresholdForTpr(new double[] {1, 1, 1, 0}, 0.5), 0);
        assertEquals(0.75, OpenSetMetrics.acceptedFraction(new double[] {1, 1, 1, 0}, 1), 0);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> OpenSetMetrics.auroc(new double[0], new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> OpenSetMetrics.auroc(new double[] {1}, new double[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenSetMetrics.auroc(new double[] {1, Double.NaN}, new double[] {1}));
        assertTrue(e.getMessage().contains("known score 1 is NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OpenSetMetrics.thresholdForTpr(new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> OpenSetMetrics.thresholdForTpr(new double[] {1}, 1.01));
    }

    /** The brute-force definition: mean over all pairs of [k > u] + 0.5 [k == u]. */
    @Property(tries = 300)
    void aurocEqualsPairwiseDefinition(
            @ForAll @Size(min = 1, max = 30) double[] known, @ForAll @Size(min = 1, max = 30) double[] unknown) {
        known = rounded(known);
        unknown = rounded(unknown);
        double won = 0;
        for (double k : known) {
            for (double u : unknown) {
                won += k > u ? 1 : (k == u ? 0.5 : 0);
            }
        }
        assertEquals(won / (known.length * (double) unknown.length), OpenSetMetrics.auroc(known, unknown), 1e-12);
    }

    @Property(tries = 300)
    void aurocIsInUnitIntervalAndSwapsToItsComplement(
            @ForAll @Size(min = 1, max = 40) double[] known, @ForAll @Size(min = 1, max = 40) double[] unknown) {
        known = rounded(known);
        unknown = rounded(unknown);
        double a = OpenSetMetrics.auroc(known, unknown);
        assertTrue(a >= 0 && a <= 1, "AUROC " + a);
        assertEquals(1 - a, OpenSetMetrics.auroc(unknown, known), 1e-12);
    }

    @Property(tries = 300)
    void aurocIsInvariantToStrictlyMonotoneTransforms(
            @ForAll @Size(min = 1, max = 40) double[] known, @ForAll @Size(min = 1, max = 40) double[] unknown,
            @ForAll @DoubleRange(min = 0.1, max = 10) double scale, @ForAll @DoubleRange(min = -5, max = 5) double shift) {
        known = rounded(known);
        unknown = rounded(unknown);
        double a = OpenSetMetrics.auroc(known, unknown);
        // x -> scale * atan(x) + shift is strictly increasing; ties stay ties, order stays order
        double b = OpenSetMetrics.auroc(map(known, scale, shift), map(unknown, scale, shift));
        assertEquals(a, b, 1e-12);
    }

    @Property(tries = 200)
    void thresholdMeetsTheTargetWithTheFewestAcceptances(
            @ForAll @Size(min = 1, max = 50) double[] known, @ForAll @DoubleRange(min = 0.01, max = 1) double tpr) {
        known = rounded(known);
        double t = OpenSetMetrics.thresholdForTpr(known, tpr);
        assertTrue(OpenSetMetrics.acceptedFraction(known, t) >= tpr);
        // any larger threshold among the scores falls below the target
        double next = Arrays.stream(known).filter(v -> v > t).min().orElse(Double.NaN);
        if (!Double.isNaN(next)) {
            assertTrue(OpenSetMetrics.acceptedFraction(known, next) < tpr);
        }
    }

    /** Scores on a coarse grid so that ties occur often. */
    private static double[] rounded(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double x = Double.isFinite(v[i]) ? v[i] : 0;
            out[i] = Math.round(Math.max(-1e6, Math.min(1e6, x)) * 2 % 20) / 2.0;
        }
        return out;
    }

    private static double[] map(double[] v, double scale, double shift) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = scale * Math.atan(v[i] / 4) + shift;
        }
        return out;
    }
}
