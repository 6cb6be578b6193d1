package org.lifelongseg.core.train.listen;

import com.google.common.collect.ImmutableMap;

/**
 * One finished training batch.
 *
 * <pre>{@code
 * public void onBatchEnd(BatchReport b) { log.debug("{} {}", b.batch(), b.losses()); }
 * }</pre>
 *
 * @param step the 0-based step
 * @param epoch the 0-based epoch
 * @param batch the 0-based batch of the epoch
 * @param batches batches per epoch
 * @param images images in this batch
 * @param losses the total ({@code loss}) and each named part
 * @param seconds wall time of the batch (loading excluded)
 */
public record BatchReport(
        int step,
        int epoch,
        int batch,
        int batches,
        int images,
        ImmutableMap<String, Double> losses,
        double seconds) {}
