package org.lifelongseg.cityscapes.synthetic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.lifelongseg.core.data.LabeledImage;

/**
 * Paints one street scene in perspective: sky, a skyline and side facades, road, sidewalks and
 * grass converging to a vanishing point, walls and fences, trees, poles with signs and lights,
 * vehicles, persons and riders. Labels are Cityscapes labelIds. Every scene contains all 19
 * evaluated classes.
 */
final class StreetSceneRenderer {

    // Cityscapes labelIds
    static final int EGO = 1;
    static final int ROAD = 7;
    static final int SIDEWALK = 8;
    static final int BUILDING = 11;
    static final int WALL = 12;
    static final int FENCE = 13;
    static final int POLE = 17;
    static final int LIGHT = 19;
    static final int SIGN = 20;
    static final int VEGETATION = 21;
    static final int TERRAIN = 22;
    static final int SKY = 23;
    static final int PERSON = 24;
    static final int RIDER = 25;
    static final int CAR = 26;
    static final int TRUCK = 27;
    static final int BUS = 28;
    static final int TRAIN = 31;
    static final int MOTORCYCLE = 32;
    static final int BICYCLE = 33;
    static final int[] EVALUATED = {ROAD, SIDEWALK, BUILDING, WALL, FENCE, POLE, LIGHT, SIGN,
        VEGETATION, TERRAIN, SKY, PERSON, RIDER, CAR, TRUCK, BUS, TRAIN, MOTORCYCLE, BICYCLE};

    private final int w;
    private final int h;
    private final Random rnd;
    private final Canvas c;
    // geometry
    private final double yh;
    private final double vx;
    private final double roadL;
    private final double roadR;
    private final double swL;
    private final double swR;
    private final double grassL;
    private final double grassR;
    private final double pxPerMeter;

    private record Placed(double t, Runnable paint) {}

    /** How many classes were hidden and had to be painted again (a diagnostic). */
    int fallbacks;

    StreetSceneRenderer(int width, int height, long seed) {
        this.w = width;
        this.h = height;
        this.rnd = new Random(seed);
        this.c = new Canvas(width, height);
        yh = h * (0.36 + 0.12 * rnd.nextDouble());
        vx = w * (0.38 + 0.24 * rnd.nextDouble());
        double roadHalf = w * (0.28 + 0.14 * rnd.nextDouble());
        double shift = w * 0.1 * (rnd.nextDouble() * 2 - 1);
        roadL = w / 2.0 + shift - roadHalf;
        roadR = w / 2.0 + shift + roadHalf;
        swL = roadL - w * (0.12 + 0.12 * rnd.nextDouble());
        swR = roadR + w * (0.12 + 0.12 * rnd.nextDouble());
        grassL = swL - w * (0.05 + 0.25 * rnd.nextDouble());
        grassR = swR + w * (0.05 + 0.25 * rnd.nextDouble());
        pxPerMeter = h * 0.2;
    }

    /** x of a ground line through the vanishing point reaching {@code xBottom} at the bottom row. */
    private double lineX(double xBottom, double y) {
        double t = (y - yh) / (h - yh);
        return vx + t * (xBottom - vx);
    }

    private double depth(double y) {
        return (y - yh) / (h - yh);
    }

    LabeledImage render(String id) {
        sky();
        skyline();
        ground();
        facades();
        wallsAndFences();
        List<Placed> objects = new ArrayList<>();
        placeObjects(objects);
        objects.sort(Comparator.comparingDouble(Placed::t));
        objects.forEach(p -> p.paint().run());
        if (rnd.nextDouble() < 0.3) {
            egoHood();
        }
        fallbacks = guaranteeAllClasses();
        return finish(id);
    }

    // ---- materials -------------------------------------------------------------------------

    private Material mat(float r, float g, float b, float noise, float tex, float scale, float vary) {
        return Material.plain(r, g, b, noise, tex, scale, rnd.nextInt()).vary(rnd, vary);
    }

    private Material randomPaint() {
        float[][] palette = {{200, 30, 30}, {30, 60, 170}, {230, 230, 230}, {25, 25, 28},
            {150, 150, 155}, {40, 120, 60}, {220, 200, 40}, {120, 40, 120}, {200, 110, 30}};
        float[] p = palette[rnd.nextInt(palette.length)];
        return mat(p[0], p[1], p[2], 10, 0.08f, 6, 25);
    }

    // ---- background -------------------------------------------------------------------------

    private void sky() {
        Material top = mat(70, 120, 190, 4, 0.05f, 20, 20);
        Material low = mat(170, 195, 220, 4, 0.05f, 20, 20);
        float[] a = new float[3];
        float[] b = new float[3];
        for (int y = 0; y < h; y++) {
            double f = Math.min(1, y / Math.max(1, yh));
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                top.colour(x, y, a);
                low.colour(x, y, b);
                c.labels[i] = (byte) SKY;
                for (int k = 0; k < 3; k++) {
                    c.rgb[i * 3 + k] = (float) (a[k] * (1 - f) + b[k] * f);
                }
            }
        }
        int clouds = rnd.nextInt(4);
        Material cloud = mat(235, 235, 240, 5, 0.06f, 4, 10);
        for (int i = 0; i < clouds; i++) {
            c.blob(rnd.nextDouble() * w, rnd.nextDouble() * yh * 0.6, w * (0.05 + 0.1 * rnd.nextDouble()),
                    h * (0.03 + 0.04 * rnd.nextDouble()), rnd.nextInt(), SKY, cloud, true);
        }
    }

    private void skyline() {
        double x = -rnd.nextDouble() * 10;
        while (x < w) {
            double bw = w * (0.04 + 0.1 * rnd.nextDouble());
            if (rnd.nextDouble() < 0.25) {
                c.blob(x + bw / 2, yh - h * 0.03, bw * 0.6, h * (0.03 + 0.03 * rnd.nextDouble()),
                        rnd.nextInt(), VEGETATION, mat(60, 95, 45, 12, 0.3f, 2, 15), false);
            } else {
                double bh = h * (0.04 + 0.16 * rnd.nextDouble());
                c.rect(x, yh - bh, x + bw, yh + 1, BUILDING, facadeMaterial());
            }
            x += bw;
        }
    }

    private Material facadeMaterial() {
        float[][] tones = {{150, 140, 125}, {120, 115, 110}, {170, 150, 120}, {110, 85, 70},
            {185, 180, 170}, {95, 100, 110}};
        float[] t = tones[rnd.nextInt(tones.length)];
        return mat(t[0], t[1], t[2], 8, 0.12f, 5, 18);
    }

    private void ground() {
        Material road = mat(88, 84, 92, 9, 0.1f, 3, 10);
        Material side = mat(150, 140, 138, 8, 0.06f, 3, 18).stripes(4 + rnd.nextInt(4), rnd.nextBoolean(), 0.25f);
        Material grass = mat(115, 150, 70, 14, 0.2f, 3, 18);
        Material curb = mat(175, 170, 165, 6, 0.04f, 3, 8);
        for (int y = (int) Math.floor(yh); y < h; y++) {
            double rl = lineX(roadL, y + 0.5);
            double rr = lineX(roadR, y + 0.5);
            double sl = lineX(swL, y + 0.5);
            double sr = lineX(swR, y + 0.5);
            double gl = lineX(grassL, y + 0.5);
            double gr = lineX(grassR, y + 0.5);
            double curbW = Math.max(0.6, depth(y + 0.5) * w * 0.01);
            for (int x = 0; x < w; x++) {
                double px = x + 0.5;
                if (px >= rl && px < rr) {
                    c.put(x, y, ROAD, road);
                } else if ((px >= sl && px < rl) || (px >= rr && px < sr)) {
                    boolean atCurb = Math.abs(px - rl) < curbW || Math.abs(px - rr) < curbW;
                    c.put(x, y, SIDEWALK, atCurb ? curb : side);
                } else if ((px >= gl && px < sl) || (px >= sr && px < gr)) {
                    c.put(x, y, TERRAIN, grass);
                } else {
                    c.put(x, y, TERRAIN, grass);
                }
            }
        }
        // lane markings: dashes along the centre line, still road
        Material paint = mat(225, 225, 215, 6, 0.05f, 3, 5);
        double centre = (roadL + roadR) / 2 + (roadR - roadL) * 0.1 * (rnd.nextDouble() * 2 - 1);
        double phase = rnd.nextDouble();
        for (int y = (int) Math.ceil(yh + 1); y < h; y++) {
            double t = depth(y + 0.5);
            double z = 1.0 / Math.max(t, 1e-3);
            if (((z * 0.8 + phase) % 1.0) < 0.5) {
                double x = lineX(centre, y + 0.5);
                double half = Math.max(0.5, t * w * 0.008);
                for (int xx = (int) Math.floor(x - half); xx <= (int) Math.floor(x + half); xx++) {
                    if (c.inside(xx, y) && c.label(xx, y) == ROAD) {
                        c.tint(xx, y, paint);
                    }
                }
            }
        }
    }

    /** Side facades: vertical planes along the grass lines, split into buildings. */
    private void facades() {
        for (int side = 0; side < 2; side++) {
            if (rnd.nextDouble() < 0.15) {
                continue; // open side (park)
            }
            double baseBottom = side == 0 ? grassL : grassR;
            // columns from the vanishing point outwards, split into buildings
            int from = side == 0 ? 0 : (int) Math.ceil(vx);
            int to = side == 0 ? (int) Math.floor(vx) : w;
            double ratio = 1.5 + 2.5 * rnd.nextDouble();
            Material m = facadeMaterial();
            Material win = mat(45, 55, 70, 6, 0.1f, 3, 12);
            double period = 0.3 + 0.5 * rnd.nextDouble();
            double floors = 3 + rnd.nextInt(4);
            double nextSplit = 0.15 + 0.3 * rnd.nextDouble(); // in inverse-depth units
            for (int x = from; x < to; x++) {
                double px = x + 0.5;
                // base line y at this column
                double t = (px - vx) / (baseBottom - vx);
                if (t <= 0) {
                    continue;
                }
                double yb = yh + t * (h - yh);
                double z = 1.0 / t;
                int building = (int) Math.floor(z * nextSplit * 4);
                Random br = new Random(building * 7919L + side * 104729L + m.seed);
                double bRatio = ratio * (0.6 + 0.8 * br.nextDouble());
                Material bm = m.vary(br, 25);
                double yt = yh - (yb - yh) * bRatio;
                for (int y = Math.max(0, (int) Math.floor(yt)); y < Math.min(h, (int) Math.ceil(yb)); y++) {
                    double v = (yb - (y + 0.5)) / Math.max(1e-6, yb - yt);
                    boolean window = ((z * period) % 1.0) < 0.45 && ((v * floors) % 1.0) > 0.35
                            && ((v * floors) % 1.0) < 0.75 && v > 0.15 && v < 0.95;
                    c.put(x, y, BUILDING, window ? win : bm);
                }
            }
        }
    }

    /** A wall and a fence segment on the outer sidewalk lines (vertical planes). */
    private void wallsAndFences() {
        boolean wallLeft = rnd.nextBoolean();
        plane(wallLeft ? swL : swR, WALL, 0.25 + 0.25 * rnd.nextDouble(), false);
        plane(wallLeft ? swR : swL, FENCE, 0.2 + 0.2 * rnd.nextDouble(), true);
        if (rnd.nextDouble() < 0.4) {
            plane(wallLeft ? swL : swR, FENCE, 0.2 + 0.2 * rnd.nextDouble(), true);
        }
    }

    private void plane(double baseBottom, int label, double ratio, boolean lattice) {
        double t0 = 0.15 + 0.4 * rnd.nextDouble();
        double t1 = Math.min(1.3, t0 + 0.15 + 0.5 * rnd.nextDouble());
        Material m = label == WALL ? mat(165, 155, 140, 8, 0.1f, 3, 20).stripes(3 + rnd.nextInt(3), false, 0.2f)
                : mat(110, 100, 90, 10, 0.1f, 3, 25);
        double slat = 2 + rnd.nextInt(3);
        for (int x = 0; x < w; x++) {
            double px = x + 0.5;
            double t = (px - vx) / (baseBottom - vx);
            if (t < t0 || t > t1) {
                continue;
            }
            double yb = yh + t * (h - yh);
            double yt = yb - (yb - yh) * ratio;
            double z = 1 / t;
            for (int y = Math.max(0, (int) Math.floor(yt)); y < Math.min(h, (int) Math.ceil(yb)); y++) {
                if (lattice) {
                    double v = (yb - (y + 0.5)) / Math.max(1e-6, yb - yt);
                    boolean rail = v > 0.85 || (v > 0.4 && v < 0.5);
                    boolean post = ((z * slat) % 1.0) < 0.35;
                    if (!rail && !post) {
                        continue;
                    }
                }
                c.put(x, y, label, m);
            }
        }
    }

    // ---- objects -----------------------------------------------------------------------------

    private double randomT(double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }

    /** A ground x on a band between two lines (e.g. sidewalk) at depth t. */
    private double xBetween(double bottomA, double bottomB, double t) {
        double y = yh + t * (h - yh);
        double a = lineX(bottomA, y);
        double b = lineX(bottomB, y);
        return a + (b - a) * rnd.nextDouble();
    }

    private void placeObjects(List<Placed> out) {
        // trees on the grass / sidewalk edge
        int trees = 1 + rnd.nextInt(4);
        for (int i = 0; i < trees; i++) {
            double t = randomT(0.15, 0.9);
            boolean left = rnd.nextBoolean();
            double x = left ? xBetween(grassL, swL, t) : xBetween(swR, grassR, t);
            long s = rnd.nextLong();
            out.add(new Placed(t, () -> tree(x, t, s)));
        }
        // poles with a sign and with a light
        int poles = 2 + rnd.nextInt(2);
        for (int i = 0; i < poles; i++) {
            double t = randomT(0.2, 0.85);
            boolean left = rnd.nextBoolean();
            double x = left ? xBetween(swL + (roadL - swL) * 0.6, roadL, t)
                    : xBetween(roadR, roadR + (swR - roadR) * 0.4, t);
            int kind = i % 2 == 0 ? 0 : 1; // 0 sign, 1 light
            if (i >= 2) {
                kind = rnd.nextInt(3);
            }
            long s = rnd.nextLong();
            int k = kind;
            out.add(new Placed(t, () -> pole(x, t, k, s)));
        }
        // persons on the sidewalks
        int persons = 1 + rnd.nextInt(4);
        for (int i = 0; i < persons; i++) {
            double t = randomT(0.25, 0.95);
            boolean left = rnd.nextBoolean();
            double x = left ? xBetween(swL, roadL, t) : xBetween(roadR, swR, t);
            long s = rnd.nextLong();
            out.add(new Placed(t, () -> person(x, t, PERSON, s)));
        }
        // vehicles on the road (side view), spread over the width so few hide each other
        List<Integer> kinds = new ArrayList<>(List.of(TRAIN, BUS, TRUCK, MOTORCYCLE, BICYCLE));
        int cars = 1 + rnd.nextInt(3);
        for (int i = 0; i < cars; i++) {
            kinds.add(CAR);
        }
        java.util.Collections.shuffle(kinds, rnd);
        for (int i = 0; i < kinds.size(); i++) {
            int kind = kinds.get(i);
            double t;
            switch (kind) {
                case TRAIN:
                    t = randomT(0.1, 0.2);
                    break;
                case BUS:
                    t = randomT(0.15, 0.35);
                    break;
                case TRUCK:
                    t = randomT(0.2, 0.45);
                    break;
                default:
                    t = randomT(0.3, 0.95);
            }
            double slot = w * (0.08 + 0.84 * (i + 0.2 + 0.6 * rnd.nextDouble()) / kinds.size());
            out.add(new Placed(t, vehicle(kind, t, slot)));
        }
        if (rnd.nextDouble() < 0.5) { // a parked bicycle on the sidewalk, no rider
            double t = randomT(0.4, 0.95);
            double x = rnd.nextBoolean() ? xBetween(swL, roadL, t) : xBetween(roadR, swR, t);
            long s = rnd.nextLong();
            out.add(new Placed(t, () -> twoWheeler(x, t, BICYCLE, false, s)));
        }
    }

    private Runnable vehicle(int label, double t, double x) {
        long s = rnd.nextLong();
        switch (label) {
            case MOTORCYCLE:
                return () -> twoWheeler(x, t, MOTORCYCLE, true, s);
            case BICYCLE:
                return () -> twoWheeler(x, t, BICYCLE, true, s);
            default:
                return () -> boxVehicle(x, t, label, s);
        }
    }

    private void tree(double x, double t, long seed) {
        Random r = new Random(seed);
        double s = pxPerMeter * t;
        double yb = yh + t * (h - yh);
        double trunkH = s * (1.5 + 1.5 * r.nextDouble());
        Material bark = Material.plain(95, 70, 50, 10, 0.2f, 2, r.nextInt()).vary(r, 15);
        Material leaves = Material.plain(55, 100, 40, 18, 0.35f, 2, r.nextInt()).vary(r, 20);
        c.rect(x - Math.max(0.5, s * 0.12), yb - trunkH, x + Math.max(0.5, s * 0.12), yb, VEGETATION, bark);
        double cr = s * (1.2 + 1.3 * r.nextDouble());
        c.blob(x, yb - trunkH - cr * 0.6, cr, cr * (0.8 + 0.4 * r.nextDouble()), r.nextInt(), VEGETATION,
                leaves, false);
        if (r.nextDouble() < 0.5) { // a bush beside it
            c.blob(x + s * 1.2, yb - s * 0.4, s * 0.8, s * 0.45, r.nextInt(), VEGETATION, leaves, false);
        }
    }

    private void pole(double x, double t, int kind, long seed) {
        Random r = new Random(seed);
        double s = pxPerMeter * t;
        double yb = yh + t * (h - yh);
        double ph = s * (3.5 + 2 * r.nextDouble());
        double pw = Math.max(1.0, s * 0.12);
        Material metal = Material.plain(125, 128, 130, 8, 0.1f, 3, r.nextInt()).vary(r, 15);
        c.rect(x - pw / 2, yb - ph, x + pw / 2, yb, POLE, metal);
        double top = yb - ph;
        if (kind == 0 || kind == 2) { // sign
            double sr = Math.max(1.5, s * 0.35);
            double sy = top + sr;
            int shape = r.nextInt(3);
            Material rim = Material.plain(200, 30, 35, 8, 0.05f, 3, r.nextInt()).vary(r, 15);
            Material face = Material.plain(230, 230, 225, 6, 0.05f, 3, r.nextInt()).vary(r, 10);
            Material blue = Material.plain(30, 70, 170, 6, 0.05f, 3, r.nextInt()).vary(r, 15);
            Material yellow = Material.plain(230, 190, 30, 6, 0.05f, 3, r.nextInt()).vary(r, 15);
            if (shape == 0) {
                c.ellipse(x, sy, sr, sr, SIGN, rim);
                c.ellipse(x, sy, sr * 0.65, sr * 0.65, SIGN, face);
            } else if (shape == 1) {
                c.triangle(x, sy, sr * 1.1, true, SIGN, rim);
                c.triangle(x, sy + sr * 0.2, sr * 0.6, true, SIGN, face);
            } else {
                c.rect(x - sr, sy - sr, x + sr, sy + sr, SIGN, r.nextBoolean() ? blue : yellow);
            }
        }
        if (kind == 1 || kind == 2) { // light hanging from an arm or on top
            double lw = Math.max(1.5, s * 0.35);
            double lh = lw * 2.6;
            double lx = kind == 1 ? x + (r.nextBoolean() ? 1 : -1) * s * 0.8 : x;
            double ly = kind == 1 ? top : yb - ph * 0.55;
            if (kind == 1) {
                c.line(x, top, lx, top, Math.max(1, pw * 0.7), POLE, metal);
            }
            Material box = Material.plain(35, 35, 30, 6, 0.05f, 3, r.nextInt()).vary(r, 10);
            c.rect(lx - lw / 2, ly, lx + lw / 2, ly + lh, LIGHT, box);
            int lit = r.nextInt(3);
            float[][] cols = {{240, 40, 30}, {245, 180, 30}, {50, 220, 90}};
            Material bulb = Material.plain(cols[lit][0], cols[lit][1], cols[lit][2], 8, 0.05f, 2, r.nextInt());
            c.ellipse(lx, ly + lh * (0.2 + 0.3 * lit), lw * 0.32, lw * 0.32, LIGHT, bulb);
        }
    }

    private void person(double x, double t, int label, long seed) {
        Random r = new Random(seed);
        double s = pxPerMeter * t;
        double yb = yh + t * (h - yh);
        paintPerson(x, yb, s, label, r);
    }

    /** A person standing with feet at yb (or sitting if the caller lifts yb). */
    private void paintPerson(double x, double yb, double s, int label, Random r) {
        double height = s * (1.6 + 0.3 * r.nextDouble());
        Material clothes = Material.plain(60 + r.nextInt(170), 40 + r.nextInt(170), 40 + r.nextInt(170),
                10, 0.1f, 2, r.nextInt());
        Material legs = Material.plain(40, 42, 60, 8, 0.1f, 2, r.nextInt()).vary(r, 20);
        float[][] skins = {{225, 185, 160}, {190, 140, 110}, {120, 85, 60}};
        float[] sk = skins[r.nextInt(3)];
        Material skin = Material.plain(sk[0], sk[1], sk[2], 6, 0.05f, 2, r.nextInt());
        double bw = Math.max(1.2, height * 0.16);
        double legTop = yb - height * 0.47;
        c.rect(x - bw * 0.5, legTop, x - bw * 0.05, yb, label, legs);
        c.rect(x + bw * 0.05, legTop, x + bw * 0.5, yb, label, legs);
        c.ellipse(x, legTop - height * 0.17, bw * 0.62, height * 0.2, label, clothes);
        c.ellipse(x, yb - height * 0.9, Math.max(0.8, bw * 0.42), Math.max(0.8, height * 0.09), label, skin);
    }

    private void boxVehicle(double x, double t, int label, long seed) {
        Random r = new Random(seed);
        double s = pxPerMeter * t;
        double yb = yh + t * (h - yh);
        double len;
        double ht;
        switch (label) {
            case TRAIN:
                len = 18 + 6 * r.nextDouble();
                ht = 3.4;
                break;
            case BUS:
                len = 10 + 3 * r.nextDouble();
                ht = 3.0;
                break;
            case TRUCK:
                len = 6 + 3 * r.nextDouble();
                ht = 3.0 + 0.6 * r.nextDouble();
                break;
            default:
                len = 3.8 + 0.8 * r.nextDouble();
                ht = 1.4 + 0.2 * r.nextDouble();
        }
        double L = len * s;
        double H = ht * s;
        double x0 = x - L / 2;
        double wheelR = Math.max(1.0, s * (label == CAR ? 0.33 : 0.5));
        Material body = randomPaint().vary(r, 10);
        if (label == TRAIN) {
            body = Material.plain(225, 225, 220, 8, 0.06f, 4, r.nextInt()).vary(r, 15);
        }
        Material glass = Material.plain(40, 50, 65, 6, 0.15f, 3, r.nextInt()).vary(r, 10);
        Material tyre = Material.plain(22, 22, 24, 5, 0.05f, 2, r.nextInt());
        double bodyBottom = yb - (label == TRAIN ? 0.3 * s : wheelR * 0.9);
        switch (label) {
            case CAR: {
                double lower = H * 0.55;
                c.rect(x0, bodyBottom - lower, x0 + L, bodyBottom, label, body);
                double cabin0 = x0 + L * (0.2 + 0.05 * r.nextDouble());
                double cabin1 = x0 + L * (0.75 + 0.05 * r.nextDouble());
                for (int y = (int) Math.floor(bodyBottom - H); y < (int) Math.ceil(bodyBottom - lower); y++) {
                    double f = (bodyBottom - lower - (y + 0.5)) / (H - lower);
                    double a = cabin0 + f * L * 0.08;
                    double b = cabin1 - f * L * 0.1;
                    for (int xx = (int) Math.floor(a); xx < (int) Math.ceil(b); xx++) {
                        boolean pillar = Math.abs(xx + 0.5 - (a + b) / 2) < Math.max(0.5, s * 0.06);
                        c.put(xx, y, label, f > 0.85 || pillar ? body : glass);
                    }
                }
                break;
            }
            case TRUCK: {
                double cab = L * 0.28;
                boolean cabFront = r.nextBoolean();
                double cx0 = cabFront ? x0 : x0 + L - cab;
                Material cargo = Material.plain(200, 200, 195, 8, 0.08f, 4, r.nextInt()).vary(r, 25);
                c.rect(cabFront ? x0 + cab : x0, bodyBottom - H, cabFront ? x0 + L : x0 + L - cab,
                        bodyBottom - 0.1 * H, label, cargo);
                c.rect(cx0, bodyBottom - H * 0.75, cx0 + cab, bodyBottom, label, body);
                c.rect(cx0 + cab * 0.2, bodyBottom - H * 0.7, cx0 + cab * 0.8, bodyBottom - H * 0.45, label, glass);
                c.rect(x0, bodyBottom - 0.12 * H, x0 + L, bodyBottom, label, tyre);
                break;
            }
            case BUS:
            case TRAIN: {
                c.rect(x0, bodyBottom - H, x0 + L, bodyBottom, label, body);
                double wy0 = bodyBottom - H * 0.8;
                double wy1 = bodyBottom - H * (label == TRAIN ? 0.45 : 0.5);
                double pitch = s * (label == TRAIN ? 1.6 : 1.3);
                for (double wx = x0 + pitch * 0.3; wx + pitch * 0.6 < x0 + L; wx += pitch) {
                    c.rect(wx, wy0, wx + pitch * 0.7, wy1, label, glass);
                }
                if (label == TRAIN) { // stripe and pantograph
                    Material stripe = Material.plain(200, 30, 40, 6, 0.05f, 3, r.nextInt()).vary(r, 20);
                    c.rect(x0, bodyBottom - H * 0.3, x0 + L, bodyBottom - H * 0.2, label, stripe);
                    c.line(x0 + L * 0.4, bodyBottom - H, x0 + L * 0.5, bodyBottom - H * 1.25,
                            Math.max(1, s * 0.08), label, tyre);
                }
                break;
            }
            default:
                throw new IllegalStateException("no box vehicle " + label);
        }
        if (label != TRAIN) {
            c.ellipse(x0 + L * 0.18, yb - wheelR, wheelR, wheelR, label, tyre);
            c.ellipse(x0 + L * 0.82, yb - wheelR, wheelR, wheelR, label, tyre);
            if (label == BUS || label == TRUCK) {
                c.ellipse(x0 + L * 0.65, yb - wheelR, wheelR, wheelR, label, tyre);
            }
        }
    }

    private void twoWheeler(double x, double t, int label, boolean withRider, long seed) {
        Random r = new Random(seed);
        double s = pxPerMeter * t;
        double yb = yh + t * (h - yh);
        double len = (label == MOTORCYCLE ? 2.0 : 1.7) * s;
        double wr = Math.max(1.2, (label == MOTORCYCLE ? 0.32 : 0.35) * s);
        double xa = x - len / 2 + wr;
        double xb = x + len / 2 - wr;
        double wy = yb - wr;
        Material tyre = Material.plain(25, 25, 28, 5, 0.05f, 2, r.nextInt());
        Material frame = label == MOTORCYCLE ? randomPaint().vary(r, 10)
                : Material.plain(60 + r.nextInt(150), 60 + r.nextInt(150), 60 + r.nextInt(150), 8, 0.05f, 2, r.nextInt());
        double th = Math.max(1.0, s * 0.06);
        if (label == MOTORCYCLE) {
            c.ellipse(xa, wy, wr, wr, label, tyre);
            c.ellipse(xb, wy, wr, wr, label, tyre);
            c.ellipse(x, wy - wr * 0.9, len * 0.3, wr * 0.7, label, frame);
            c.rect(x - len * 0.1, wy - wr * 1.6, x + len * 0.25, wy - wr * 1.1, label, frame);
        } else {
            c.ring(xa, wy, wr, th, label, tyre);
            c.ring(xb, wy, wr, th, label, tyre);
            double seatX = x - len * 0.1;
            double seatY = wy - wr * 1.5;
            double barX = xb - wr * 0.3;
            double barY = wy - wr * 1.7;
            c.line(xa, wy, seatX, seatY, th, label, frame);
            c.line(xa, wy, x + len * 0.05, wy, th, label, frame);
            c.line(x + len * 0.05, wy, seatX, seatY, th, label, frame);
            c.line(x + len * 0.05, wy, barX, barY, th, label, frame);
            c.line(seatX, seatY, barX, barY, th, label, frame);
            c.line(barX, barY, xb, wy, th, label, frame);
        }
        if (withRider) {
            // a person sitting: feet at wheel height, torso above the seat
            double sitBase = wy - wr * 0.2;
            paintPerson(x - len * 0.05, sitBase, s * 0.95, RIDER, r);
        }
    }

    private void egoHood() {
        Material hood = mat(30, 30, 35, 5, 0.08f, 6, 15);
        double top = h * (0.9 + 0.05 * rnd.nextDouble());
        for (int y = (int) Math.floor(top); y < h; y++) {
            double f = (y - top) / (h - top);
            double half = w * (0.35 + 0.15 * f);
            for (int x = (int) (w / 2 - half); x < (int) (w / 2 + half); x++) {
                c.put(x, y, EGO, hood);
            }
        }
    }

    /** Paints a near, unoccluded instance of every class that ended up hidden. */
    private int guaranteeAllClasses() {
        int painted = 0;
        for (int round = 0; round < 40; round++) {
            int id = firstMissing();
            if (id < 0) {
                return painted;
            }
            painted++;
            repaint(id);
        }
        throw new IllegalStateException("synthetic scene: could not show every class");
    }

    private int firstMissing() {
        boolean[] seen = new boolean[256];
        for (byte b : c.labels) {
            seen[b & 0xFF] = true;
        }
        for (int id : EVALUATED) {
            if (!seen[id]) {
                return id;
            }
        }
        return -1;
    }

    private void repaint(int id) {
        double t = randomT(0.55, 0.9);
        double x = xBetween(roadL, roadR, t);
        long s = rnd.nextLong();
        switch (id) {
            case ROAD:
            case SIDEWALK:
            case TERRAIN: {
                int y = (int) (yh + t * (h - yh));
                c.rect(x - 3, y - 2, x + 3, y + 2, id, mat(id == ROAD ? 88 : id == SIDEWALK ? 150 : 115,
                        id == TERRAIN ? 150 : 90, 90, 8, 0.1f, 3, 10));
                break;
            }
            case SKY:
                c.rect(0, 0, w, Math.max(2, yh * 0.1), SKY, mat(70, 120, 190, 4, 0.05f, 20, 20));
                break;
            case BUILDING:
                c.rect(w * 0.4, yh - h * 0.1, w * 0.6, yh, BUILDING, facadeMaterial());
                break;
            case WALL:
            case FENCE:
                plane(swL, id, 0.4, id == FENCE);
                plane(swR, id, 0.4, id == FENCE);
                break;
            case VEGETATION:
                tree(xBetween(swL, roadL, t), t, s);
                break;
            case POLE:
            case LIGHT:
                pole(xBetween(roadR, swR, t), t, 1, s);
                break;
            case SIGN:
                pole(xBetween(swL, roadL, t), t, 0, s);
                break;
            case PERSON:
                person(xBetween(roadR, swR, t), t, PERSON, s);
                break;
            case RIDER:
                twoWheeler(x, t, BICYCLE, true, s);
                break;
            case MOTORCYCLE:
                twoWheeler(x, t, MOTORCYCLE, false, s);
                break;
            case BICYCLE:
                twoWheeler(x, t, BICYCLE, false, s);
                break;
            default:
                boxVehicle(x, Math.min(t, id == TRAIN ? 0.2 : 0.4), id, s);
        }
    }

    private LabeledImage finish(String id) {
        // global illumination and tint: absolute colour is not a reliable cue
        double light = 0.75 + 0.45 * rnd.nextDouble();
        double[] tint = {1 + 0.08 * (rnd.nextDouble() * 2 - 1), 1 + 0.08 * (rnd.nextDouble() * 2 - 1),
            1 + 0.08 * (rnd.nextDouble() * 2 - 1)};
        // soft vertical shading towards the bottom (shadow of the street canyon)
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            double shade = light * (1.0 - 0.15 * Math.max(0, (y - yh) / (h - yh)));
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                for (int k = 0; k < 3; k++) {
                    double v = c.rgb[i + k] * shade * tint[k];
                    rgb[i + k] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
                }
            }
        }
        return new LabeledImage(id, w, h, rgb, c.labels.clone());
    }
}
