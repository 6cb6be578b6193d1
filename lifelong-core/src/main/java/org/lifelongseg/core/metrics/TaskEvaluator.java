package org.lifelongseg.core.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import org.lifelongseg.core.engine.NativeArrays;
import org.lifelongseg.core.image.Resampler;
import org.lifelongseg.core.infer.Upsampling;
import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The class-incremental protocol's evaluation of one task (a subset S of the model's classes)
 * over a whole split: argmax restricted to S's logit channels, upsampled to the label
 * resolution, ground truth of classes outside S ignored, one confusion matrix over all images.
 *
 * <pre>{@code
 * TaskEvaluator task1 = TaskEvaluator.builder()
 *         .setChannels(0, 1, 8, 9, 10)                       // indices into the model's logits
 *         .setClassNames(List.of("road", "sidewalk", "vegetation", "terrain", "sky"))
 *         .build();
 * for (Batch b : split) {
 *     task1.update(logits, labels);   // (B,C,h,w) logits, (B,H,W) labels in the model's class space
 * }
 * double miou = task1.metrics().meanIoU();
 * }</pre>
 *
 * <p>Labels are model class indices (the logit channel of the class); any value that is not one
 * of S's channels (255 = void, classes of other tasks) is ignored. Upsampling defaults to
 * {@link Upsampling#NEAREST} with PyTorch {@code F.interpolate(mode='nearest')} semantics (source
 * index {@code min(floor(dst * (float) in / out), in - 1)}, exactly {@code dst / 2} for a 2×
 * upsampling); since nearest upsampling only copies pixels it is applied to the argmax map, which
 * gives the same result as upsampling the logits first. Not thread-safe.
 */
public final class TaskEvaluator {

    private final String name;
    private final int[] channels;
    private final ImmutableList<String> classNames;
    private final Upsampling upsampling;
    private final ConfusionMatrix confusion;

    private TaskEvaluator(Builder b) {
        this.name = b.name == null ? String.join("+", b.classNames) : b.name;
        this.channels = b.channels.clone();
        this.classNames = ImmutableList.copyOf(b.classNames);
        this.upsampling = b.upsampling == null ? Upsampling.NEAREST : b.upsampling;
        this.confusion = new ConfusionMatrix(channels.length);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The task's name. */
    public String name() {
        return name;
    }

    /** The task's logit channels, in the task's class order. */
    public int[] channels() {
        return channels.clone();
    }

    /** The task's class names, in the task's class order. */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * Accumulates one batch.
     *
     * @param logits {@code (B, C, h, w)} or {@code (C, h, w)} float logits over all the model's
     *     classes (C greater than every task channel)
     * @param labels {@code (B, H, W)} or {@code (H, W)} integer labels in the model's class space
     * @throws IllegalArgumentException on inconsistent shapes or types
     */
    public void update(NDArray logits, NDArray labels) {
        try (NDManager scope = logits.getManager().newSubManager()) {
            logits.tempAttach(scope);
            labels.tempAttach(scope);
            NDArray l = logits.getShape().dimension() == 3 ? logits.expandDims(0) : logits;
            NDArray y = labels.getShape().dimension() == 2 ? labels.expandDims(0) : labels;
            Preconditions.checkArgument(
                    l.getShape().dimension() == 4 && y.getShape().dimension() == 3,
                    "task %s: expected logits (B,C,h,w) and labels (B,H,W), got %s and %s",
                    name, logits.getShape(), labels.getShape());
            Preconditions.checkArgument(
                    l.getShape().get(0) == y.getShape().get(0),
                    "task %s: batch sizes differ: logits %s, labels %s",
                    name, logits.getShape(), labels.getShape());
            int height = Math.toIntExact(y.getShape().get(1));
            int width = Math.toIntExact(y.getShape().get(2));
            NDArray pred = predict(l, width, height);
            NDArray gt = mapLabels(y, Math.toIntExact(l.getShape().get(1)));
            confusion.update(gt, pred);
        }
    }

    /**
     * The task prediction at the label resolution: for every pixel the position (0..|S|-1) in
     * {@link #channels()} of the winning channel, {@code (B, height, width)} int64. The result
     * belongs to the logits' manager.
     */
    public NDArray predict(NDArray logits, int width, int height) {
        NDArray sub = restrict(logits);
        if (upsampling == Upsampling.BILINEAR) {
            NDArray up =
                    sub.toType(DataType.FLOAT32, false)
                            .getNDArrayInternal()
                            .interpolation(new long[] {height, width}, 1, false);
            return up.argMax(1);
        }
        return upsampleNearest(sub.argMax(1), width, height);
    }

    private NDArray restrict(NDArray logits) {
        int c = Math.toIntExact(logits.getShape().get(1));
        for (int ch : channels) {
            Preconditions.checkArgument(
                    ch < c, "task %s uses channel %s but the logits have %s channels", name, ch, c);
        }
        NDArray idx = NativeArrays.of(logits.getManager(), Arrays.stream(channels).asLongStream().toArray());
        return logits.get(new NDIndex(":, {}", idx));
    }

    /**
     * The argmax over {@code channels} only (other channels cannot win): {@code (B, h, w)} int64
     * positions into {@code channels}.
     *
     * @param logits {@code (B, C, h, w)}
     */
    public static NDArray restrictedArgmax(NDArray logits, int... channels) {
        NDArray idx = NativeArrays.of(logits.getManager(), Arrays.stream(channels).asLongStream().toArray());
        return logits.get(new NDIndex(":, {}", idx)).argMax(1);
    }

    /**
     * Nearest-neighbour upsampling (or downsampling) of a {@code (B, h, w)} map to {@code (B,
     * height, width)} with PyTorch {@code F.interpolate(mode='nearest', size=...)} indexing.
     */
    public static NDArray upsampleNearest(NDArray map, int width, int height) {
        Shape s = map.getShape();
        Preconditions.checkArgument(s.dimension() == 3, "expected a (B,h,w) map, got %s", s);
        int b = Math.toIntExact(s.get(0));
        int h = Math.toIntExact(s.get(1));
        int w = Math.toIntExact(s.get(2));
        if (h == height && w == width) {
            return map.duplicate();
        }
        NDManager m = map.getManager();
        int[] ys = Resampler.torchNearestIndices(h, height);
        int[] xs = Resampler.torchNearestIndices(w, width);
        long[] rows = new long[height];
        for (int i = 0; i < height; i++) {
            rows[i] = (long) ys[i] * w;
        }
        long[] cols = new long[width];
        for (int j = 0; j < width; j++) {
            cols[j] = xs[j];
        }
        NDArray flatIndex =
                NativeArrays.of(m, rows).reshape(height, 1).add(NativeArrays.of(m, cols).reshape(1, width))
                        .reshape(1, -1);
        NDArray gathered =
                map.reshape(b, (long) h * w).gather(flatIndex.broadcast(b, (long) height * width), 1);
        return gathered.reshape(b, height, width);
    }

    private NDArray mapLabels(NDArray labels, int numModelClasses) {
        int tableSize = Math.max(256, numModelClasses) + 1;
        int[] lut = new int[tableSize + 1];
        int ignore = channels.length;
        Arrays.fill(lut, ignore);
        for (int i = 0; i < channels.length; i++) {
            lut[channels[i] + 1] = i; // entry v + 1 holds label v; entry 0 is for negative labels
        }
        NDManager m = labels.getManager();
        NDArray index = labels.toType(DataType.INT64, false).clip(-1, tableSize - 1).add(1);
        NDArray table = NativeArrays.of(m, lut);
        if (ignore <= 255) {
            table = table.toType(DataType.UINT8, false); // lets the confusion matrix count bytes
        }
        return table.take(m, index);
    }

    /** The confusion matrix so far (a copy), rows/columns in the task's class order. */
    public ConfusionMatrix confusion() {
        return ConfusionMatrix.of(confusion.toArray());
    }

    /** The task's metrics so far. */
    public SegmentationMetrics metrics() {
        return confusion.metrics(classNames);
    }

    /** Clears the accumulated counts. */
    public void reset() {
        confusion.reset();
    }

    /** Builder of {@link TaskEvaluator}. */
    public static final class Builder {
        private String name;
        private int[] channels;
        private List<String> classNames;
        private Upsampling upsampling;

        private Builder() {}

        /** The task's logit channels (distinct, non-negative), in the task's class order. */
        public Builder setChannels(int... channels) {
            Preconditions.checkState(this.channels == null, "channels given twice");
            this.channels = channels.clone();
            return this;
        }

        /** One class name per channel. */
        public Builder setClassNames(List<String> classNames) {
            Preconditions.checkState(this.classNames == null, "class names given twice");
            this.classNames = ImmutableList.copyOf(classNames);
            return this;
        }

        /** A name for messages and tables (default: the class names joined). */
        public Builder optName(String name) {
            Preconditions.checkState(this.name == null, "name given twice");
            this.name = name;
            return this;
        }

        /** The upsampling mode (default {@link Upsampling#NEAREST}). */
        public Builder optUpsampling(Upsampling upsampling) {
            Preconditions.checkState(this.upsampling == null, "upsampling given twice");
            this.upsampling = upsampling;
            return this;
        }

        /** Validates the settings and builds the evaluator. */
        public TaskEvaluator build() {
            Preconditions.checkState(channels != null, "setChannels is required");
            Preconditions.checkState(classNames != null, "setClassNames is required");
            Preconditions.checkArgument(channels.length > 0, "a task needs at least one channel");
            Preconditions.checkArgument(
                    channels.length == classNames.size(),
                    "%s channels but %s class names", channels.length, classNames.size());
            Set<Integer> seen = new HashSet<>();
            for (int c : channels) {
                Preconditions.checkArgument(c >= 0, "negative channel %s", c);
                Preconditions.checkArgument(seen.add(c), "channel %s given twice", c);
            }
            Preconditions.checkArgument(
                    new HashSet<>(classNames).size() == classNames.size(),
                    "class names must be distinct: %s", classNames);
            return new TaskEvaluator(this);
        }
    }
}
