package org.lifelongseg.core.recognize;

/** The per-pixel confidence a {@link SegmentationConfidenceScorer} averages. */
public enum ConfidenceStatistic {
    /** The largest softmax probability (Hendrycks and Gimpel's baseline), in (0, 1]. */
    MAX_SOFTMAX("max_softmax"),
    /** Minus the softmax entropy divided by log(C), in [-1, 0]: 0 = certain, -1 = uniform. */
    NEGATIVE_ENTROPY("neg_entropy");

    private final String key;

    ConfidenceStatistic(String key) {
        this.key = key;
    }

    /** A short name used in score names and identities. */
    public String key() {
        return key;
    }

    /** Parses {@code max_softmax} or {@code neg_entropy} (or the constant names). */
    public static ConfidenceStatistic parse(String name) {
        for (ConfidenceStatistic s : values()) {
            if (s.key.equalsIgnoreCase(name) || s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown confidence statistic '" + name + "': expected max_softmax or neg_entropy");
    }
}
