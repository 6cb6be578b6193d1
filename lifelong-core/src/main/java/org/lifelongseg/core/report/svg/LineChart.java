package org.lifelongseg.core.report.svg;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;

/**
 * A line chart with axes, ticks, grid, a legend and optional labelled vertical markers (e.g. the
 * start of each training step). NaN points break a line.
 *
 * <pre>{@code
 * String svg = LineChart.builder()
 *         .optTitle("Training loss")
 *         .setXLabel("epoch").setYLabel("loss")
 *         .addSeries("total", "#0072B2", xs, ys)
 *         .addDashedSeries("KD", "#D55E00", xs, kd)
 *         .addMarker(11, "step 2")
 *         .build().render();
 * }</pre>
 */
public final class LineChart {

    private record Series(String name, String color, double[] x, double[] y, boolean dashed) {}

    private record Marker(double x, String label) {}

    private final Builder b;

    private LineChart(Builder b) {
        this.b = b;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The SVG markup. */
    public String render() {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : b.series) {
            for (int i = 0; i < s.x.length; i++) {
                if (Double.isFinite(s.x[i]) && Double.isFinite(s.y[i])) {
                    xMin = Math.min(xMin, s.x[i]);
                    xMax = Math.max(xMax, s.x[i]);
                    yMin = Math.min(yMin, s.y[i]);
                    yMax = Math.max(yMax, s.y[i]);
                }
            }
        }
        if (xMin > xMax) { // no finite point
            xMin = 0;
            xMax = 1;
            yMin = 0;
            yMax = 1;
        }
        if (!Double.isNaN(b.yMin)) {
            yMin = b.yMin;
        } else if (yMin > 0 && yMin < 0.5 * yMax) {
            yMin = 0; // start at zero when the data are not far from it
        }
        if (!Double.isNaN(b.yMax)) {
            yMax = b.yMax;
        }
        if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        List<Double> yTicks = Axis.ticks(yMin, yMax, 5);
        yMin = yTicks.get(0);
        yMax = yTicks.get(yTicks.size() - 1);
        List<Double> xTicks = Axis.ticks(xMin, xMax, 8);
        xTicks.removeIf(t -> t < b.xMinTick);
        double left = 60;
        double right = 16;
        double top = 30 + (b.title == null ? 0 : 22);
        double bottom = 46;
        double plotW = b.width - left - right;
        double plotH = b.height - top - bottom;
        final double fxMin = xMin;
        final double fxMax = Math.max(xMax, xTicks.get(xTicks.size() - 1));
        final double fyMin = yMin;
        final double fyMax = yMax;
        java.util.function.DoubleUnaryOperator px = x -> left + (x - fxMin) / (fxMax - fxMin) * plotW;
        java.util.function.DoubleUnaryOperator py = y -> top + plotH - (y - fyMin) / (fyMax - fyMin) * plotH;

        Svg svg = new Svg(b.width, b.height, b.title == null ? "line chart" : b.title);
        svg.rect(0, 0, b.width, b.height, "fill=\"#ffffff\"");
        double ty = 20;
        if (b.title != null) {
            svg.text(left, ty, b.title, "class=\"chart-title\" font-size=\"15\" font-weight=\"600\" fill=\"#222\"");
            ty += 22;
        }
        double lx = left;
        for (Series s : b.series) {
            svg.line(lx, ty - 4, lx + 18, ty - 4, Svg.attr("stroke", s.color) + " stroke-width=\"2.5\""
                    + (s.dashed ? " stroke-dasharray=\"5 3\"" : ""));
            svg.text(lx + 23, ty, s.name, "font-size=\"12\" fill=\"#333\"");
            lx += 36 + 7 * s.name.length();
        }
        for (double t : yTicks) {
            double y = py.applyAsDouble(t);
            svg.line(left, y, left + plotW, y, "stroke=\"#e6e6e6\" stroke-width=\"1\"");
            svg.text(left - 6, y + 4, Axis.label(t, yTicks), "font-size=\"11\" fill=\"#555\" text-anchor=\"end\"");
        }
        for (double t : xTicks) {
            double x = px.applyAsDouble(t);
            svg.line(x, top + plotH, x, top + plotH + 4, "stroke=\"#888\" stroke-width=\"1\"");
            svg.text(x, top + plotH + 17, Axis.label(t, xTicks), "font-size=\"11\" fill=\"#555\" text-anchor=\"middle\"");
        }
        for (Marker m : b.markers) {
            double x = px.applyAsDouble(m.x);
            if (x > left + 1) { // a marker at or before the start of the axis is only labelled
                svg.line(x, top, x, top + plotH, "stroke=\"#9a9a9a\" stroke-width=\"1\" stroke-dasharray=\"3 3\"");
            }
            if (x <= left + plotW) {
                svg.text(Math.max(x, left) + 4, top + 12, m.label, "font-size=\"11\" fill=\"#666\"");
            }
        }
        svg.line(left, top + plotH, left + plotW, top + plotH, "stroke=\"#888\" stroke-width=\"1\"");
        svg.line(left, top, left, top + plotH, "stroke=\"#888\" stroke-width=\"1\"");
        if (b.xLabel != null) {
            svg.text(left + plotW / 2, b.height - 8, b.xLabel, "font-size=\"12\" fill=\"#333\" text-anchor=\"middle\"");
        }
        if (b.yLabel != null) {
            double cy = top + plotH / 2;
            svg.text(16, cy, b.yLabel, "font-size=\"12\" fill=\"#333\" text-anchor=\"middle\" transform=\"rotate(-90 16 "
                    + Svg.num(cy) + ")\"");
        }
        for (Series s : b.series) {
            String style = Svg.attr("stroke", s.color) + " stroke-width=\"2\" stroke-linejoin=\"round\""
                    + (s.dashed ? " stroke-dasharray=\"5 3\"" : "");
            List<double[]> run = new ArrayList<>();
            for (int i = 0; i <= s.x.length; i++) {
                boolean ok = i < s.x.length && Double.isFinite(s.x[i]) && Double.isFinite(s.y[i]);
                if (ok) {
                    run.add(new double[] {px.applyAsDouble(s.x[i]), py.applyAsDouble(clamp(s.y[i], fyMin, fyMax))});
                } else {
                    if (run.size() == 1) {
                        svg.circle(run.get(0)[0], run.get(0)[1], 2.5, Svg.attr("fill", s.color));
                    } else if (run.size() > 1) {
                        svg.polyline(run, style);
                    }
                    run = new ArrayList<>();
                }
            }
        }
        return svg.toString();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Builder of {@link LineChart}. */
    public static final class Builder {
        private final List<Series> series = new ArrayList<>();
        private final List<Marker> markers = new ArrayList<>();
        private String title;
        private String xLabel;
        private String yLabel;
        private double yMin = Double.NaN;
        private double yMax = Double.NaN;
        private double xMinTick = Double.NEGATIVE_INFINITY;
        private double width = 540;
        private double height = 300;

        private Builder() {}

        /** Adds a solid line through (x[i], y[i]). */
        public Builder addSeries(String name, String color, double[] x, double[] y) {
            return add(name, color, x, y, false);
        }

        /** Adds a dashed line through (x[i], y[i]). */
        public Builder addDashedSeries(String name, String color, double[] x, double[] y) {
            return add(name, color, x, y, true);
        }

        private Builder add(String name, String color, double[] x, double[] y, boolean dashed) {
            Preconditions.checkArgument(x.length == y.length,
                    "series '%s' has %s x and %s y values", name, x.length, y.length);
            series.add(new Series(name, color, x.clone(), y.clone(), dashed));
            return this;
        }

        /** Adds a labelled dashed vertical line at {@code x}. */
        public Builder addMarker(double x, String label) {
            markers.add(new Marker(x, label));
            return this;
        }

        /** Sets the title. */
        public Builder optTitle(String title) {
            this.title = title;
            return this;
        }

        /** Sets the x-axis label. */
        public Builder setXLabel(String label) {
            this.xLabel = label;
            return this;
        }

        /** Sets the y-axis label. */
        public Builder setYLabel(String label) {
            this.yLabel = label;
            return this;
        }

        /** Fixes the y range (default: from the data, starting at 0 when close to it). */
        public Builder optYRange(double min, double max) {
            Preconditions.checkArgument(max > min, "y range [%s, %s] is empty", min, max);
            this.yMin = min;
            this.yMax = max;
            return this;
        }

        /** Hides x ticks below {@code x} (e.g. 1 for epochs). */
        public Builder optXMinTick(double x) {
            this.xMinTick = x;
            return this;
        }

        /** Sets the size in pixels (default 540 × 300). */
        public Builder optSize(double width, double height) {
            Preconditions.checkArgument(width >= 200 && height >= 150, "chart too small: %sx%s", width, height);
            this.width = width;
            this.height = height;
            return this;
        }

        /** Validates and builds. */
        public LineChart build() {
            Preconditions.checkState(!series.isEmpty(), "at least one series is required");
            return new LineChart(this);
        }
    }
}
