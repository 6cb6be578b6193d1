package org.lifelongseg.core.train;

import com.google.common.collect.ImmutableMap;

/**
 * The outcome of one training epoch of a step.
 *
 * <pre>{@code
 * for (EpochRecord e : stepResult.epochs()) {
 *     System.out.printf("epoch %d loss %.4f kd %.4f%n", e.epoch(), e.loss(), e.losses().get("kd"));
 * }
 * }</pre>
 *
 * @param step the 0-based step
 * @param epoch the 0-based epoch
 * @param losses mean over the epoch's batches of the total ({@value LossTerms#TOTAL}) and of each
 *     named part
 * @param learningRate the epoch's learning rate
 * @param images images trained on
 * @param labelledPixels labelled training pixels seen
 * @param seconds wall time
 */
public record EpochRecord(
        int step,
        int epoch,
        ImmutableMap<String, Double> losses,
        double learningRate,
        long images,
        long labelledPixels,
        double seconds) {

    /** The mean total loss. */
    public double loss() {
        return losses.get(LossTerms.TOTAL);
    }
}
