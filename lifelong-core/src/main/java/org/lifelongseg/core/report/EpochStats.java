package org.lifelongseg.core.report;

import com.google.common.base.Preconditions;

/**
 * One epoch of a training curve. Any value may be NaN (not recorded).
 *
 * <pre>{@code
 * new EpochStats(1, 0.93, 0.71, 0.22, 0.41);
 * EpochStats.of(1, 0.93, Double.NaN);   // loss and validation mIoU only
 * }</pre>
 *
 * @param epoch the epoch number within its step, at least 1
 * @param loss the mean total training loss
 * @param crossEntropy the mean cross-entropy part of the loss
 * @param distillation the mean distillation (KD) part of the loss
 * @param validationMIoU the validation mIoU after the epoch, a fraction
 */
public record EpochStats(
        int epoch, double loss, double crossEntropy, double distillation, double validationMIoU) {

    /** Validates the epoch number and the mIoU range. */
    public EpochStats {
        Preconditions.checkArgument(epoch >= 1, "epoch must be at least 1, got %s", epoch);
        Preconditions.checkArgument(
                Double.isNaN(validationMIoU) || (validationMIoU >= 0 && validationMIoU <= 1),
                "validation mIoU of epoch %s must be a fraction in [0, 1], got %s", (Object) epoch, validationMIoU);
    }

    /** An epoch with only the total loss and the validation mIoU. */
    public static EpochStats of(int epoch, double loss, double validationMIoU) {
        return new EpochStats(epoch, loss, Double.NaN, Double.NaN, validationMIoU);
    }
}
