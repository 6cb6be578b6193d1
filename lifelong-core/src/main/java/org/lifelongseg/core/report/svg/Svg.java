package org.lifelongseg.core.report.svg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Escaping, number formatting and an append-only writer for SVG (and XHTML-compatible) markup.
 *
 * <pre>{@code
 * Svg svg = new Svg(400, 300, "Loss over epochs");
 * svg.rect(0, 0, 400, 300, "fill=\"#fff\"");
 * svg.text(200, 20, "Loss <per step>", "text-anchor=\"middle\"");   // escaped
 * String markup = svg.toString();
 * }</pre>
 *
 * <p>The markup has no {@code xmlns}, so that it can be inlined into HTML (where the parser puts
 * {@code <svg>} into the SVG namespace) without any network-looking URI; {@link #standalone}
 * adds it for an {@code .svg} file.
 */
public final class Svg {

    private final StringBuilder sb = new StringBuilder();
    private final double width;
    private final double height;
    private boolean closed;

    /**
     * Opens an {@code <svg>} element of the given size with an accessible title.
     *
     * @param title read by screen readers and shown as a tooltip; escaped
     */
    public Svg(double width, double height, String title) {
        this.width = width;
        this.height = height;
        sb.append("<svg class=\"chart\" viewBox=\"0 0 ").append(num(width)).append(' ').append(num(height))
                .append("\" width=\"").append(num(width)).append("\" height=\"").append(num(height))
                .append("\" role=\"img\" aria-label=\"").append(escape(title)).append("\">")
                .append("<title>").append(escape(title)).append("</title>");
    }

    /** The width. */
    public double width() {
        return width;
    }

    /** The height. */
    public double height() {
        return height;
    }

    /** Escapes text or an attribute value for XML and HTML (&amp; &lt; &gt; &quot; &#39;). */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // drop control characters XML 1.0 forbids
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A coordinate with at most two decimals, no exponent, '.' as separator. */
    public static String num(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not a finite coordinate: " + v);
        }
        String s = String.format(Locale.ROOT, "%.2f", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s.equals("-0") ? "0" : s;
    }

    /** Adds the SVG namespace to a chart's markup, for a stand-alone {@code .svg} file. */
    public static String standalone(String svgMarkup) {
        return svgMarkup.replaceFirst("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ");
    }

    /** Appends a rectangle; {@code attrs} is raw attribute markup (the caller escapes values). */
    public Svg rect(double x, double y, double w, double h, String attrs) {
        return raw("<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(Math.max(0, w))
                + "\" height=\"" + num(Math.max(0, h)) + "\" " + attrs + "/>");
    }

    /** Appends a line. */
    public Svg line(double x1, double y1, double x2, double y2, String attrs) {
        return raw("<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\""
                + num(y2) + "\" " + attrs + "/>");
    }

    /** Appends a circle. */
    public Svg circle(double cx, double cy, double r, String attrs) {
        return raw("<circle cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"" + num(r) + "\" " + attrs + "/>");
    }

    /** Appends escaped text. */
    public Svg text(double x, double y, String text, String attrs) {
        return raw("<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" " + attrs + ">" + escape(text) + "</text>");
    }

    /** Appends a polyline through the points {@code [x0, y0, x1, y1, …]}. */
    public Svg polyline(List<double[]> points, String attrs) {
        List<String> p = new ArrayList<>();
        for (double[] xy : points) {
            p.add(num(xy[0]) + "," + num(xy[1]));
        }
        return raw("<polyline points=\"" + String.join(" ", p) + "\" fill=\"none\" " + attrs + "/>");
    }

    /** Appends trusted markup. */
    public Svg raw(String markup) {
        if (closed) {
            throw new IllegalStateException("svg already closed");
        }
        sb.append(markup);
        return this;
    }

    /** Closes the element and returns the markup. */
    @Override
    public String toString() {
        if (!closed) {
            sb.append("</svg>");
            closed = true;
        }
        return sb.toString();
    }

    /** An attribute {@code name="value"} with the value escaped. */
    public static String attr(String name, String value) {
        return name + "=\"" + escape(value) + "\"";
    }
}
