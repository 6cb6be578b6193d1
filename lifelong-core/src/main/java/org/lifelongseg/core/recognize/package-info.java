/**
 * Unknown-task recognition for lifelong learning: deciding per inference sample whether it belongs
 * to a known task (seen) or not (unseen), calibrating the decision threshold on known data,
 * collecting the unseen samples for the next task, and measuring the separation (AUROC, FPR at a
 * TPR).
 *
 * <pre>{@code
 * try (KnownnessScorer scorer = SegmentationConfidenceScorer.builder().setModel(model).build()) {
 *     Calibration cal = Calibration.fit(scorer, knownValidationImages, 0.95);
 *     UnknownTaskRecognizer r = CalibratedRecognizer.of(scorer, cal);   // borrows the scorer
 *     RecognitionRound round = RecognitionPipeline.builder().setRecognizer(r)
 *             .setOutputDirectory(out).build().run(incomingFolder);
 * }
 * }</pre>
 *
 * <p>Ownership follows the library's one rule ({@link org.lifelongseg.core.infer}): the scorer
 * borrows the model, the recognizer and the pipeline borrow the scorer; each is closed by whoever
 * created it.
 */
package org.lifelongseg.core.recognize;
