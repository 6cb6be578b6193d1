package org.lifelongseg.cityscapes.synthetic;

/** A label map and float RGB image that shapes are painted on (painter's order). */
final class Canvas {

    final int w;
    final int h;
    final byte[] labels;
    final float[] rgb;
    private final float[] tmp = new float[3];

    Canvas(int w, int h) {
        this.w = w;
        this.h = h;
        this.labels = new byte[w * h];
        this.rgb = new float[w * h * 3];
    }

    boolean inside(int x, int y) {
        return x >= 0 && y >= 0 && x < w && y < h;
    }

    void put(int x, int y, int labelId, Material m) {
        if (!inside(x, y)) {
            return;
        }
        int i = y * w + x;
        labels[i] = (byte) labelId;
        m.colour(x, y, tmp);
        rgb[i * 3] = tmp[0];
        rgb[i * 3 + 1] = tmp[1];
        rgb[i * 3 + 2] = tmp[2];
    }

    /** Paints the colour only (markings, windows) keeping the label. */
    void tint(int x, int y, Material m) {
        if (!inside(x, y)) {
            return;
        }
        int i = y * w + x;
        m.colour(x, y, tmp);
        rgb[i * 3] = tmp[0];
        rgb[i * 3 + 1] = tmp[1];
        rgb[i * 3 + 2] = tmp[2];
    }

    int label(int x, int y) {
        return labels[y * w + x] & 0xFF;
    }

    void rect(double x0, double y0, double x1, double y1, int labelId, Material m) {
        int xa = (int) Math.floor(Math.min(x0, x1));
        int xb = (int) Math.ceil(Math.max(x0, x1));
        int ya = (int) Math.floor(Math.min(y0, y1));
        int yb = (int) Math.ceil(Math.max(y0, y1));
        xb = Math.max(xb, xa + 1);
        yb = Math.max(yb, ya + 1);
        for (int y = Math.max(0, ya); y < Math.min(h, yb); y++) {
            for (int x = Math.max(0, xa); x < Math.min(w, xb); x++) {
                put(x, y, labelId, m);
            }
        }
    }

    void ellipse(double cx, double cy, double rx, double ry, int labelId, Material m) {
        rx = Math.max(rx, 0.6);
        ry = Math.max(ry, 0.6);
        for (int y = (int) Math.floor(cy - ry); y <= (int) Math.ceil(cy + ry); y++) {
            for (int x = (int) Math.floor(cx - rx); x <= (int) Math.ceil(cx + rx); x++) {
                double dx = (x + 0.5 - cx) / rx;
                double dy = (y + 0.5 - cy) / ry;
                if (dx * dx + dy * dy <= 1.0) {
                    put(x, y, labelId, m);
                }
            }
        }
    }

    /** A blob: an ellipse with a noisy boundary (tree canopies, bushes, clouds). */
    void blob(double cx, double cy, double rx, double ry, int seed, int labelId, Material m,
            boolean colourOnly) {
        rx = Math.max(rx, 0.8);
        ry = Math.max(ry, 0.8);
        for (int y = (int) Math.floor(cy - ry * 1.3); y <= (int) Math.ceil(cy + ry * 1.3); y++) {
            for (int x = (int) Math.floor(cx - rx * 1.3); x <= (int) Math.ceil(cx + rx * 1.3); x++) {
                double dx = (x + 0.5 - cx) / rx;
                double dy = (y + 0.5 - cy) / ry;
                double n = Noise.value(x / Math.max(2.0, rx / 2), y / Math.max(2.0, ry / 2), seed);
                if (dx * dx + dy * dy <= 0.75 + 0.5 * n) {
                    if (colourOnly) {
                        if (inside(x, y)) {
                            tint(x, y, m);
                        }
                    } else {
                        put(x, y, labelId, m);
                    }
                }
            }
        }
    }

    void ring(double cx, double cy, double r, double thickness, int labelId, Material m) {
        double ro = Math.max(r, 1.0);
        double ri = Math.max(0, ro - Math.max(thickness, 1.0));
        for (int y = (int) Math.floor(cy - ro); y <= (int) Math.ceil(cy + ro); y++) {
            for (int x = (int) Math.floor(cx - ro); x <= (int) Math.ceil(cx + ro); x++) {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                double d = Math.sqrt(dx * dx + dy * dy);
                if (d <= ro && d >= ri) {
                    put(x, y, labelId, m);
                }
            }
        }
    }

    void line(double x0, double y0, double x1, double y1, double thickness, int labelId, Material m) {
        double len = Math.hypot(x1 - x0, y1 - y0);
        int steps = (int) Math.ceil(len * 2) + 1;
        double r = Math.max(thickness, 1.0) / 2;
        for (int s = 0; s <= steps; s++) {
            double t = (double) s / steps;
            double x = x0 + t * (x1 - x0);
            double y = y0 + t * (y1 - y0);
            for (int yy = (int) Math.floor(y - r + 0.5); yy <= (int) Math.floor(y + r - 0.5); yy++) {
                for (int xx = (int) Math.floor(x - r + 0.5); xx <= (int) Math.floor(x + r - 0.5); xx++) {
                    put(xx, yy, labelId, m);
                }
            }
        }
    }

    /** A triangle (traffic signs). */
    void triangle(double cx, double cy, double r, boolean pointUp, int labelId, Material m) {
        for (int y = (int) Math.floor(cy - r); y <= (int) Math.ceil(cy + r); y++) {
            double f = (y + 0.5 - (cy - r)) / (2 * r);
            if (f < 0 || f > 1) {
                continue;
            }
            double half = r * (pointUp ? f : 1 - f);
            for (int x = (int) Math.floor(cx - half); x <= (int) Math.ceil(cx + half); x++) {
                if (Math.abs(x + 0.5 - cx) <= half) {
                    put(x, y, labelId, m);
                }
            }
        }
    }
}
