package org.lifelongseg.core.report.svg;

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

    /** Tick values covering [min, max] with about {@code count} intervals. */
    public static List<Double> ticks(double min, double max, int count) {
        if (!(max > min)) {
            max = min + 1;
        }
        double step = niceStep((max - min) / Math.max(1, count));
        double start = Math.floor(min / step + 1e-9) * step;
        double end = Math.ceil(max / step - 1e-9) * step;
        List<Double> out = new ArrayList<>();
        for (int i = 0; start + i * step <= end + step * 1e-9; i++) {
            double v = start + i * step;
            out.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
        }
        return out;
    }

    /** The nice step ≥ {@code raw}. */
    static double niceStep(double raw) {
        double exp = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / exp;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * exp;
    }

    /** A tick label with as few decimals as the step needs. */
    public static String label(double v, List<Double> ticks) {
        double step = ticks.size() > 1 ? Math.abs(ticks.get(1) - ticks.get(0)) : 1;
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + Math.min(decimals, 6) + "f", v);
    }
}
