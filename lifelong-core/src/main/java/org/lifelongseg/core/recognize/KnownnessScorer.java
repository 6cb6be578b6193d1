package org.lifelongseg.core.recognize;

import java.util.List;
import org.lifelongseg.core.image.RgbImage;

/**
 * Scores images by how much they look like the known tasks (higher = more known); the part of an
 * {@link UnknownTaskRecognizer} that a {@link Calibration} turns into a decision.
 *
 * <pre>{@code
 * try (KnownnessScorer scorer = SegmentationConfidenceScorer.builder()...build()) {
 *     double[] s = scorer.score(images);
 *     Calibration c = Calibration.fromScores(scorer, s, 0.95);
 * }
 * }</pre>
 */
public interface KnownnessScorer extends AutoCloseable {

    /**
     * What a calibration of this scorer is valid for: the model and its class space (e.g. {@code
     * model=enet20; classes=road,...; stat=max_softmax}). A calibration stores it and refuses a
     * scorer with another identity.
     */
    String identity();

    /** The score's name, e.g. {@code mean_max_softmax}. */
    String scoreName();

    /** One finite score per image, in order. */
    double[] score(List<RgbImage> images);

    @Override
    void close();
}
