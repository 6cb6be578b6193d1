package org.lifelongseg.core.data.transform;

/**
 * Colour jitter on 8-bit interleaved RGB, following torchvision's functional ops on Pillow images
 * (Pillow {@code ImageEnhance} blends with truncation, luma {@code L = (19595 R + 38470 G + 7471 B
 * + 2^15) >> 16}, hue through Pillow's 8-bit HSV with a wrapping shift of {@code int(hue*255)}).
 *
 * <pre>{@code
 * ColorJitter.apply(rgb, 1.1f, 0.9f, 1.2f, -0.05f);   // brightness, contrast, saturation, hue
 * }</pre>
 */
public final class ColorJitter {

    private ColorJitter() {}

    /** Applies brightness, contrast, saturation and hue, in that order, in place. */
    public static void apply(byte[] rgb, float brightness, float contrast, float saturation, float hue) {
        brightness(rgb, brightness);
        contrast(rgb, contrast);
        saturation(rgb, saturation);
        hue(rgb, hue);
    }

    /** Pillow's {@code ImagingBlend(in1, in2, alpha)} for one value. */
    static int blend(int in1, int in2, float alpha) {
        float t = in1 + alpha * (in2 - in1);
        if (alpha >= 0 && alpha <= 1) {
            return (int) t;
        }
        if (t <= 0f) {
            return 0;
        }
        if (t >= 255f) {
            return 255;
        }
        return (int) t;
    }

    static int luma(int r, int g, int b) {
        return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    }

    /** Blend with black by {@code factor}. */
    public static void brightness(byte[] rgb, float factor) {
        if (factor == 1f) {
            return;
        }
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) blend(0, rgb[i] & 0xFF, factor);
        }
    }

    /** Blend with the rounded mean luma by {@code factor}. */
    public static void contrast(byte[] rgb, float factor) {
        if (factor == 1f) {
            return;
        }
        long sum = 0;
        int n = rgb.length / 3;
        for (int i = 0; i < rgb.length; i += 3) {
            sum += luma(rgb[i] & 0xFF, rgb[i + 1] & 0xFF, rgb[i + 2] & 0xFF);
        }
        int mean = (int) ((double) sum / n + 0.5);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) blend(mean, rgb[i] & 0xFF, factor);
        }
    }

    /** Blend with the pixel's luma by {@code factor}. */
    public static void saturation(byte[] rgb, float factor) {
        if (factor == 1f) {
            return;
        }
        for (int i = 0; i < rgb.length; i += 3) {
            int l = luma(rgb[i] & 0xFF, rgb[i + 1] & 0xFF, rgb[i + 2] & 0xFF);
            rgb[i] = (byte) blend(l, rgb[i] & 0xFF, factor);
            rgb[i + 1] = (byte) blend(l, rgb[i + 1] & 0xFF, factor);
            rgb[i + 2] = (byte) blend(l, rgb[i + 2] & 0xFF, factor);
        }
    }

    /** Shifts the 8-bit hue by {@code int(factor * 255)} (wrapping); factor in [-0.5, 0.5]. */
    public static void hue(byte[] rgb, float factor) {
        int shift = ((int) (factor * 255f)) & 0xFF;
        if (shift == 0) {
            return;
        }
        for (int i = 0; i < rgb.length; i += 3) {
            int r = rgb[i] & 0xFF;
            int g = rgb[i + 1] & 0xFF;
            int b = rgb[i + 2] & 0xFF;
            int maxc = Math.max(r, Math.max(g, b));
            int minc = Math.min(r, Math.min(g, b));
            if (maxc == minc) {
                continue; // grey: s = 0, unchanged by a hue shift
            }
            float cr = maxc - minc;
            float s = cr / maxc;
            float rc = (maxc - r) / cr;
            float gc = (maxc - g) / cr;
            float bc = (maxc - b) / cr;
            float h;
            if (r == maxc) {
                h = bc - gc;
            } else if (g == maxc) {
                h = 2.0f + rc - bc;
            } else {
                h = 4.0f + gc - rc;
            }
            double hh = ((h / 6.0) + 1.0) % 1.0;
            int uh = clamp8((int) (hh * 255.0));
            int us = clamp8((int) (s * 255.0));
            int uv = maxc;
            uh = (uh + shift) & 0xFF;
            // Pillow hsv2rgb
            if (us == 0) {
                rgb[i] = rgb[i + 1] = rgb[i + 2] = (byte) uv;
                continue;
            }
            int ii = (int) Math.floor(uh * 6.0 / 255.0);
            double f = uh * 6.0 / 255.0 - ii;
            double fs = us / 255.0;
            int p = clamp8((int) Math.round(uv * (1.0 - fs)));
            int q = clamp8((int) Math.round(uv * (1.0 - fs * f)));
            int t = clamp8((int) Math.round(uv * (1.0 - fs * (1.0 - f))));
            int nr;
            int ng;
            int nb;
            switch (ii % 6) {
                case 0: nr = uv; ng = t; nb = p; break;
                case 1: nr = q; ng = uv; nb = p; break;
                case 2: nr = p; ng = uv; nb = t; break;
                case 3: nr = p; ng = q; nb = uv; break;
                case 4: nr = t; ng = p; nb = uv; break;
                default: nr = uv; ng = p; nb = q; break;
            }
            rgb[i] = (byte) nr;
            rgb[i + 1] = (byte) ng;
            rgb[i + 2] = (byte) nb;
        }
    }

    private static int clamp8(int v) {
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }
}
