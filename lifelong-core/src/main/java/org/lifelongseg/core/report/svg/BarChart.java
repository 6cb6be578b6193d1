package org.lifelongseg.core.report.svg;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A grouped vertical bar chart: one group per category (e.g. class), one bar per series (e.g.
 * method) in each group; category labels can be coloured (e.g. by task) with their own legend.
 *
 * <pre>{@code
 * String svg = BarChart.builder()
 *         .setCategories(List.of("road", "sidewalk"))
 *         .addSeries("distill", "#0072B2", new double[] {97.1, 78.3})
 *         .optCategoryColors(List.of("#3B6FB6", "#3B6FB6"))
 *         .optCategoryLegend(Map.of("Task 1", "#3B6FB6"))
 *         .setYLabel("IoU (%)")
 *         .build().render();
 * }</pre>
 *
 * <p>The y axis runs from 0 to {@code optYMax} (default: a nice value above the largest bar).
 * NaN values draw no bar but a small "n/a" mark.
 */
public final class BarChart {

    private record Series(String name, String color, double[] values) {}

    private final Builder b;

    private BarChart(Builder b) {
        this.b = b;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The SVG markup. */
    public String render() {
        int nc = b.categories.size();
        int ns = b.series.size();
        double max = 0;
        for (Series s : b.series) {
            for (double v : s.values) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        double yMax = Double.isNaN(b.yMax) ? (max > 0 ? max : 1) : b.yMax;
        List<Double> ticks = Axis.ticks(0, yMax, 5);
        yMax = ticks.get(ticks.size() - 1);
        int longest = b.categories.stream().mapToInt(String::length).max().orElse(4);
        double left = 58;
        double right = 16;
        double top = 44 + (b.title == null ? 0 : 22);
        double bottom = 30 + Math.min(130, 4.6 * longest) + (b.categoryBands.isEmpty() ? 0 : 18);
        double plotW = b.width - left - right;
        double plotH = b.height - top - bottom;
        Svg svg = new Svg(b.width, b.height, b.title == null ? "bar chart" : b.title);
        svg.rect(0, 0, b.width, b.height, "fill=\"#ffffff\"");
        double ty = 20;
        if (b.title != null) {
            svg.text(left, ty, b.title, "class=\"chart-title\" font-size=\"15\" font-weight=\"600\" fill=\"#222\"");
            ty += 22;
        }
        // legend: series then category colours
        double lx = left;
        for (Series s : b.series) {
            svg.rect(lx, ty - 10, 12, 12, "rx=\"2\" " + Svg.attr("fill", s.color));
            svg.text(lx + 17, ty, s.name, "font-size=\"12\" fill=\"#333\"");
            lx += 30 + 7.2 * s.name.length();
        }
        if (!b.categoryLegend.isEmpty()) {
            lx += 20;
            svg.text(lx, ty, "labels:", "font-size=\"12\" fill=\"#666\"");
            lx += 48;
            for (Map.Entry<String, String> e : b.categoryLegend.entrySet()) {
                svg.text(lx, ty, "■ " + e.getKey(), "font-size=\"12\" font-weight=\"600\" " + Svg.attr("fill", e.getValue()));
                lx += 26 + 7.2 * e.getKey().length();
            }
        }
        // grid and y axis
        for (double t : ticks) {
            double y = top + plotH - t / yMax * plotH;
            svg.line(left, y, left + plotW, y, "stroke=\"#e3e3e3\" stroke-width=\"1\"");
            svg.text(left - 6, y + 4, Axis.label(t, ticks), "font-size=\"11\" fill=\"#555\" text-anchor=\"end\"");
        }
        svg.line(left, top + plotH, left + plotW, top + plotH, "stroke=\"#888\" stroke-width=\"1\"");
        svg.line(left, top, left, top + plotH, "stroke=\"#888\" stroke-width=\"1\"");
        if (b.yLabel != null) {
            double cy = top + plotH / 2;
            svg.text(16, cy, b.yLabel, "font-size=\"12\" fill=\"#333\" text-anchor=\"middle\" transform=\"rotate(-90 16 "
                    + Svg.num(cy) + ")\"");
        }
        double groupW = plotW / Math.max(1, nc);
        double pad = groupW * 0.18;
        double barW = (groupW - 2 * pad) / Math.max(1, ns);
        for (int c = 0; c < nc; c++) {
            double gx = left + c * groupW;
            if (c % 2 == 1) {
                svg.rect(gx, top, groupW, plotH, "fill=\"#f7f7f7\"");
            }
            for (int s = 0; s < ns; s++) {
                Series ser = b.series.get(s);
                double v = ser.values[c];
                double x = gx + pad + s * barW;
                if (Double.isFinite(v)) {
                    double h = Math.max(0, Math.min(v, yMax)) / yMax * plotH;
                    svg.raw("<rect x=\"" + Svg.num(x) + "\" y=\"" + Svg.num(top + plotH - h) + "\" width=\""
                            + Svg.num(Math.max(1, barW - 1)) + "\" height=\"" + Svg.num(h) + "\" "
                            + Svg.attr("fill", ser.color) + "><title>"
                            + Svg.escape(ser.name + " · " + b.categories.get(c) + ": "
                                    + String.format(Locale.ROOT, "%.1f", v))
                            + "</title></rect>");
                } else {
                    svg.text(x + barW / 2, top + plotH - 3, "×", "font-size=\"9\" fill=\"#999\" text-anchor=\"middle\"");
                }
            }
            String color = b.categoryColors == null ? "#333" : b.categoryColors.get(c);
            if (!b.categoryBands.isEmpty() && (c == 0 || !b.categoryBands.get(c).equals(b.categoryBands.get(c - 1)))) {
                int end = c;
                while (end + 1 < nc && b.categoryBands.get(end + 1).equals(b.categoryBands.get(c))) {
                    end++;
                }
                double bx = gx + 1;
                double bw = (end - c + 1) * groupW - 2;
                double by = b.height - 20;
                svg.rect(bx, by, bw, 16, "rx=\"3\" " + Svg.attr("fill", color));
                svg.text(bx + bw / 2, by + 12, b.categoryBands.get(c),
                        "font-size=\"11\" font-weight=\"600\" fill=\"#ffffff\" text-anchor=\"middle\"");
            }
            double lxc = gx + groupW / 2;
            double lyc = top + plotH + 12;
            svg.text(lxc, lyc, b.categories.get(c), "font-size=\"11\" text-anchor=\"end\" " + Svg.attr("fill", color)
                    + " transform=\"rotate(-45 " + Svg.num(lxc) + " " + Svg.num(lyc) + ")\"");
        }
        return svg.toString();
    }

    /** Builder of {@link BarChart}. */
    public static final class Builder {
        private List<String> categories;
        private final List<Series> series = new ArrayList<>();
        private List<String> categoryColors;
        private final Map<String, String> categoryLegend = new LinkedHashMap<>();
        private List<String> categoryBands = List.of();
        private String title;
        private String yLabel;
        private double yMax = Double.NaN;
        private double width = 1100;
        private double height = 380;

        private Builder() {}

        /** Sets the category (group) labels (required). */
        public Builder setCategories(List<String> categories) {
            Preconditions.checkState(this.categories == null, "categories given twice");
            Preconditions.checkArgument(!categories.isEmpty(), "no categories");
            this.categories = List.copyOf(categories);
            return this;
        }

        /** Adds a series: one value per category (NaN = no bar). */
        public Builder addSeries(String name, String color, double[] values) {
            series.add(new Series(name, color, values.clone()));
            return this;
        }

        /** Colours the category labels, one colour per category. */
        public Builder optCategoryColors(List<String> colors) {
            Preconditions.checkState(categoryColors == null, "category colours given twice");
            categoryColors = List.copyOf(colors);
            return this;
        }

        /** A legend for the category-label colours (label → colour). */
        public Builder optCategoryLegend(Map<String, String> legend) {
            Preconditions.checkState(categoryLegend.isEmpty(), "category legend given twice");
            categoryLegend.putAll(legend);
            return this;
        }

        /**
         * Labels runs of adjacent categories (e.g. "Task 1" under the classes of task 1) with a
         * band under the axis, in the category colour; one label per category.
         */
        public Builder optCategoryBands(List<String> bands) {
            Preconditions.checkState(categoryBands.isEmpty(), "category bands given twice");
            categoryBands = List.copyOf(bands);
            return this;
        }

        /** Sets the title. */
        public Builder optTitle(String title) {
            this.title = title;
            return this;
        }

        /** Sets the y-axis label. */
        public Builder setYLabel(String label) {
            this.yLabel = label;
            return this;
        }

        /** Sets the top of the y axis. */
        public Builder optYMax(double yMax) {
            Preconditions.checkArgument(yMax > 0, "yMax must be positive");
            this.yMax = yMax;
            return this;
        }

        /** Sets the size in pixels (default 1100 × 380). */
        public Builder optSize(double width, double height) {
            Preconditions.checkArgument(width >= 200 && height >= 150, "chart too small: %sx%s", width, height);
            this.width = width;
            this.height = height;
            return this;
        }

        /** Validates and builds. */
        public BarChart build() {
            Preconditions.checkState(categories != null, "categories are required");
            Preconditions.checkState(!series.isEmpty(), "at least one series is required");
            for (Series s : series) {
                Preconditions.checkState(s.values.length == categories.size(),
                        "series '%s' has %s values for %s categories", s.name, s.values.length, categories.size());
            }
            Preconditions.checkState(categoryColors == null || categoryColors.size() == categories.size(),
                    "%s category colours for %s categories", categoryColors == null ? 0 : categoryColors.size(),
                    categories.size());
            Preconditions.checkState(categoryBands.isEmpty() || categoryBands.size() == categories.size(),
                    "%s category bands for %s categories", categoryBands.size(), categories.size());
            return new BarChart(this);
        }
    }
}
