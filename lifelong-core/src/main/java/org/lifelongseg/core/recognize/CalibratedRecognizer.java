package org.lifelongseg.core.recognize;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;
import org.lifelongseg.core.image.RgbImage;

/**
 * An {@link UnknownTaskRecognizer} from a {@link KnownnessScorer} and the {@link Calibration} of
 * its threshold: a sample is seen iff its score {@code >=} the calibrated threshold.
 *
 * <pre>{@code
 * KnownnessScorer scorer = ...;
 * Calibration cal = Calibration.fit(scorer, knownValidationImages, 0.95);
 * try (CalibratedRecognizer r = CalibratedRecognizer.of(scorer, cal)) {
 *     Recognition result = r.recognize(samples);
 * }
 * }</pre>
 *
 * <p>The recognizer borrows the scorer, as every consumer of this library borrows what it is
 * given: closing the recognizer leaves the scorer open; close the scorer where it was created.
 */
public final class CalibratedRecognizer implements UnknownTaskRecognizer {

    private final KnownnessScorer scorer;
    private final Calibration calibration;

    private CalibratedRecognizer(KnownnessScorer scorer, Calibration calibration) {
        this.scorer = scorer;
        this.calibration = calibration;
    }

    /**
     * Pairs a scorer (borrowed) with its calibration.
     *
     * @throws IllegalArgumentException if the calibration was made for another model or class
     *     space than the scorer's
     */
    public static CalibratedRecognizer of(KnownnessScorer scorer, Calibration calibration) {
        Objects.requireNonNull(scorer, "scorer");
        Objects.requireNonNull(calibration, "calibration");
        calibration.requireCompatible(scorer);
        return new CalibratedRecognizer(scorer, calibration);
    }

    @Override
    public Recognition recognize(List<ImageSample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to recognize");
        }
        List<RgbImage> images = samples.stream().map(ImageSample::image).collect(ImmutableList.toImmutableList());
        double[] scores = scorer.score(images);
        return fromScores(samples.stream().map(ImageSample::id).toList(), scores);
    }

    /**
     * Splits samples already scored by this recognizer's scorer (e.g. with {@link
     * SegmentationConfidenceScorer#scoreLogits} on logits the segmenter computed anyway).
     */
    public Recognition fromScores(List<String> ids, double[] scores) {
        return Recognition.of(ids, scores, calibration.threshold(), scorer.scoreName());
    }

    /** The scorer. */
    public KnownnessScorer scorer() {
        return scorer;
    }

    /** The calibration. */
    public Calibration calibration() {
        return calibration;
    }

    /** Holds nothing of its own: the borrowed scorer stays open. */
    @Override
    public void close() {}
}
