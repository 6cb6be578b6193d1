package org.lifelongseg.core.report;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one unknown-task recognizer did in a run: known-vs-unknown separation (AUROC, FPR at 95 %
 * TPR, overall and per unknown kind), its calibrated threshold and Ianvs' samples_transfer_ratio on
 * the recognized stream. A row of the report's recognition section.
 *
 * <pre>{@code
 * RecognitionResult r = new RecognitionResult("uncertainty", "max_softmax_pixel_mean",
 *         0.93, 0.21, 0.61, 0.4167, 24, 36, Map.of("noise", 0.99));
 * RunResults.builder()...addRecognition(r);
 * }</pre>
 *
 * @param method the recognizer's name (unique in a run), e.g. {@code uncertainty}, {@code placeholder}
 * @param score the score's name
 * @param auroc AUROC of known (positive) vs unknown samples, in [0, 1]
 * @param fprAt95Tpr the share of unknown samples accepted at the 95 % TPR operating point
 * @param threshold the calibrated threshold (seen iff score {@code >=} it)
 * @param samplesTransferRatio unseen / (inferred + 1) on the recognized stream
 * @param knownSamples known samples in the evaluated stream
 * @param unknownSamples unknown samples in the evaluated stream
 * @param aurocPerKind AUROC against each unknown kind (may be empty)
 */
public record RecognitionResult(
        String method,
        String score,
        double auroc,
        double fprAt95Tpr,
        double threshold,
        double samplesTransferRatio,
        int knownSamples,
        int unknownSamples,
        Map<String, Double> aurocPerKind) {

    /** Validates and copies. */
    public RecognitionResult {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(score, "score");
        for (double v : new double[] {auroc, fprAt95Tpr, samplesTransferRatio}) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(method + ": AUROC, FPR and transfer ratio must be in [0, 1], got "
                        + auroc + ", " + fprAt95Tpr + ", " + samplesTransferRatio);
            }
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException(method + ": threshold must be finite, got " + threshold);
        }
        if (knownSamples < 0 || unknownSamples < 0) {
            throw new IllegalArgumentException(method + ": negative sample counts");
        }
        aurocPerKind = ImmutableMap.copyOf(aurocPerKind);
    }
}
