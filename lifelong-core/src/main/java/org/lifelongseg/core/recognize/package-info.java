/**
 * Unknown-task recognition for lifelong learning: deciding per inference sample whether it belongs
 * to a known task (seen) or not (unseen), calibrating the decision threshold on known data,
 * collecting the unseen samples for the next task, and measuring the separation (AUROC, FPR at a
 * TPR).
 *
 * <pre>{@code
 * KnownnessScorer scorer = SegmentationConfidenceScorer.builder().setModel(m).optClassNames(n).build();
 * Calibration cal = Calibration.fit(scorer, knownValidationImages, 0.95);
 * try (UnknownTaskRecognizer r = CalibratedRecognizer.of(scorer, cal)) {
 *     RecognitionRound round = RecognitionPipeline.builder().setRecognizer(r)
 *             .setOutputDirectory(out).build().run(incomingFolder);
 * }
 * }</pre>
 */
package org.lifelongseg.core.recognize;
