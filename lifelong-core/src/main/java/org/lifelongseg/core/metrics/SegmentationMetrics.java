package org.lifelongseg.core.metrics;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Immutable semantic-segmentation scores of one confusion matrix (rows = ground truth, columns
 * = prediction), with the class names.
 *
 * <pre>{@code
 * SegmentationMetrics m = confusionMatrix.metrics(List.of("road", "sidewalk", "sky"));
 * double miou = m.meanIoU();           // nanmean of the per-class IoU
 * double road = m.classIoU("road");
 * double oldClasses = m.meanIoU(List.of("road", "sidewalk"));
 * }</pre>
 *
 * <p>With TP<sub>c</sub> the diagonal entry, row<sub>c</sub> the ground-truth count and
 * col<sub>c</sub> the prediction count of class c:
 *
 * <ul>
 *   <li>IoU<sub>c</sub> = TP<sub>c</sub> / (row<sub>c</sub> + col<sub>c</sub> − TP<sub>c</sub>),
 *       NaN when the class occurs neither in ground truth nor in prediction;
 *   <li>recall<sub>c</sub> = TP<sub>c</sub> / row<sub>c</sub>, precision<sub>c</sub> =
 *       TP<sub>c</sub> / col<sub>c</sub> (NaN on 0/0);
 *   <li>the means are nanmeans (NaN entries skipped; NaN if all are NaN);
 *   <li>pixel accuracy = ΣTP / Σ all counts;
 *   <li>frequency-weighted IoU = Σ<sub>c: row<sub>c</sub>&gt;0</sub> (row<sub>c</sub> / Σ) ·
 *       IoU<sub>c</sub>.
 * </ul>
 */
public final class SegmentationMetrics {

    private final ImmutableList<String> classNames;
    private final long[][] confusion;
    private final double[] iou;
    private final double[] recall;
    private final double[] precision;
    private final double meanIoU;
    private final double meanRecall;
    private final double meanPrecision;
    private final double pixelAccuracy;
    private final double frequencyWeightedIoU;

    private SegmentationMetrics(List<String> names, long[][] cm) {
        int n = cm.length;
        this.classNames = ImmutableList.copyOf(names);
        this.confusion = new long[n][];
        for (int i = 0; i < n; i++) {
            confusion[i] = cm[i].clone();
        }
        long[] row = new long[n];
        long[] col = new long[n];
        long total = 0;
        long tpSum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                row[i] += cm[i][j];
                col[j] += cm[i][j];
                total += cm[i][j];
            }
            tpSum += cm[i][i];
        }
        iou = new double[n];
        recall = new double[n];
        precision = new double[n];
        double fw = 0;
        for (int c = 0; c < n; c++) {
            long tp = cm[c][c];
            iou[c] = ratio(tp, row[c] + col[c] - tp);
            recall[c] = ratio(tp, row[c]);
            precision[c] = ratio(tp, col[c]);
            if (row[c] > 0) {
                fw += (double) row[c] / total * iou[c];
            }
        }
        meanIoU = nanMean(iou);
        meanRecall = nanMean(recall);
        meanPrecision = nanMean(precision);
        pixelAccuracy = ratio(tpSum, total);
        frequencyWeightedIoU = total > 0 ? fw : Double.NaN;
    }

    /**
     * The metrics of a confusion matrix.
     *
     * @param classNames one distinct name per row
     * @param confusion square matrix of non-negative counts, {@code [gt][pred]}
     */
    public static SegmentationMetrics of(List<String> classNames, long[][] confusion) {
        Preconditions.checkArgument(
                classNames.size() == confusion.length,
                "%s class names for a %s-class confusion matrix", classNames.size(), confusion.length);
        Set<String> seen = new HashSet<>();
        for (String name : classNames) {
            Preconditions.checkArgument(seen.add(name), "class name '%s' given twice", name);
        }
        for (int i = 0; i < confusion.length; i++) {
            Preconditions.checkArgument(
                    confusion[i].length == confusion.length,
                    "confusion matrix must be square: row %s has %s entries", i, confusion[i].length);
            for (long v : confusion[i]) {
                Preconditions.checkArgument(v >= 0, "negative count %s in row %s", v, i);
            }
        }
        return new SegmentationMetrics(classNames, confusion);
    }

    /** The class names, in class order. */
    public List<String> classNames() {
        return classNames;
    }

    /** The number of classes. */
    public int numClasses() {
        return classNames.size();
    }

    /** A copy of the confusion matrix, {@code [gt][pred]}. */
    public long[][] confusion() {
        long[][] out = new long[confusion.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = confusion[i].clone();
        }
        return out;
    }

    /** Per-class IoU in class order (NaN for a class absent from ground truth and prediction). */
    public double[] classIoU() {
        return iou.clone();
    }

    /** The IoU of the named class. */
    public double classIoU(String className) {
        return iou[indexOf(className)];
    }

    /** Per-class recall TP / row (NaN for a class absent from the ground truth). */
    public double[] classRecall() {
        return recall.clone();
    }

    /** Per-class precision TP / column (NaN for a class never predicted). */
    public double[] classPrecision() {
        return precision.clone();
    }

    /** Mean IoU: the nanmean of {@link #classIoU()}. */
    public double meanIoU() {
        return meanIoU;
    }

    /**
     * The nanmean of the IoU of the named classes, e.g. the old or the new classes of a step.
     *
     * @throws IllegalArgumentException if a name is unknown
     */
    public double meanIoU(Collection<String> subset) {
        double sum = 0;
        int count = 0;
        for (String name : subset) {
            double v = iou[indexOf(name)];
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Mean recall (the reference's {@code meanacc}). */
    public double meanRecall() {
        return meanRecall;
    }

    /** Mean precision (the reference's {@code meanprec}). */
    public double meanPrecision() {
        return meanPrecision;
    }

    /** Overall pixel accuracy ΣTP / Σ (the reference's {@code totalacc}). */
    public double pixelAccuracy() {
        return pixelAccuracy;
    }

    /** Frequency-weighted IoU (the reference's {@code freqwacc}). */
    public double frequencyWeightedIoU() {
        return frequencyWeightedIoU;
    }

    private int indexOf(String name) {
        int i = classNames.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(
                    "unknown class '" + name + "'; classes: " + classNames);
        }
        return i;
    }

    private static double ratio(long num, long den) {
        return den == 0 ? Double.NaN : (double) num / den;
    }

    static double nanMean(double[] values) {
        double sum = 0;
        int count = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    @Override
    public String toString() {
        return String.format(
                "SegmentationMetrics[%d classes, mIoU=%.4f, pixelAcc=%.4f]",
                numClasses(), meanIoU, pixelAccuracy);
    }
}
