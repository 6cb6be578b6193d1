package org.lifelongseg.core.metrics;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.List;

/**
 * A streaming n×n pixel confusion matrix: rows are ground truth, columns are predictions, counts
 * are {@code long}.
 *
 * <pre>{@code
 * ConfusionMatrix cm = new ConfusionMatrix(19);
 * for (Batch b : batches) {
 *     cm.update(b.labels(), b.prediction());   // integer NDArrays of the same shape
 * }
 * SegmentationMetrics m = cm.metrics(classNames);
 * double miou = m.meanIoU();
 * }</pre>
 *
 * <p>A pixel counts only when its ground truth lies in {@code [0, n)}; everything else (255 =
 * ignore, or a class the matrix does not know) is skipped. A prediction outside {@code [0, n)}
 * is an error. Matrices of the same size merge by summation ({@link #merge}). Not thread-safe:
 * use one matrix per thread and merge them.
 */
public final class ConfusionMatrix {

    /** How {@link #update(NDArray, NDArray, Counting)} counts the encoded pixels. */
    public enum Counting {
        /**
         * Count on the arrays' device with {@code unique(returnCounts)} and copy back only the
         * (at most n²) distinct codes and their counts.
         */
        DEVICE,
        /**
         * Encode on the device, copy the per-pixel codes to the heap (1 or 4 bytes per pixel)
         * and count them there. Measured faster than {@link #DEVICE} on a CPU, where the copy is
         * a memcpy and PyTorch's unique sorts.
         */
        HOST,
        /** {@link #HOST} for arrays on the CPU, {@link #DEVICE} on an accelerator. */
        AUTO
    }

    private final int n;
    private final long[] counts; // row-major n*n

    /**
     * Creates an empty matrix.
     *
     * @param numClasses the number of classes n, at least 1
     */
    public ConfusionMatrix(int numClasses) {
        Preconditions.checkArgument(
                numClasses >= 1 && numClasses <= 46340,
                "numClasses must be in [1, 46340], got %s", numClasses);
        this.n = numClasses;
        this.counts = new long[numClasses * numClasses];
    }

    /**
     * A matrix holding the given counts (rows = ground truth, columns = prediction).
     *
     * @throws IllegalArgumentException if the array is not square or holds a negative count
     */
    public static ConfusionMatrix of(long[][] matrix) {
        Preconditions.checkArgument(matrix.length >= 1, "confusion matrix must not be empty");
        ConfusionMatrix cm = new ConfusionMatrix(matrix.length);
        for (int i = 0; i < matrix.length; i++) {
            Preconditions.checkArgument(
                    matrix[i].length == matrix.length,
                    "confusion matrix must be square: row %s has %s entries, expected %s",
                    i, matrix[i].length, matrix.length);
            for (int j = 0; j < matrix.length; j++) {
                Preconditions.checkArgument(
                        matrix[i][j] >= 0, "negative count %s at [%s][%s]", matrix[i][j], i, j);
                cm.counts[i * cm.n + j] = matrix[i][j];
            }
        }
        return cm;
    }

    /** The number of classes n. */
    public int numClasses() {
        return n;
    }

    /** The count of pixels with ground truth {@code gt} predicted as {@code pred}. */
    public long count(int gt, int pred) {
        Preconditions.checkElementIndex(gt, n, "gt");
        Preconditions.checkElementIndex(pred, n, "pred");
        return counts[gt * n + pred];
    }

    /** The number of pixels counted so far. */
    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** A copy of the counts, {@code [gt][pred]}. */
    public long[][] toArray() {
        long[][] out = new long[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(counts, i * n, out[i], 0, n);
        }
        return out;
    }

    /** Adds {@code count} pixels of ground truth {@code gt} predicted as {@code pred}. */
    public ConfusionMatrix add(int gt, int pred, long count) {
        Preconditions.checkElementIndex(gt, n, "gt");
        Preconditions.checkElementIndex(pred, n, "pred");
        Preconditions.checkArgument(count >= 0, "count must not be negative: %s", count);
        counts[gt * n + pred] += count;
        return this;
    }

    /** Adds the counts of {@code other} (same number of classes) to this matrix. */
    public ConfusionMatrix merge(ConfusionMatrix other) {
        Preconditions.checkArgument(
                other.n == n, "cannot merge a %sx%s matrix into a %sx%s one", other.n, other.n, n, n);
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        return this;
    }

    /** Sets every count to zero. */
    public void reset() {
        Arrays.fill(counts, 0);
    }

    /**
     * Counts label/prediction pairs given as int arrays of the same length.
     *
     * @throws IllegalArgumentException if the lengths differ or a prediction is outside [0, n)
     */
    public ConfusionMatrix update(int[] gt, int[] pred) {
        checkLengths(gt.length, pred.length);
        for (int i = 0; i < gt.length; i++) {
            int g = gt[i];
            if (g < 0 || g >= n) {
                continue;
            }
            int p = pred[i];
            if (p < 0 || p >= n) {
                throw badPrediction(p, i);
            }
            counts[g * n + p]++;
        }
        return this;
    }

    /**
     * Counts label/prediction pairs given as unsigned bytes (0..255) of the same length.
     *
     * @throws IllegalArgumentException if the lengths differ or a prediction is outside [0, n)
     */
    public ConfusionMatrix update(byte[] gt, byte[] pred) {
        checkLengths(gt.length, pred.length);
        for (int i = 0; i < gt.length; i++) {
            int g = gt[i] & 0xFF;
            if (g >= n) {
                continue;
            }
            int p = pred[i] & 0xFF;
            if (p >= n) {
                throw badPrediction(p, i);
            }
            counts[g * n + p]++;
        }
        return this;
    }

    /** {@link #update(NDArray, NDArray, Counting)} with {@link Counting#AUTO}. */
    public ConfusionMatrix update(NDArray gt, NDArray pred) {
        return update(gt, pred, Counting.AUTO);
    }

    /**
     * Counts label/prediction pairs given as integer NDArrays of the same shape (any layout, e.g.
     * {@code (B, H, W)}). The pixels are encoded as {@code clamp(gt) * n + pred} on the arrays'
     * device (one byte per pixel for uint8 labels and n ≤ 15, else int32), then counted as {@code
     * counting} says. Temporary arrays are closed before returning; the inputs are left
     * untouched.
     *
     * @throws IllegalArgumentException if the shapes differ, an array is not of an integer type,
     *     or a prediction is outside [0, n)
     */
    public ConfusionMatrix update(NDArray gt, NDArray pred, Counting counting) {
        Preconditions.checkArgument(
                gt.getShape().equals(pred.getShape()),
                "ground truth shape %s and prediction shape %s differ", gt.getShape(), pred.getShape());
        checkIntegerType(gt, "ground truth");
        checkIntegerType(pred, "prediction");
        if (gt.size() == 0) {
            return this;
        }
        int bins = n * n;
        boolean unsignedGt = gt.getDataType() == DataType.UINT8;
        // codes = clamp(gt) * n + pred: valid pixels land in [0, n²), ground truth >= n in
        // [n², n² + n) and (signed types only) ground truth < 0 in [-n, 0)
        boolean byteCodes = unsignedGt && n * (n + 1) <= 256;
        try (NDManager scope = gt.getManager().newSubManager()) {
            gt.tempAttach(scope);
            pred.tempAttach(scope);
            long pMin = pred.min().toType(DataType.INT64, false).getLong();
            long pMax = pred.max().toType(DataType.INT64, false).getLong();
            if (pMin < 0 || pMax >= n) {
                throw new IllegalArgumentException(
                        "prediction values must be in [0, " + n + "), found range [" + pMin + ", "
                                + pMax + "]");
            }
            NDArray codes;
            if (byteCodes) {
                codes = gt.minimum(n).mul(n).add(pred.toType(DataType.UINT8, false));
            } else {
                NDArray g = unsignedGt ? gt.minimum(n) : gt.clip(-1, n);
                codes = g.toType(DataType.INT32, false).mul(n).add(pred.toType(DataType.INT32, false));
            }
            codes = codes.flatten();
            boolean onDevice =
                    counting == Counting.DEVICE
                            || (counting == Counting.AUTO
                                    && !Device.Type.CPU.equals(codes.getDevice().getDeviceType()));
            if (onDevice) {
                NDList u = codes.unique(null, false, false, true);
                int[] v = u.get(0).toType(DataType.INT32, false).toIntArray();
                long[] c = u.get(u.size() - 1).toType(DataType.INT64, false).toLongArray();
                for (int i = 0; i < v.length; i++) {
                    if (v[i] >= 0 && v[i] < bins) {
                        counts[v[i]] += c[i];
                    }
                }
            } else if (byteCodes) {
                countBytes(codes.toByteArray());
            } else {
                countInts(codes.toIntArray());
            }
        }
        return this;
    }

    private void countBytes(byte[] codes) {
        long[] local = new long[256];
        for (byte b : codes) {
            local[b & 0xFF]++;
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += local[i];
        }
    }

    private void countInts(int[] codes) {
        // codes lie in [-n, n² + n); shift by n so that every code has a slot
        long[] local = new long[counts.length + 2 * n];
        for (int c : codes) {
            local[c + n]++;
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += local[i + n];
        }
    }

    /**
     * The metrics of the counts so far.
     *
     * @param classNames one name per class, in class order
     */
    public SegmentationMetrics metrics(List<String> classNames) {
        return SegmentationMetrics.of(classNames, toArray());
    }

    private static void checkLengths(int gt, int pred) {
        Preconditions.checkArgument(
                gt == pred, "ground truth has %s pixels but the prediction has %s", gt, pred);
    }

    private IllegalArgumentException badPrediction(int p, int index) {
        return new IllegalArgumentException(
                "prediction " + p + " at pixel " + index + " is outside [0, " + n + ")");
    }

    private static void checkIntegerType(NDArray a, String what) {
        DataType t = a.getDataType();
        Preconditions.checkArgument(
                t.isInteger() || t == DataType.UINT8 || t == DataType.INT8,
                "%s must have an integer data type, got %s", what, t);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix other && other.n == n && Arrays.equals(other.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * n + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix[" + n + "x" + n + ", total=" + total() + "]";
    }
}
