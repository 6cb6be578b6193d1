package org.lifelongseg.core.report.svg;

import java.util.Locale;

/**
 * The report's colours: a colour-blind-safe set for methods (Okabe–Ito), muted colours for tasks
 * and a sequential scale for heatmaps.
 *
 * <pre>{@code
 * String c = Palette.method(0);              // "#0072B2"
 * String fill = Palette.sequential(0.62);    // light yellow (0) … dark blue (1)
 * }</pre>
 */
public final class Palette {

    private static final String[] METHODS = {
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C564B", "#444444"
    };
    // darker hues than the method colours, so that task labels are not read as methods
    private static final String[] TASKS = {"#6A3D9A", "#8C510A", "#01665E", "#B2182B", "#4D4D99", "#5F6B2E"};
    // YlGnBu-like stops
    private static final int[] SEQ = {0xFFFFD9, 0xEDF8B1, 0xC7E9B4, 0x7FCDBB, 0x41B6C4, 0x1D91C0, 0x225EA8, 0x0C2C84};

    private Palette() {}

    /** The colour of the {@code i}-th method (cycled). */
    public static String method(int i) {
        return METHODS[Math.floorMod(i, METHODS.length)];
    }

    /**
     * The colour of a method by name: the conventional ones get fixed colours (finetune = orange
     * red, distill = blue, joint = green), others the colour of their index.
     */
    public static String method(String name, int index) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "finetune", "fine-tuning", "finetuning" -> METHODS[1];
            case "distill", "distillation", "ours" -> METHODS[0];
            case "joint", "offline", "upper bound" -> METHODS[2];
            default -> method(index + 3);
        };
    }

    /** The colour of task {@code task} (1-based; 0 = unknown gives grey). */
    public static String task(int task) {
        return task <= 0 ? "#777777" : TASKS[(task - 1) % TASKS.length];
    }

    /** A colour of the sequential scale for {@code t} in [0, 1] (clamped; NaN gives light grey). */
    public static String sequential(double t) {
        return hex(sequentialRgb(t));
    }

    /** Black or white, whichever reads better on the sequential colour of {@code t}. */
    public static String textOn(double t) {
        int c = sequentialRgb(t);
        double lum = 0.2126 * ((c >> 16) & 255) + 0.7152 * ((c >> 8) & 255) + 0.0722 * (c & 255);
        return lum < 140 ? "#ffffff" : "#1a1a1a";
    }

    private static int sequentialRgb(double t) {
        if (Double.isNaN(t)) {
            return 0xEEEEEE;
        }
        double x = Math.max(0, Math.min(1, t)) * (SEQ.length - 1);
        int i = Math.min(SEQ.length - 2, (int) Math.floor(x));
        double f = x - i;
        int a = SEQ[i];
        int b = SEQ[i + 1];
        int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
        int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
        return (r << 16) | (g << 8) | bl;
    }

    /** {@code #rrggbb} of 0xRRGGBB. */
    public static String hex(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb & 0xFFFFFF);
    }
}
