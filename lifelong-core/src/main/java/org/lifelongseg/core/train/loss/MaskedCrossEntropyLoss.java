package org.lifelongseg.core.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;

/**
 * Pixel-wise cross-entropy that ignores unlabelled pixels (label {@value #IGNORE_LABEL}).
 *
 * <pre>{@code
 * Loss loss = new MaskedCrossEntropyLoss();
 * NDArray value = loss.evaluate(new NDList(labels), new NDList(logits)); // scalar
 * NDArray same = MaskedCrossEntropyLoss.compute(logits, labels);
 * }</pre>
 *
 * <p>With logits {@code z} of shape (B, C, H, W) and integer labels {@code y} of shape (B, H, W),
 * the loss is {@code CE = -(1/|L|) Σ_{p∈L} log_softmax(z_p)[y_p]} over the labelled pixels
 * {@code L = {p : y_p ≠ 255}}; the log-softmax runs over all C channels. When no pixel is
 * labelled the denominator is {@code 1e-15} (the loss is then 0). The value is computed with
 * NDArray operations in the logits' data type and is differentiable with respect to the logits.
 */
public class MaskedCrossEntropyLoss extends Loss {

    /** The label of unlabelled (ignored) pixels. */
    public static final int IGNORE_LABEL = 255;

    /** Denominator used when no pixel is labelled. */
    public static final double EMPTY_DENOMINATOR = 1e-15;

    /** Creates the loss named {@code "masked_ce"}. */
    public MaskedCrossEntropyLoss() {
        this("masked_ce");
    }

    /**
     * Creates the loss with a display name.
     *
     * @param name the name shown by DJL's training listeners
     */
    public MaskedCrossEntropyLoss(String name) {
        super(name);
    }

    /**
     * Computes the loss.
     *
     * @param labels {@code [labels]}, integer (B, H, W) in {@code [0, C)} or 255
     * @param predictions {@code [logits]}, (B, C, H, W)
     * @return the scalar loss
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (labels.size() != 1 || predictions.size() != 1) {
            throw new IllegalArgumentException(
                    "MaskedCrossEntropyLoss expects labels = [labels] and predictions = [logits], got "
                            + labels.size() + " label and " + predictions.size() + " prediction arrays");
        }
        return compute(predictions.get(0), labels.get(0));
    }

    /**
     * Computes the masked cross-entropy of {@code logits} (B, C, H, W) against {@code labels}
     * (B, H, W, any numeric type holding integers in {@code [0, C)} or 255).
     *
     * <p>The result is a scalar attached to the logits' manager; intermediate arrays are freed.
     *
     * @param logits the network output
     * @param labels the target class per pixel
     * @return the scalar loss, differentiable with respect to {@code logits}
     * @throws IllegalArgumentException if the shapes disagree or a label is out of range
     */
    public static NDArray compute(NDArray logits, NDArray labels) {
        checkShapes(logits, labels, "logits");
        long classes = logits.getShape().get(1);
        NDManager parent = logits.getManager();
        try (NDManager scope = parent.newSubManager()) {
            scope.tempAttachAll(logits, labels);
            checkLabelRange(labels, 0, classes, "labels");
            NDArray loss = crossEntropyOfLabelled(logits, labels);
            loss.attach(parent);
            return loss;
        }
    }

    /** The computation, without checks or scoping: temporaries go to the logits' manager. */
    private static NDArray crossEntropyOfLabelled(NDArray logits, NDArray labels) {
        NDArray labelled = labels.neq(IGNORE_LABEL);
        NDArray labelledMask = labelled.toType(logits.getDataType(), false);
        // Ignored pixels pick channel 0; their term is multiplied by 0 below.
        NDArray index = labels.toType(DataType.INT64, false)
                .mul(labelled.toType(DataType.INT64, false))
                .expandDims(1);
        NDArray picked = logits.logSoftmax(1).gather(index, 1).squeeze(1);
        NDArray count = nonZeroCount(labelledMask.sum());
        return picked.mul(labelledMask).sum().neg().div(count);
    }

    /**
     * Returns {@code max(count, 1e-15)} in the data type of {@code count} (DJL's
     * {@code maximum(Number)} would promote a float32 count to float64).
     *
     * @param count a scalar pixel count
     * @return the count, or {@value #EMPTY_DENOMINATOR} when it is 0
     */
    public static NDArray nonZeroCount(NDArray count) {
        return count.maximum(count.zerosLike().addi(EMPTY_DENOMINATOR));
    }

    /**
     * Checks that {@code logits} is (B, C, H, W) and {@code labels} is (B, H, W).
     *
     * @param logits the logits
     * @param labels the labels
     * @param logitsName name of the logits in error messages
     */
    static void checkShapes(NDArray logits, NDArray labels, String logitsName) {
        Shape z = logits.getShape();
        Shape y = labels.getShape();
        if (z.dimension() != 4) {
            throw new IllegalArgumentException(
                    logitsName + " must have shape (B, C, H, W), got " + z);
        }
        if (y.dimension() != 3
                || y.get(0) != z.get(0)
                || y.get(1) != z.get(2)
                || y.get(2) != z.get(3)) {
            throw new IllegalArgumentException(
                    "labels must have shape (B, H, W) = (" + z.get(0) + ", " + z.get(2) + ", "
                            + z.get(3) + ") to match " + logitsName + " " + z + ", got " + y);
        }
        if (!logits.getDataType().isFloating()) {
            throw new IllegalArgumentException(
                    logitsName + " must be floating point, got " + logits.getDataType());
        }
    }

    /**
     * Checks that every labelled value of {@code labels} lies in {@code [from, to)} (one device
     * synchronisation).
     *
     * @param labels the labels
     * @param from smallest valid class id
     * @param to one past the largest valid class id
     * @param what name of the labels in error messages
     */
    public static void checkLabelRange(NDArray labels, long from, long to, String what) {
        try (NDManager scope = labels.getManager().newSubManager()) {
            scope.tempAttachAll(labels);
            NDArray y = labels.toType(DataType.INT64, false);
            NDArray bad = y.neq(IGNORE_LABEL).logicalAnd(y.lt(from).logicalOr(y.gte(to)));
            if (bad.any().getBoolean()) {
                NDArray offending = y.get(bad);
                throw new IllegalArgumentException(
                        what + " must be in [" + from + ", " + to + ") or " + IGNORE_LABEL
                                + " (unlabelled), found " + offending.size()
                                + " pixel(s) outside, e.g. " + offending.getLong(0));
            }
        }
    }
}
