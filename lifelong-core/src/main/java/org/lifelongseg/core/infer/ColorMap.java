package org.lifelongseg.core.infer;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;

/**
 * Colours a class map for people to look at: one RGB colour per class index, black for indices
 * without a colour (e.g. 255 = void).
 *
 * <pre>{@code
 * ColorMap palette = ColorMap.of(rgbPerClass);           // e.g. the Cityscapes colours
 * BufferedImage colours = palette.colorize(mask, width, height);
 * BufferedImage overlay = palette.overlay(image, mask, 0.5);
 * }</pre>
 */
public final class ColorMap {

    private final int[] rgb;

    private ColorMap(int[] rgb) {
        this.rgb = rgb;
    }

    /** A colour map from colours 0xRRGGBB, index = class index. */
    public static ColorMap of(int... rgbPerClass) {
        return new ColorMap(rgbPerClass.clone());
    }

    /** A colour map of {@code n} well-separated colours (golden-ratio hues), for any class list. */
    public static ColorMap distinct(int n) {
        int[] colors = new int[n];
        for (int i = 0; i < n; i++) {
            float hue = (float) ((i * 0.618033988749895) % 1.0);
            colors[i] = java.awt.Color.HSBtoRGB(hue, 0.65f, 0.95f) & 0xFFFFFF;
        }
        return new ColorMap(colors);
    }

    /** The colour 0xRRGGBB of a class index (black when it has none). */
    public int colorOf(int classIndex) {
        return classIndex >= 0 && classIndex < rgb.length ? rgb[classIndex] : 0;
    }

    /** Colours a row-major class map. */
    public BufferedImage colorize(int[] mask, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < width * height; i++) {
            int c = colorOf(mask[i]);
            bgr[i * 3] = (byte) c;
            bgr[i * 3 + 1] = (byte) (c >>> 8);
            bgr[i * 3 + 2] = (byte) (c >>> 16);
        }
        return img;
    }

    /** Blends the colours of a class map over an image: {@code alpha} = weight of the colours. */
    public BufferedImage overlay(BufferedImage image, int[] mask, double alpha) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (mask.length != w * h) {
            throw new IllegalArgumentException(
                    "mask has " + mask.length + " pixels, image is " + w + "x" + h);
        }
        if (alpha < 0 || alpha > 1) {
            throw new IllegalArgumentException("alpha must be in [0, 1]: " + alpha);
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < argb.length; i++) {
            int c = colorOf(mask[i]);
            int p = argb[i];
            int r = blend((p >>> 16) & 0xFF, (c >>> 16) & 0xFF, alpha);
            int g = blend((p >>> 8) & 0xFF, (c >>> 8) & 0xFF, alpha);
            int b = blend(p & 0xFF, c & 0xFF, alpha);
            argb[i] = (r << 16) | (g << 8) | b;
        }
        out.setRGB(0, 0, w, h, argb, 0, w);
        return out;
    }

    /** The number of coloured classes. */
    public int size() {
        return rgb.length;
    }

    private static int blend(int base, int color, double alpha) {
        return (int) Math.round(base * (1 - alpha) + color * alpha);
    }

    @Override
    public String toString() {
        return "ColorMap" + Arrays.toString(rgb);
    }
}
