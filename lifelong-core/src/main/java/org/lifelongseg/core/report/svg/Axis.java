package org.lifelongseg.core.report.svg;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * "Nice" axis ticks (steps of 1, 2 or 5 × 10<sup>k</sup>) and tick labels.
 *
 * <pre>{@code
 * Axis.ticks(0, 0.93, 5);   // [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
 * }</pre>
 */
public final class Axis {

    private Axis() {}

    /** Tick values covering [min, max] with about {@code count} intervals (exact decimals). */
    public static List<Double> ticks(double min, double max, int count) {
        if (!(max > min)) {
            max = min + 1;
        }
        double raw = (max - min) / Math.max(1, count);
        int exp = (int) Math.floor(Math.log10(raw));
        double f = raw / Math.pow(10, exp);
        long nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        double step = nice * Math.pow(10, exp);
        long first = (long) Math.floor(min / step + 1e-9);
        long last = (long) Math.ceil(max / step - 1e-9);
        List<Double> out = new ArrayList<>();
        for (long k = first; k <= last; k++) {
            // k·nice·10^exp in decimal arithmetic, so that 3 × 0.2 is 0.6, not 0.6000000000000001
            out.add(BigDecimal.valueOf(k * nice).scaleByPowerOfTen(exp).doubleValue());
        }
        return out;
    }

    /** A tick label with as few decimals as the step needs. */
    public static String label(double v, List<Double> ticks) {
        double step = ticks.size() > 1 ? Math.abs(ticks.get(1) - ticks.get(0)) : 1;
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + Math.min(decimals, 6) + "f", v);
    }
}
