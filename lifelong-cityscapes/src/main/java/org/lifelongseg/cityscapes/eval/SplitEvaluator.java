package org.lifelongseg.cityscapes.eval;

import ai.djl.Device;
import ai.djl.nn.Block;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lifelongseg.cityscapes.data.CityscapesDataset;
import org.lifelongseg.core.data.transform.SegmentationTransform;
import org.lifelongseg.core.data.transform.TransformSettings;
import org.lifelongseg.core.metrics.DatasetEvaluator;
import org.lifelongseg.core.metrics.SegmentationMetrics;
import org.lifelongseg.core.task.ClassSpace;

/**
 * The protocol's evaluation of one model on a split, for several class subsets in one pass: per
 * subset, the argmax is restricted to the subset's channels, logits are nearest-upsampled to the
 * label resolution, ground-truth pixels of other classes are ignored, and one confusion matrix is
 * accumulated over the whole split.
 *
 * <pre>{@code
 * SplitEvaluator eval = SplitEvaluator.builder()
 *         .setRoot(root).setSplit("val").setSettings(settings)
 *         .addSubset("task1", List.of("road", "sidewalk", "vegetation", "terrain", "sky"))
 *         .addSubset("task12", task12Classes)
 *         .build();
 * Map<String, SegmentationMetrics> scores = eval.evaluate(block, modelClasses, Device.cpu());
 * }</pre>
 *
 * <p>Subsets whose classes the model does not have all of are skipped (absent from the result).
 */
public final class SplitEvaluator {

    private final Path root;
    private final String split;
    private final TransformSettings settings;
    private final int batchSize;
    private final ImmutableMap<String, ImmutableList<String>> subsets;

    private SplitEvaluator(Builder b) {
        this.root = b.root;
        this.split = b.split;
        this.settings = b.settings;
        this.batchSize = b.batchSize;
        this.subsets = ImmutableMap.copyOf(b.subsets);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Evaluates a model whose channels are {@code modelClasses}. */
    public Map<String, SegmentationMetrics> evaluate(Block model, ClassSpace modelClasses, Device device)
            throws IOException {
        return evaluate(model, modelClasses, device, null);
    }

    /** Evaluates a model, passing every batch to {@code hook} (may be null). */
    public Map<String, SegmentationMetrics> evaluate(Block model, ClassSpace modelClasses, Device device,
            DatasetEvaluator.BatchHook hook) throws IOException {
        DatasetEvaluator.Builder evaluator = DatasetEvaluator.builder();
        subsets.forEach(evaluator::addSubset);
        boolean covered = subsets.values().stream().anyMatch(c -> modelClasses.names().containsAll(c));
        if (!covered) {
            return ImmutableMap.of();
        }
        CityscapesDataset data = CityscapesDataset.builder()
                .optRoot(root)
                .setSplit(split)
                .optLabels(modelClasses, modelClasses.names())
                .optTransform(SegmentationTransform.evaluation(settings))
                .setSampling(batchSize, false, false)
                .build();
        return evaluator.build().evaluate(model, modelClasses, data, device, hook);
    }

    /** The number of images in the split (reads the layout). */
    public int size() {
        return CityscapesDataset.builder()
                .optRoot(root).setSplit(split)
                .optTransform(SegmentationTransform.evaluation(settings))
                .setSampling(1, false, false)
                .build().samples().size();
    }

    /** Builder; root, split and settings are required, subsets at least one. */
    public static final class Builder {
        private Path root;
        private String split;
        private TransformSettings settings;
        private int batchSize = 6;
        private final Map<String, ImmutableList<String>> subsets = new LinkedHashMap<>();

        private Builder() {}

        /** The dataset root (Cityscapes layout). */
        public Builder setRoot(Path root) {
            if (this.root != null) {
                throw new IllegalStateException("root was already set");
            }
            this.root = Objects.requireNonNull(root);
            return this;
        }

        /** The split, e.g. {@code val}. */
        public Builder setSplit(String split) {
            if (this.split != null) {
                throw new IllegalStateException("split was already set");
            }
            this.split = Objects.requireNonNull(split);
            return this;
        }

        /** The evaluation transform settings (input size, normalization). */
        public Builder setSettings(TransformSettings settings) {
            if (this.settings != null) {
                throw new IllegalStateException("settings were already set");
            }
            this.settings = Objects.requireNonNull(settings);
            return this;
        }

        /** Images per forward; default 6. */
        public Builder optBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be positive: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** A named class subset (a task or a union of tasks). */
        public Builder addSubset(String key, List<String> classes) {
            if (subsets.containsKey(key)) {
                throw new IllegalStateException("subset '" + key + "' was already added");
            }
            if (classes.isEmpty()) {
                throw new IllegalArgumentException("subset '" + key + "' has no classes");
            }
            subsets.put(key, ImmutableList.copyOf(new ArrayList<>(classes)));
            return this;
        }

        /** Validates and builds. */
        public SplitEvaluator build() {
            if (root == null || split == null || settings == null) {
                throw new IllegalStateException("setRoot, setSplit and setSettings are required");
            }
            if (subsets.isEmpty()) {
                throw new IllegalStateException("add at least one subset");
            }
            return new SplitEvaluator(this);
        }
    }
}
