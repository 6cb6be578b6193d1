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
 * <p>Closing the recognizer closes the scorer, unless it was made with {@link #borrowing}.
 */
public final class CalibratedRecognizer implements UnknownTaskRecognizer {

    private final KnownnessScorer scorer;
    private final Calibration calibration;
    private final boolean ownsScorer;

    private CalibratedRecognizer(KnownnessScorer scorer, Calibration calibration, boolean ownsScorer) {
        this.scorer = scorer;
        this.calibration = calibration;
        this.ownsScorer = ownsScorer;
    }

    /**
     * Pairs a scorer with its calibration.
     *
     * @throws IllegalArgumentException if the calibration was made for another model or class
     *     space than the scorer's
     */
    public static CalibratedRecognizer of(KnownnessScorer scorer, Calibration calibration) {
        return create(scorer, calibration, true);
    }

    /**
     * Pairs a scorer with its calibration without taking over the scorer: closing the recognizer
     * leaves the scorer open (e.g. one scorer serving several recognizers).
     *
     * @throws IllegalArgumentException as {@link #of}
     */
    public static CalibratedRecognizer borrowing(KnownnessScorer scorer, Calibration calibration) {
        return create(scorer, calibration, false);
    }

    private static CalibratedRecognizer create(KnownnessScorer scorer, Calibration calibration, boolean owns) {
        Objects.requireNonNull(scorer, "scorer");
        Objects.requireNonNull(calibration, "calibration");
        calibration.requireCompatible(scorer);
        return new CalibratedRecognizer(scorer, calibration, owns);
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

    @Override
    public void close() {
        if (ownsScorer) {
            scorer.close();
        }
    }
}
