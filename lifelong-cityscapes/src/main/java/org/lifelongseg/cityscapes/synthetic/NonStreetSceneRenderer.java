package org.lifelongseg.cityscapes.synthetic;

import java.util.Random;
import org.lifelongseg.core.image.RgbImage;

/** Paints the procedural non-street scenes of {@link OutOfDomainScenes}: rooms and landscapes. */
final class NonStreetSceneRenderer {

    private final int w;
    private final int h;
    private final Random rnd;
    private final Canvas c;

    NonStreetSceneRenderer(int width, int height, long seed) {
        this.w = width;
        this.h = height;
        this.rnd = new Random(seed);
        this.c = new Canvas(width, height);
    }

    private float u(double lo, double hi) {
        return (float) (lo + (hi - lo) * rnd.nextDouble());
    }

    private Material material(float r, float g, float b, float noise, float texture, float scale) {
        return Material.plain(r, g, b, noise, texture, scale, rnd.nextInt());
    }

    /**
     * A room in one-point perspective: back wall, side walls, ceiling and a floor (wood planks,
     * tiles or carpet), a door, windows or pictures, furniture boxes (tables, cabinets, sofas,
     * shelves) and a lamp.
     */
    RgbImage indoor() {
        double bx0 = w * u(0.22, 0.38);
        double bx1 = w * u(0.62, 0.78);
        double by0 = h * u(0.15, 0.3);
        double by1 = h * u(0.55, 0.72);
        float[] wall = {u(150, 240), u(130, 225), u(100, 210)};
        Material back = material(wall[0], wall[1], wall[2], 4, 0.05f, 12);
        Material side = material(wall[0] * 0.85f, wall[1] * 0.85f, wall[2] * 0.85f, 4, 0.05f, 12);
        Material ceiling = material(Math.min(255, wall[0] * 1.1f), Math.min(255, wall[1] * 1.1f),
                Math.min(255, wall[2] * 1.1f), 3, 0.03f, 16);
        int floorKind = rnd.nextInt(3);
        Material floor = switch (floorKind) {
            case 0 -> material(u(110, 170), u(70, 110), u(35, 70), 8, 0.15f, 6).stripes(u(5, 10), false, 0.35f);
            case 1 -> material(u(170, 230), u(170, 230), u(170, 230), 5, 0.05f, 8).stripes(u(8, 14), true, 0.3f);
            default -> material(u(60, 160), u(40, 120), u(40, 140), 12, 0.2f, 3);
        };
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double fx = x + 0.5;
                double fy = y + 0.5;
                Material m;
                if (fy >= by1 && insideTrapezoid(fx, fy, by1, h, bx0, bx1, 0, w)) {
                    m = floor;
                } else if (fy <= by0 && insideTrapezoid(fx, fy, by0, 0, bx0, bx1, 0, w)) {
                    m = ceiling;
                } else if (fx >= bx0 && fx <= bx1 && fy >= by0 && fy <= by1) {
                    m = back;
                } else {
                    m = side;
                }
                c.put(x, y, 0, m);
            }
        }
        // the floor tiles also converge
        if (floorKind == 1) {
            Material grout = material(90, 90, 90, 3, 0, 4);
            for (int k = -6; k <= 12; k++) {
                double xb = bx0 + (bx1 - bx0) * k / 6.0;
                double xBottom = w / 2.0 + (xb - w / 2.0) * (h - (by0 + by1) / 2) / (by1 - (by0 + by1) / 2);
                c.line(xb, by1, xBottom, h, 1, 0, grout);
            }
        }
        // edges of the room
        Material edge = material(wall[0] * 0.6f, wall[1] * 0.6f, wall[2] * 0.6f, 2, 0, 4);
        c.line(bx0, by0, bx0, by1, 1, 0, edge);
        c.line(bx1, by0, bx1, by1, 1, 0, edge);
        c.line(bx0, by1, 0, h * 1.3, 1.5, 0, edge);
        c.line(bx1, by1, w, h * 1.3, 1.5, 0, edge);
        // windows, a door and pictures on the back wall
        int openings = 1 + rnd.nextInt(3);
        for (int i = 0; i < openings; i++) {
            double ww = (bx1 - bx0) * u(0.12, 0.28);
            double wh = (by1 - by0) * u(0.25, 0.5);
            double x0 = bx0 + (bx1 - bx0 - ww) * rnd.nextDouble();
            double y0 = by0 + (by1 - by0) * u(0.1, 0.3);
            int kind = rnd.nextInt(3);
            Material frame = material(u(40, 250), u(40, 250), u(40, 250), 3, 0, 4);
            c.rect(x0 - 1, y0 - 1, x0 + ww + 1, y0 + wh + 1, 0, frame);
            Material pane = kind == 0
                    ? material(u(150, 210), u(190, 230), u(220, 255), 4, 0.1f, 10)   // daylight window
                    : material(u(20, 240), u(20, 240), u(20, 240), 20, 0.4f, 3);     // picture
            c.rect(x0, y0, x0 + ww, y0 + wh, 0, pane);
            if (kind == 0) {
                c.line(x0 + ww / 2, y0, x0 + ww / 2, y0 + wh, 1, 0, frame);
            }
        }
        if (rnd.nextBoolean()) {
            double dw = (bx1 - bx0) * u(0.12, 0.18);
            double dx = bx0 + (bx1 - bx0 - dw) * rnd.nextDouble();
            c.rect(dx, by0 + (by1 - by0) * 0.25, dx + dw, by1, 0, material(u(80, 160), u(50, 110), u(30, 70), 4, 0.1f, 5)
                    .stripes(u(4, 8), true, 0.2f));
        }
        // furniture: boxes standing on the floor, front face plus a lighter top
        int pieces = 2 + rnd.nextInt(4);
        for (int i = 0; i < pieces; i++) {
            double depth = rnd.nextDouble(); // 0 = at the back wall, 1 = near the camera
            double yBase = by1 + (h - by1) * (0.1 + 0.85 * depth);
            double scale = 0.6 + 1.4 * depth;
            double fw = w * u(0.08, 0.22) * scale;
            double fh = h * u(0.08, 0.3) * scale;
            double fx = w * u(-0.05, 0.95);
            float[] col = {u(40, 230), u(30, 200), u(20, 180)};
            Material front = material(col[0], col[1], col[2], 5, 0.1f, 5);
            Material top = material(Math.min(255, col[0] * 1.2f), Math.min(255, col[1] * 1.2f),
                    Math.min(255, col[2] * 1.2f), 4, 0.05f, 5);
            double topH = fh * u(0.08, 0.2);
            int kind = rnd.nextInt(3);
            if (kind == 0) { // table: a top and legs
                c.rect(fx, yBase - fh, fx + fw, yBase - fh + topH, 0, top);
                double leg = Math.max(1, fw * 0.06);
                c.rect(fx + leg, yBase - fh + topH, fx + 2 * leg, yBase, 0, front);
                c.rect(fx + fw - 2 * leg, yBase - fh + topH, fx + fw - leg, yBase, 0, front);
            } else if (kind == 1) { // cabinet / shelf with drawers
                c.rect(fx, yBase - fh - topH, fx + fw, yBase - fh, 0, top);
                c.rect(fx, yBase - fh, fx + fw, yBase, 0, front.stripes((float) Math.max(3, fh / 4), false, 0.4f));
            } else { // sofa: seat and backrest
                c.rect(fx, yBase - fh, fx + fw, yBase - fh * 0.45, 0, front);
                c.rect(fx - fw * 0.05, yBase - fh * 0.5, fx + fw * 1.05, yBase, 0, top);
            }
        }
        // a ceiling lamp
        double lx = w * u(0.3, 0.7);
        c.line(lx, 0, lx, by0 * 0.7, 1, 0, material(40, 40, 40, 2, 0, 4));
        c.ellipse(lx, by0 * 0.75, w * 0.04, h * 0.03, 0, material(250, 240, 200, 3, 0, 4));
        return finish(0.85, 1.2);
    }

    private static boolean insideTrapezoid(double x, double y, double yNear, double yFar,
            double xl, double xr, double xlFar, double xrFar) {
        double t = (y - yNear) / (yFar - yNear);
        double l = xl + (xlFar - xl) * t;
        double r = xr + (xrFar - xr) * t;
        return x >= l && x <= r;
    }

    /**
     * A landscape: a sky gradient with clouds, up to three mountain ridges (snow caps on the far
     * one), a meadow or a lake and a forest of conifers and broad-leaved trees. No road, no
     * buildings.
     */
    RgbImage nature() {
        double horizon = h * u(0.35, 0.6);
        float[] skyTop = {u(40, 120), u(90, 160), u(180, 250)};
        float[] skyLow = {u(170, 240), u(190, 240), u(210, 255)};
        for (int y = 0; y < h; y++) {
            double t = Math.min(1, y / Math.max(1, horizon));
            Material m = Material.plain(
                    (float) (skyTop[0] + (skyLow[0] - skyTop[0]) * t),
                    (float) (skyTop[1] + (skyLow[1] - skyTop[1]) * t),
                    (float) (skyTop[2] + (skyLow[2] - skyTop[2]) * t), 2, 0.02f, 20, 7);
            for (int x = 0; x < w; x++) {
                c.put(x, y, 0, m);
            }
        }
        Material cloud = material(245, 245, 250, 3, 0.08f, 8);
        for (int i = rnd.nextInt(4); i > 0; i--) {
            c.blob(w * rnd.nextDouble(), horizon * u(0.1, 0.5), w * u(0.05, 0.15), h * u(0.02, 0.06),
                    rnd.nextInt(), 0, cloud, true);
        }
        int ridges = 1 + rnd.nextInt(3);
        for (int r = 0; r < ridges; r++) {
            double base = horizon - h * (0.05 + 0.3 * (ridges - r) / (double) ridges) * u(0.6, 1.2);
            double amp = h * u(0.05, 0.2);
            double scale = w * u(0.08, 0.25);
            int seed = rnd.nextInt();
            float grey = u(70, 150) + 25 * (ridges - r);
            Material rock = material(grey * u(0.8f, 1f), grey * u(0.85f, 1f), grey * u(0.95f, 1.15f), 6, 0.25f, 4);
            Material snow = material(235, 238, 245, 4, 0.05f, 6);
            boolean caps = r == 0 && rnd.nextBoolean();
            for (int x = 0; x < w; x++) {
                double top = base - amp * (Noise.value(x / scale, 0.5, seed) * 1.3
                        + 0.4 * Noise.value(x / (scale / 4), 3.5, seed + 1));
                for (int y = Math.max(0, (int) top); y < Math.min(h, (int) horizon + 1); y++) {
                    c.put(x, y, 0, caps && y < top + amp * 0.25 ? snow : rock);
                }
            }
        }
        boolean lake = rnd.nextDouble() < 0.35;
        Material meadow = material(u(60, 130), u(120, 190), u(30, 70), 10, 0.3f, 5);
        Material water = material(u(40, 80), u(80, 120), u(120, 170), 5, 0.15f, 10).stripes(u(3, 6), false, 0.15f);
        double lakeTop = horizon + (h - horizon) * u(0.05, 0.3);
        double lakeBottom = lakeTop + (h - horizon) * u(0.2, 0.5);
        for (int y = (int) horizon; y < h; y++) {
            for (int x = 0; x < w; x++) {
                c.put(x, y, 0, lake && y >= lakeTop && y <= lakeBottom ? water : meadow);
            }
        }
        // flowers / stones
        Material dots = material(u(150, 255), u(150, 255), u(50, 255), 20, 0, 2);
        for (int i = rnd.nextInt(w / 2); i > 0; i--) {
            double y = horizon + (h - horizon) * rnd.nextDouble();
            c.ellipse(w * rnd.nextDouble(), y, 0.8, 0.8, 0, dots);
        }
        // forest: trees sorted far to near
        int trees = 8 + rnd.nextInt(40);
        double[] ys = new double[trees];
        for (int i = 0; i < trees; i++) {
            ys[i] = horizon + (h - horizon) * Math.pow(rnd.nextDouble(), 1.5) * 0.9;
        }
        java.util.Arrays.sort(ys);
        for (double y : ys) {
            double s = 0.3 + 2.2 * (y - horizon) / (h - horizon);
            double x = w * u(-0.05, 1.05);
            double th = h * 0.22 * s;
            Material trunk = material(u(60, 100), u(40, 70), u(20, 40), 5, 0.1f, 3);
            Material leaves = material(u(20, 70), u(70, 140), u(20, 60), 12, 0.35f, 3);
            c.rect(x - th * 0.04, y - th * 0.35, x + th * 0.04, y, 0, trunk);
            if (rnd.nextBoolean()) { // conifer
                c.triangle(x, y - th * 0.75, th * 0.45, true, 0, leaves);
                c.triangle(x, y - th * 0.55, th * 0.35, true, 0, leaves);
            } else {
                c.blob(x, y - th * 0.7, th * 0.3, th * 0.35, rnd.nextInt(), 0, leaves, false);
            }
        }
        return finish(0.8, 1.2);
    }

    /** Pure noise: per-pixel colour noise over smooth random colour fields at a random scale. */
    RgbImage noise() {
        double scale = Math.exp(Math.log(1.5) + (Math.log(w / 2.0) - Math.log(1.5)) * rnd.nextDouble());
        double grain = u(0, 120);
        int[] seeds = {rnd.nextInt(), rnd.nextInt(), rnd.nextInt(), rnd.nextInt()};
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                for (int k = 0; k < 3; k++) {
                    double v = 255 * Noise.value(x / scale, y / scale, seeds[k])
                            + grain * (Noise.hash(x, y, seeds[3] + k) * 2 - 1);
                    rgb[i + k] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
                }
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private RgbImage finish(double lightLo, double lightHi) {
        double light = lightLo + (lightHi - lightLo) * rnd.nextDouble();
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) Math.max(0, Math.min(255, (int) Math.round(c.rgb[i] * light)));
        }
        return new RgbImage(w, h, rgb);
    }
}
