package org.lifelongseg.core.report.svg;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A matrix heatmap with the values written in the cells and a colour-scale bar, on the
 * sequential scale of {@link Palette#sequential}. NaN cells are light grey with "–".
 *
 * <pre>{@code
 * String svg = Heatmap.builder()
 *         .setValues(r.toArray())                       // rows × columns
 *         .setRowLabels(List.of("before", "step 1", "step 2", "step 3"))
 *         .setColumnLabels(List.of("Task 1", "Task 2", "Task 3"))
 *         .setXLabel("evaluated on").setYLabel("model after")
 *         .build().render();
 * }</pre>
 */
public final class Heatmap {

    private final Builder b;

    private Heatmap(Builder b) {
        this.b = b;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The SVG markup. */
    public String render() {
        int rows = b.values.length;
        int cols = b.columnLabels.size();
        int longestRow = b.rowLabels.stream().mapToInt(String::length).max().orElse(4);
        double left = 18 + 7 * longestRow;
        double top = 34 + (b.title == null ? 0 : 24);
        double cell = b.cellSize;
        double scaleW = 56;
        double width = left + cols * cell + scaleW + 10;
        double height = top + rows * cell + 40;
        Svg svg = new Svg(width, height, b.title == null ? "heatmap" : b.title);
        svg.rect(0, 0, width, height, "fill=\"#ffffff\"");
        if (b.title != null) {
            svg.text(8, 20, b.title, "class=\"chart-title\" font-size=\"15\" font-weight=\"600\" fill=\"#222\"");
        }
        for (int c = 0; c < cols; c++) {
            svg.text(left + c * cell + cell / 2, top - 8, b.columnLabels.get(c),
                    "font-size=\"12\" fill=\"#333\" text-anchor=\"middle\"");
        }
        for (int r = 0; r < rows; r++) {
            double y = top + r * cell;
            svg.text(left - 8, y + cell / 2 + 4, b.rowLabels.get(r), "font-size=\"12\" fill=\"#333\" text-anchor=\"end\"");
            for (int c = 0; c < cols; c++) {
                double v = b.values[r][c];
                double t = (v - b.min) / (b.max - b.min);
                double x = left + c * cell;
                svg.raw("<rect x=\"" + Svg.num(x) + "\" y=\"" + Svg.num(y) + "\" width=\"" + Svg.num(cell)
                        + "\" height=\"" + Svg.num(cell) + "\" " + Svg.attr("fill", Palette.sequential(t))
                        + " stroke=\"#ffffff\" stroke-width=\"2\"><title>"
                        + Svg.escape(b.rowLabels.get(r) + " · " + b.columnLabels.get(c) + ": "
                                + (Double.isNaN(v) ? "not evaluated" : b.format.apply(v)))
                        + "</title></rect>");
                svg.text(x + cell / 2, y + cell / 2 + 5, Double.isNaN(v) ? "–" : b.format.apply(v),
                        "font-size=\"14\" font-weight=\"600\" text-anchor=\"middle\" "
                                + Svg.attr("fill", Double.isNaN(v) ? "#888888" : Palette.textOn(t)));
            }
        }
        if (b.xLabel != null) {
            svg.text(left + cols * cell / 2, top + rows * cell + 22, b.xLabel,
                    "font-size=\"12\" fill=\"#555\" text-anchor=\"middle\" font-style=\"italic\"");
        }
        if (b.yLabel != null) {
            svg.text(8, top - 8, b.yLabel, "font-size=\"12\" fill=\"#555\" font-style=\"italic\"");
        }
        // colour scale
        double sx = left + cols * cell + 18;
        double sh = rows * cell;
        int steps = 24;
        for (int i = 0; i < steps; i++) {
            double t = 1 - (i + 0.5) / steps;
            svg.rect(sx, top + i * sh / steps, 12, sh / steps + 0.5, Svg.attr("fill", Palette.sequential(t)));
        }
        svg.rect(sx, top, 12, sh, "fill=\"none\" stroke=\"#bbb\" stroke-width=\"1\"");
        svg.text(sx + 16, top + 10, b.format.apply(b.max), "font-size=\"10\" fill=\"#555\"");
        svg.text(sx + 16, top + sh, b.format.apply(b.min), "font-size=\"10\" fill=\"#555\"");
        return svg.toString();
    }

    /** Builder of {@link Heatmap}. */
    public static final class Builder {
        private double[][] values;
        private List<String> rowLabels;
        private List<String> columnLabels;
        private String title;
        private String xLabel;
        private String yLabel;
        private double min = 0;
        private double max = 1;
        private double cellSize = 64;
        private DoubleFunction<String> format = v -> String.format(Locale.ROOT, "%.1f", 100 * v);

        private Builder() {}

        /** Sets the values, {@code [row][column]} (required). */
        public Builder setValues(double[][] values) {
            this.values = new double[values.length][];
            for (int i = 0; i < values.length; i++) {
                this.values[i] = values[i].clone();
            }
            return this;
        }

        /** Sets one label per row (required). */
        public Builder setRowLabels(List<String> labels) {
            rowLabels = List.copyOf(labels);
            return this;
        }

        /** Sets one label per column (required). */
        public Builder setColumnLabels(List<String> labels) {
            columnLabels = List.copyOf(labels);
            return this;
        }

        /** Sets the title. */
        public Builder optTitle(String title) {
            this.title = title;
            return this;
        }

        /** Sets the caption under the columns. */
        public Builder setXLabel(String label) {
            xLabel = label;
            return this;
        }

        /** Sets the caption above the row labels. */
        public Builder setYLabel(String label) {
            yLabel = label;
            return this;
        }

        /** Sets the value range mapped onto the colour scale (default [0, 1]). */
        public Builder optRange(double min, double max) {
            Preconditions.checkArgument(max > min, "range [%s, %s] is empty", min, max);
            this.min = min;
            this.max = max;
            return this;
        }

        /** Sets how cell values are written (default: ×100 with one decimal). */
        public Builder optFormat(DoubleFunction<String> format) {
            this.format = format;
            return this;
        }

        /** Sets the cell size in pixels (default 64). */
        public Builder optCellSize(double size) {
            Preconditions.checkArgument(size >= 16, "cell size must be at least 16");
            cellSize = size;
            return this;
        }

        /** Validates and builds. */
        public Heatmap build() {
            Preconditions.checkState(values != null && rowLabels != null && columnLabels != null,
                    "values, row labels and column labels are required");
            Preconditions.checkState(values.length == rowLabels.size(),
                    "%s rows but %s row labels", values.length, rowLabels.size());
            for (double[] row : values) {
                Preconditions.checkState(row.length == columnLabels.size(),
                        "a row has %s values but there are %s column labels", row.length, columnLabels.size());
            }
            return new Heatmap(this);
        }
    }
}
