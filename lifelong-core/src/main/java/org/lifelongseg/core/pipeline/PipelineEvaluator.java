package org.lifelongseg.core.pipeline;

import ai.djl.Device;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lifelongseg.core.data.SegmentationDataset;
import org.lifelongseg.core.metrics.DatasetEvaluator;
import org.lifelongseg.core.metrics.SegmentationMetrics;
import org.lifelongseg.core.metrics.TaskTable;
import org.lifelongseg.core.report.TaskKeys;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.train.StepResult;
import org.lifelongseg.core.train.TaskDataProvider;

/**
 * Evaluates the pipeline's models on the provider's evaluation data, for every task-table column
 * in one pass: each task, and each cumulative union of tasks ({@link TaskKeys}), keyed as in the
 * results. Columns with a class a model does not have are absent from its scores. Thread-safe.
 */
final class PipelineEvaluator {

    private final TaskDataProvider data;
    private final int batchSize;
    private final Device device;
    private final DatasetEvaluator evaluator;

    PipelineEvaluator(TaskDataProvider data, TaskSequence tasks, TaskKeys keys, int batchSize, Device device) {
        this.data = data;
        this.batchSize = batchSize;
        this.device = device;
        DatasetEvaluator.Builder b = DatasetEvaluator.builder();
        subsets(tasks, keys).forEach(b::addSubset);
        this.evaluator = b.build();
    }

    /** The classes of every column: a task's own, or the tasks' of a union, in task order. */
    static Map<String, List<String>> subsets(TaskSequence tasks, TaskKeys keys) {
        Map<String, List<String>> subsets = new LinkedHashMap<>();
        List<TaskTable.Column> columns = keys.columns();
        for (int i = 0; i < columns.size(); i++) {
            List<String> classes = new ArrayList<>();
            for (int task : columns.get(i).tasks()) {
                classes.addAll(tasks.task(task - 1).classes());
            }
            subsets.put(keys.keys().get(i), List.copyOf(classes));
        }
        return subsets;
    }

    /**
     * The data the pipeline evaluates on, labelled for {@code classes}.
     *
     * @throws IllegalStateException naming the provider if it has no evaluation data
     */
    SegmentationDataset data(ClassSpace classes) throws IOException {
        return data.evaluationData(classes, batchSize).orElseThrow(() -> new IllegalStateException(
                "the data provider " + data + " has no evaluation data (TaskDataProvider.evaluationData),"
                        + " which the lifelong pipeline evaluates every model on"));
    }

    /** The scores of a step's model per column; {@code samples} (may be null) keeps predictions. */
    Map<String, SegmentationMetrics> evaluate(StepResult step, SamplePredictions samples) throws IOException {
        SegmentationDataset eval = data(step.classSpace());
        return evaluator.evaluate(step.block(), step.classSpace(), eval, device,
                samples == null ? null : samples.hook(eval));
    }
}
