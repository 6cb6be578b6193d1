package org.lifelongseg.cityscapes.synthetic;

import java.util.Random;

/**
 * The appearance of a surface: a base colour (0..255) with per-pixel noise, a blotchy texture and
 * an optional stripe pattern.
 */
final class Material {

    final float r;
    final float g;
    final float b;
    final float noise;
    final float texture;
    final float textureScale;
    final int seed;
    /** Stripe pattern: period in pixels (0 = none), orientation, darkening. */
    final float stripePeriod;
    final boolean stripesVertical;
    final float stripeDark;

    Material(float r, float g, float b, float noise, float texture, float textureScale, int seed,
            float stripePeriod, boolean stripesVertical, float stripeDark) {
        this.r = r;
        this.g = g;
        this.b = b;
        this.noise = noise;
        this.texture = texture;
        this.textureScale = Math.max(1f, textureScale);
        this.seed = seed;
        this.stripePeriod = stripePeriod;
        this.stripesVertical = stripesVertical;
        this.stripeDark = stripeDark;
    }

    static Material plain(float r, float g, float b, float noise, float texture, float scale, int seed) {
        return new Material(r, g, b, noise, texture, scale, seed, 0, false, 0);
    }

    /** A copy with the base colour jittered by up to {@code amount} per channel and brightness. */
    Material vary(Random rnd, float amount) {
        float k = 1 + (rnd.nextFloat() * 2 - 1) * amount / 100f;
        return new Material(
                clamp(r * k + (rnd.nextFloat() * 2 - 1) * amount),
                clamp(g * k + (rnd.nextFloat() * 2 - 1) * amount),
                clamp(b * k + (rnd.nextFloat() * 2 - 1) * amount),
                noise, texture, textureScale, rnd.nextInt(), stripePeriod, stripesVertical, stripeDark);
    }

    Material stripes(float period, boolean vertical, float dark) {
        return new Material(r, g, b, noise, texture, textureScale, seed, period, vertical, dark);
    }

    static float clamp(float v) {
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }

    void colour(int x, int y, float[] out) {
        float n = (Noise.hash(x, y, seed) * 2 - 1) * noise;
        float t = 1 + (Noise.value(x / textureScale, y / textureScale, seed ^ 0x5bd1e995) * 2 - 1) * texture;
        if (stripePeriod > 0) {
            float p = (stripesVertical ? x : y) % stripePeriod;
            if (p < 1f) {
                t *= 1 - stripeDark;
            }
        }
        out[0] = r * t + n;
        out[1] = g * t + n;
        out[2] = b * t + n;
    }
}
