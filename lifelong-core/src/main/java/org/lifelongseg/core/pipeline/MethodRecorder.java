package org.lifelongseg.core.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lifelongseg.core.metrics.AccuracyMatrix;
import org.lifelongseg.core.metrics.LifelongMetrics;
import org.lifelongseg.core.metrics.SegmentationMetrics;
import org.lifelongseg.core.report.EpochStats;
import org.lifelongseg.core.report.MethodResult;
import org.lifelongseg.core.report.SamplePrediction;
import org.lifelongseg.core.report.TaskKeys;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.train.EpochRecord;
import org.lifelongseg.core.train.StepResult;
import org.lifelongseg.core.train.ValidationRecord;

/**
 * Collects one method's results step by step (the column scores after each step, the training
 * curves, sample predictions) and makes its {@link MethodResult}: the final scores, the accuracy
 * matrix R, the per-class IoU and confusion of the all-task column, and per step the old/new/all
 * class mIoU over the classes seen so far.
 */
final class MethodRecorder {

    private final MethodResult.Builder result;
    private final TaskSequence tasks;
    private final TaskKeys keys;
    private final AccuracyMatrix.Builder r;
    private final Map<Integer, Map<String, SegmentationMetrics>> byStep = new LinkedHashMap<>();

    MethodRecorder(String method, TaskSequence tasks, TaskKeys keys) {
        this.result = MethodResult.builder(method);
        this.tasks = tasks;
        this.keys = keys;
        this.r = AccuracyMatrix.builder(tasks.size());
    }

    /** The column scores of the model after {@code step} (0-based): a row of R. */
    void addScores(int step, Map<String, SegmentationMetrics> scores) {
        for (int task = 1; task <= tasks.size(); task++) {
            SegmentationMetrics m = scores.get(keys.taskKey(task));
            if (m != null) {
                r.set(step + 1, task, m.meanIoU());
            }
        }
        byStep.put(step, scores);
    }

    /**
     * The training curve of {@code step} (0-based): loss, its "ce" and "kd" parts and the
     * validation mIoU over the seen classes, per epoch.
     */
    void addCurve(int step, StepResult training) {
        Map<Integer, Double> val = new LinkedHashMap<>();
        for (ValidationRecord v : training.validations()) {
            val.put(v.epoch(), v.seenMeanIoU());
        }
        List<EpochStats> out = new ArrayList<>();
        for (EpochRecord e : training.epochs()) {
            out.add(new EpochStats(e.epoch() + 1, e.loss(),
                    e.losses().getOrDefault("ce", Double.NaN),
                    e.losses().getOrDefault("kd", Double.NaN),
                    val.getOrDefault(e.epoch(), Double.NaN)));
        }
        result.addCurve(step + 1, out);
    }

    /** Sample predictions of the final model. */
    void addSamples(List<SamplePrediction> samples) {
        samples.forEach(result::addSample);
    }

    /** The method's result; the scores after the last step are the final ones. */
    MethodResult build() {
        Map<String, SegmentationMetrics> last = byStep.getOrDefault(tasks.size() - 1, Map.of());
        Map<String, Double> scores = new LinkedHashMap<>();
        for (String key : keys.keys()) {
            SegmentationMetrics s = last.get(key);
            scores.put(key, s == null ? Double.NaN : s.meanIoU());
        }
        result.setTaskScores(scores);
        result.optAccuracyMatrix(r.build());
        SegmentationMetrics everything = last.get(keys.allTasksKey());
        if (everything != null) {
            result.optClassIoU(everything);
            result.addConfusion(keys.allTasksKey(), everything);
        }
        for (int step = 0; step < tasks.size(); step++) {
            SegmentationMetrics seen = byStep.getOrDefault(step, Map.of()).get(keys.unionKey(step + 1));
            if (seen != null) {
                result.addStepScores(step + 1,
                        LifelongMetrics.oldNewAll(seen, tasks.oldClasses(step), tasks.newClasses(step)));
            }
        }
        return result.build();
    }
}
