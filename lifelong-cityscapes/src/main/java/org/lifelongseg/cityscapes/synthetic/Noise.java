package org.lifelongseg.cityscapes.synthetic;

/** Deterministic hash noise and smooth value noise for textures. */
final class Noise {

    private Noise() {}

    /** A hash of (x, y, seed) in [0, 1). */
    static float hash(int x, int y, int seed) {
        int h = x * 374761393 + y * 668265263 + seed * 1274126177;
        h = (h ^ (h >>> 13)) * 1274126177;
        h ^= h >>> 16;
        return (h & 0xFFFFFF) / (float) 0x1000000;
    }

    /** Smooth value noise in [0, 1) at (x, y) in lattice units. */
    static float value(double x, double y, int seed) {
        int xi = (int) Math.floor(x);
        int yi = (int) Math.floor(y);
        double fx = x - xi;
        double fy = y - yi;
        double sx = fx * fx * (3 - 2 * fx);
        double sy = fy * fy * (3 - 2 * fy);
        double a = hash(xi, yi, seed);
        double b = hash(xi + 1, yi, seed);
        double c = hash(xi, yi + 1, seed);
        double d = hash(xi + 1, yi + 1, seed);
        return (float) (a + (b - a) * sx + (c - a) * sy + (a - b - c + d) * sx * sy);
    }
}
