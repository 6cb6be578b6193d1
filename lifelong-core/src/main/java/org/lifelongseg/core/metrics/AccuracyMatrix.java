package org.lifelongseg.core.metrics;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * The accuracy matrix R of a lifelong run over T tasks: (T+1) rows × T columns, immutable.
 *
 * <pre>{@code
 * AccuracyMatrix r = AccuracyMatrix.builder(3)
 *         .set(0, 1, 0.02)      // before any training, mIoU on task 1 (for forward transfer)
 *         .set(1, 1, 0.71)      // after step 1, task 1
 *         .set(2, 1, 0.65).set(2, 2, 0.60)
 *         .build();             // entries never set are NaN (not evaluated)
 * double bwt = LifelongMetrics.backwardTransfer(r);
 * }</pre>
 *
 * <p>Row {@code step} (0..T) is the model after training step {@code step}; row 0 is the model
 * before any training. Column {@code task} (1..T) is the score (mIoU) on task {@code task}'s
 * evaluation split. NaN marks an entry that was not evaluated.
 */
public final class AccuracyMatrix {

    private final int numTasks;
    private final double[][] r; // [step 0..T][task-1]

    private AccuracyMatrix(double[][] r) {
        this.numTasks = r[0].length;
        this.r = r;
    }

    /** A builder for T tasks, every entry NaN until set. */
    public static Builder builder(int numTasks) {
        return new Builder(numTasks);
    }

    /**
     * A matrix from its rows: {@code rows[step][task - 1]}, T+1 rows of T entries.
     *
     * @throws IllegalArgumentException if the shape is not (T+1)×T
     */
    public static AccuracyMatrix of(double[][] rows) {
        Preconditions.checkArgument(rows.length >= 2, "need at least 2 rows (before training, step 1)");
        int t = rows.length - 1;
        double[][] copy = new double[t + 1][];
        for (int i = 0; i <= t; i++) {
            Preconditions.checkArgument(
                    rows[i].length == t,
                    "row %s has %s entries; an accuracy matrix of %s steps needs %s per row",
                    i, rows[i].length, t, t);
            copy[i] = rows[i].clone();
        }
        return new AccuracyMatrix(copy);
    }

    /** The number of tasks T. */
    public int numTasks() {
        return numTasks;
    }

    /**
     * R[step][task]: the score on task {@code task} (1..T) after step {@code step} (0..T, 0 =
     * before training); NaN if not evaluated.
     */
    public double get(int step, int task) {
        Preconditions.checkElementIndex(step, numTasks + 1, "step");
        Preconditions.checkArgument(task >= 1 && task <= numTasks, "task must be in [1, %s], got %s", numTasks, task);
        return r[step][task - 1];
    }

    /** A copy of the rows, {@code [step][task - 1]}. */
    public double[][] toArray() {
        double[][] out = new double[r.length][];
        for (int i = 0; i < r.length; i++) {
            out[i] = r[i].clone();
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccuracyMatrix other && Arrays.deepEquals(other.r, r);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(r);
    }

    @Override
    public String toString() {
        return "AccuracyMatrix" + Arrays.deepToString(r);
    }

    /** Builder of {@link AccuracyMatrix}; each entry may be set once. */
    public static final class Builder {
        private final double[][] r;
        private final boolean[][] set;

        private Builder(int numTasks) {
            Preconditions.checkArgument(numTasks >= 1, "numTasks must be at least 1, got %s", numTasks);
            r = new double[numTasks + 1][numTasks];
            set = new boolean[numTasks + 1][numTasks];
            for (double[] row : r) {
                Arrays.fill(row, Double.NaN);
            }
        }

        /** Sets R[step][task] (step 0..T, task 1..T). */
        public Builder set(int step, int task, double value) {
            int t = r[0].length;
            Preconditions.checkElementIndex(step, t + 1, "step");
            Preconditions.checkArgument(task >= 1 && task <= t, "task must be in [1, %s], got %s", t, task);
            Preconditions.checkState(!set[step][task - 1], "R[%s][%s] given twice", step, task);
            set[step][task - 1] = true;
            r[step][task - 1] = value;
            return this;
        }

        /** Builds the matrix. */
        public AccuracyMatrix build() {
            return AccuracyMatrix.of(r);
        }
    }
}
