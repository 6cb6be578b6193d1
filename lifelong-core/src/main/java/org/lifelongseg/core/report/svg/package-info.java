/**
 * Small server-side SVG charts (bar, line, heatmap) rendered to strings for inlining into the
 * HTML report; all text is escaped.
 *
 * <pre>{@code
 * String svg = LineChart.builder().setXLabel("epoch").setYLabel("loss")
 *         .addSeries("loss", Palette.method(0), xs, ys).build().render();
 * }</pre>
 */
package org.lifelongseg.core.report.svg;
