package org.lifelongseg.core.metrics;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lifelongseg.core.data.SegmentationDataset;
import org.lifelongseg.core.engine.TorchRuntime;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;

/**
 * The class-incremental protocol's evaluation of one model on any {@link SegmentationDataset},
 * for several class subsets (tasks) in one pass: per subset the argmax is restricted to its
 * channels, ground truth of other classes is ignored, one confusion matrix is accumulated over
 * the whole dataset (see {@link TaskEvaluator}).
 *
 * <pre>{@code
 * DatasetEvaluator evaluator = DatasetEvaluator.builder()
 *         .addTasks(sequence)                               // one subset per task, by its name
 *         .addSubset("all", sequence.finalClassSpace().names())
 *         .build();
 * Map<String, SegmentationMetrics> scores = evaluator.evaluate(
 *         step.block(), step.classSpace(), data.evaluationData(step.classSpace(), 4).orElseThrow(),
 *         Device.cpu());                                    // any TaskDataProvider's evaluation split
 * scores.forEach((task, m) -> System.out.printf("%s mIoU %.1f%n", task, 100 * m.meanIoU()));
 * }</pre>
 *
 * <p>The dataset's labels must be channel indices of the model's classes (255 = void). Subsets
 * with a class the model does not have are skipped (absent from the result), so one evaluator
 * serves the models of every step.
 */
public final class DatasetEvaluator {

    private final ImmutableMap<String, ImmutableList<String>> subsets;

    private DatasetEvaluator(Map<String, ImmutableList<String>> subsets) {
        this.subsets = ImmutableMap.copyOf(subsets);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The subsets by name, in the order they were added. */
    public ImmutableMap<String, ImmutableList<String>> subsets() {
        return subsets;
    }

    /** A hook that sees every batch's logits and labels (e.g. to keep sample predictions). */
    @FunctionalInterface
    public interface BatchHook {
        /**
         * Called once per batch.
         *
         * @param firstIndex index of the batch's first image in the dataset
         * @param images the network input
         * @param logits the network output (model class space channels)
         * @param labels the labels (model class indices, 255 = void)
         * @throws IOException if the hook fails to write
         */
        void onBatch(long firstIndex, NDArray images, NDArray logits, NDArray labels) throws IOException;
    }

    /**
     * Evaluates a model in inference mode (BatchNorm statistics, no dropout).
     *
     * @param model the network: {@code (B, 3, H, W)} to logits {@code (B, C, h, w)}
     * @param modelClasses the classes of the logit channels
     * @param data labels as channel indices of {@code modelClasses}
     * @param device where the model's parameters are
     * @return the metrics per subset the model covers, in the order added
     */
    public Map<String, SegmentationMetrics> evaluate(
            Block model, ClassSpace modelClasses, SegmentationDataset data, Device device) {
        try {
            return evaluate(model, modelClasses, data, device, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // unreachable: only a hook throws
        }
    }

    /**
     * Evaluates a model, passing every batch to {@code hook}.
     *
     * @param model the network: {@code (B, 3, H, W)} to logits {@code (B, C, h, w)}
     * @param modelClasses the classes of the logit channels
     * @param data labels as channel indices of {@code modelClasses}
     * @param device where the model's parameters are
     * @param hook called with every batch (may be null)
     * @return the metrics per subset the model covers, in the order added
     * @throws IOException if the hook fails
     */
    public Map<String, SegmentationMetrics> evaluate(Block model, ClassSpace modelClasses,
            SegmentationDataset data, Device device, BatchHook hook) throws IOException {
        TorchRuntime.admit(model);
        Map<String, TaskEvaluator> evaluators = new LinkedHashMap<>();
        subsets.forEach((name, classes) -> {
            if (classes.stream().allMatch(modelClasses::contains)) {
                evaluators.put(name, TaskEvaluator.builder()
                        .setChannels(classes.stream().mapToInt(modelClasses::indexOf).toArray())
                        .setClassNames(classes)
                        .optName(name)
                        .build());
            }
        });
        if (evaluators.isEmpty()) {
            return ImmutableMap.of();
        }
        long index = 0;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            ParameterStore ps = new ParameterStore(manager, false);
            for (Batch batch : data.getData(manager, 0)) {
                try (batch; NDManager scope = manager.newSubManager()) {
                    NDArray images = batch.getData().singletonOrThrow();
                    NDArray labels = batch.getLabels().singletonOrThrow();
                    images.tempAttach(scope);
                    labels.tempAttach(scope);
                    NDArray logits = model.forward(ps, new NDList(images), false).singletonOrThrow();
                    logits.attach(scope);
                    for (TaskEvaluator ev : evaluators.values()) {
                        ev.update(logits, labels);
                    }
                    if (hook != null) {
                        hook.onBatch(index, images, logits, labels);
                    }
                    index += images.getShape().get(0);
                }
            }
        }
        Map<String, SegmentationMetrics> out = new LinkedHashMap<>();
        evaluators.forEach((k, ev) -> out.put(k, ev.metrics()));
        return ImmutableMap.copyOf(out);
    }

    /** Builds a {@link DatasetEvaluator}; at least one subset is required. */
    public static final class Builder {
        private final Map<String, ImmutableList<String>> subsets = new LinkedHashMap<>();

        private Builder() {}

        /** A named class subset (a task or a union of tasks). */
        public Builder addSubset(String name, List<String> classes) {
            Objects.requireNonNull(name, "name");
            if (subsets.containsKey(name)) {
                throw new IllegalStateException("subset '" + name + "' was already added");
            }
            if (classes.isEmpty()) {
                throw new IllegalArgumentException("subset '" + name + "' has no classes");
            }
            subsets.put(name, ImmutableList.copyOf(classes));
            return this;
        }

        /** One subset per task of the sequence, named as the task. */
        public Builder addTasks(TaskSequence sequence) {
            for (Task t : sequence.tasks()) {
                addSubset(t.name(), t.classes());
            }
            return this;
        }

        /** Validates and builds. */
        public DatasetEvaluator build() {
            TorchRuntime.ensureReady();
            if (subsets.isEmpty()) {
                throw new IllegalStateException("add at least one subset (addSubset or addTasks)");
            }
            return new DatasetEvaluator(subsets);
        }
    }
}
