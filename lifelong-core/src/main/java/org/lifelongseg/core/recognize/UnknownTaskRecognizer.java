package org.lifelongseg.core.recognize;

import java.util.List;

/**
 * Splits inference samples into seen (a known task: send to the segmenter) and unseen (an unknown
 * task: keep out of the predictions, collect for the next learning step), as Ianvs' {@code
 * unseen_sample_recognition} module does.
 *
 * <pre>{@code
 * try (UnknownTaskRecognizer r = CalibratedRecognizer.of(scorer, Calibration.load(file))) {
 *     Recognition result = r.recognize(samples);
 *     result.seen();   result.unseen();   result.threshold();
 * }
 * }</pre>
 */
public interface UnknownTaskRecognizer extends AutoCloseable {

    /** Scores and splits the samples (result in input order). */
    Recognition recognize(List<ImageSample> samples);

    @Override
    void close();
}
