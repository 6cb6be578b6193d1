package org.lifelongseg.core.recognize;

import java.util.List;
import org.lifelongseg.core.image.RgbImage;

/** A test scorer: mean brightness in [0, 1] ("dark scenes are unknown"). */
final class BrightnessScorer implements KnownnessScorer {

    private final String identity;
    boolean closed;

    BrightnessScorer(String identity) {
        this.identity = identity;
    }

    static double brightness(RgbImage img) {
        long s = 0;
        for (byte b : img.pixels()) {
            s += b & 0xFF;
        }
        return s / (255.0 * img.pixels().length);
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public String scoreName() {
        return "brightness";
    }

    @Override
    public double[] score(List<RgbImage> images) {
        return images.stream().mapToDouble(BrightnessScorer::brightness).toArray();
    }

    @Override
    public void close() {
        closed = true;
    }

    static RgbImage gray(int value, int w, int h) {
        byte[] p = new byte[w * h * 3];
        java.util.Arrays.fill(p, (byte) value);
        return new RgbImage(w, h, p);
    }
}
