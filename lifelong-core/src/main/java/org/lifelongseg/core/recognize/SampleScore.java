package org.lifelongseg.core.recognize;

import java.util.Objects;

/**
 * The recognizer's verdict on one sample.
 *
 * @param id the sample's id (e.g. its file name)
 * @param score the known-ness score (higher = more like the known tasks)
 * @param seen whether the sample is taken as belonging to a known task ({@code score >= threshold})
 */
public record SampleScore(String id, double score, boolean seen) {

    /** Checks the id and score. */
    public SampleScore {
        Objects.requireNonNull(id, "id");
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException(id + ": score is NaN");
        }
    }
}
