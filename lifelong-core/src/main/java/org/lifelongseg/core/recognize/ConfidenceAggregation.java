package org.lifelongseg.core.recognize;

/** How a {@link SegmentationConfidenceScorer} reduces per-pixel confidences to one image score. */
public enum ConfidenceAggregation {
    /** The mean over all pixels. */
    PIXEL_MEAN("pixel_mean"),
    /**
     * The mean over the predicted classes of each class's mean confidence (pixels grouped by their
     * argmax), so large confident regions (road, sky) do not hide small uncertain ones.
     */
    CLASS_MEAN("class_mean");

    private final String key;

    ConfidenceAggregation(String key) {
        this.key = key;
    }

    /** A short name used in score names and identities. */
    public String key() {
        return key;
    }

    /** Parses {@code pixel_mean} or {@code class_mean} (or the constant names). */
    public static ConfidenceAggregation parse(String name) {
        for (ConfidenceAggregation a : values()) {
            if (a.key.equalsIgnoreCase(name) || a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                "unknown confidence aggregation '" + name + "': expected pixel_mean or class_mean");
    }
}
