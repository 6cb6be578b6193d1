package org.lifelongseg.core.train;

import com.google.common.collect.ImmutableMap;

/**
 * Validation of a step's model after an epoch: mIoU on the step's own classes and on every class
 * seen so far (protocol evaluation: argmax restricted to the evaluated channels, see {@link
 * org.lifelongseg.core.metrics.TaskEvaluator}).
 *
 * <pre>{@code
 * ValidationRecord v = stepResult.validations().get(stepResult.validations().size() - 1);
 * double forgettingProxy = v.seenMeanIoU() - v.taskMeanIoU();
 * }</pre>
 *
 * @param step the 0-based step
 * @param epoch the 0-based epoch after which it ran
 * @param taskMeanIoU mIoU over the step's new classes
 * @param seenMeanIoU mIoU over all classes of the step's class space
 * @param classIoU IoU per class of the class space (evaluated jointly over all of them)
 * @param images validation images
 */
public record ValidationRecord(
        int step,
        int epoch,
        double taskMeanIoU,
        double seenMeanIoU,
        ImmutableMap<String, Double> classIoU,
        long images) {}
