/**
 * Inference: {@link org.lifelongseg.core.infer.Segmenter} (an image to a DJL {@code
 * CategoryMask}), its {@link org.lifelongseg.core.infer.SegmentationTranslator}, and {@link
 * org.lifelongseg.core.infer.InputSpec}, what every checkpoint records of how its model must be
 * fed.
 *
 * <pre>{@code
 * try (Model model = ErfNetModels.load(weights, 0, Device.cpu());
 *         Segmenter segmenter = Segmenter.builder().setModel(model).build()) {
 *     CategoryMask mask = segmenter.segment(Path.of("frame.png"));
 * }
 * }</pre>
 *
 * <p><b>Ownership, one rule for the whole library (DJL's):</b> whoever creates a model, or any
 * other {@link AutoCloseable}, closes it; whatever is handed one borrows it and never closes it.
 * The {@code Segmenter}, the confidence scorers, {@code CalibratedRecognizer}, the recognition
 * pipeline, the evaluators and a {@code Teacher} made from a block all borrow what they are given
 * and close only what they created themselves (a predictor). A loader that creates a model and
 * returns something else that uses it ({@code ErfNetTeachers.fromCheckpoint}, {@code
 * Teachers.fromCheckpoint}) hands that model over: closing what it returned closes the model.
 */
package org.lifelongseg.core.infer;
