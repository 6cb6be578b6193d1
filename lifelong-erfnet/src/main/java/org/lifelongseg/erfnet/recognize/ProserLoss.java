package org.lifelongseg.erfnet.recognize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The two PROSER losses (Zhou, Ye and Zhan, "Learning Placeholders for Open-Set Recognition",
 * CVPR 2021) on logits {@code (N, K + 1)} whose last column is the placeholder (dummy) class.
 *
 * <pre>{@code
 * NDArray l1 = ProserLoss.classifierPlaceholder(logits, labels, beta);   // known samples
 * NDArray l2 = ProserLoss.dataPlaceholder(mixedLogits);                  // mixed samples
 * NDArray loss = l1.add(l2.mul(gamma));
 * }</pre>
 */
public final class ProserLoss {

    /** The value added to the true class's logit to mask it out. */
    static final float MASK = -1e4f;

    private ProserLoss() {}

    /** Mean cross-entropy of logits {@code (N, C)} against class indices {@code (N)} (int). */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        int c = (int) logits.getShape().get(1);
        NDArray oneHot = labels.oneHot(c, DataType.FLOAT32);
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
    }

    /**
     * {@code l1 = CE(f̂(x), y) + β · CE(f̂(x) without class y, K + 1)}: the true class is learned,
     * and with it masked out the placeholder must rank first, i.e. second overall.
     *
     * @param logits {@code (N, K + 1)}
     * @param labels known classes {@code (N)} in [0, K), int
     */
    public static NDArray classifierPlaceholder(NDArray logits, NDArray labels, double beta) {
        int c = (int) logits.getShape().get(1);
        NDArray closed = crossEntropy(logits, labels);
        NDArray masked = logits.add(labels.oneHot(c, DataType.FLOAT32).mul(MASK));
        NDManager m = logits.getManager();
        NDArray dummy = m.full(labels.getShape(), c - 1, labels.getDataType()).toDevice(logits.getDevice(), false);
        return closed.add(crossEntropy(masked, dummy).mul((float) beta));
    }

    /**
     * {@code l2 = CE(f̂_post(mixed middle features), K + 1)}: mixtures of different known
     * classes belong to the placeholder.
     *
     * @param mixedLogits {@code (M, K + 1)}
     */
    public static NDArray dataPlaceholder(NDArray mixedLogits) {
        int c = (int) mixedLogits.getShape().get(1);
        NDManager m = mixedLogits.getManager();
        NDArray dummy = m.full(new ai.djl.ndarray.types.Shape(mixedLogits.getShape().get(0)), c - 1, DataType.INT32)
                .toDevice(mixedLogits.getDevice(), false);
        return crossEntropy(mixedLogits, dummy);
    }
}
