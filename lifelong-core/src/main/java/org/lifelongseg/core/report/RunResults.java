package org.lifelongseg.core.report;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.lifelongseg.core.checkpoint.Provenance;
import org.lifelongseg.core.infer.ColorMap;

/**
 * Everything a lifelong run reports: metadata and one {@link MethodResult} per method. Immutable;
 * the input of every writer in this package.
 *
 * <pre>{@code
 * RunResults run = RunResults.builder()
 *         .setDataset("cityscapes")
 *         .setNumTasks(3)
 *         .optTaskNames(List.of("task1", "task2", "task3"))    // the column keys (TaskKeys)
 *         .optTaskClasses(List.of(task1Classes, task2Classes, task3Classes))
 *         .optConfiguration(Map.of("epochs", "200"))
 *         .optProvenance(Provenance.builder().optSeed(1).build())
 *         .optStartTime(start).optEndTime(Instant.now())
 *         .addMethod(finetune).addMethod(distill).addMethod(joint)
 *         .build();
 * }</pre>
 *
 * <p>{@link Builder#build()} checks that every method's task keys, accuracy matrix, steps and
 * class names fit the run's task count and classes.
 */
public final class RunResults {

    private final String dataset;
    private final String title;
    private final int numTasks;
    private final TaskKeys taskKeys;
    private final ImmutableList<ImmutableList<String>> taskClasses;
    private final ImmutableMap<String, String> configuration;
    private final Provenance provenance;
    private final Instant startTime;
    private final Instant endTime;
    private final ColorMap colorMap;
    private final ImmutableMap<String, Double> extraMetrics;
    private final ImmutableList<MethodResult> methods;
    private final ImmutableList<RecognitionResult> recognition;

    private RunResults(Builder b) {
        this.dataset = b.dataset;
        this.title = b.title;
        this.numTasks = b.numTasks;
        this.taskKeys = b.taskKeys();
        ImmutableList.Builder<ImmutableList<String>> tc = ImmutableList.builder();
        if (b.taskClasses != null) {
            b.taskClasses.forEach(l -> tc.add(ImmutableList.copyOf(l)));
        }
        this.taskClasses = tc.build();
        this.configuration = b.configuration == null ? ImmutableMap.of() : ImmutableMap.copyOf(b.configuration);
        this.provenance = b.provenance;
        this.startTime = b.startTime;
        this.endTime = b.endTime;
        this.colorMap = b.colorMap;
        this.extraMetrics = b.extraMetrics == null ? ImmutableMap.of() : ImmutableMap.copyOf(b.extraMetrics);
        this.methods = ImmutableList.copyOf(b.methods.values());
        this.recognition = ImmutableList.copyOf(b.recognition.values());
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The dataset's name, e.g. "cityscapes". */
    public String dataset() {
        return dataset;
    }

    /** The report title (default: "Lifelong semantic segmentation — {dataset}"). */
    public String title() {
        return title != null ? title : "Lifelong semantic segmentation — " + dataset;
    }

    /** The number of tasks T. */
    public int numTasks() {
        return numTasks;
    }

    /**
     * The task-table columns: keys and labels decided from the task names ({@link TaskKeys}),
     * {@code task1, task2, task12, …} when no names were given.
     */
    public TaskKeys taskKeys() {
        return taskKeys;
    }

    /** The tasks' names, task 1 first ({@code task1 … taskN} when none were given). */
    public List<String> taskNames() {
        return taskKeys.taskNames();
    }

    /** The class names of each task (task 1 first), or an empty list if not given. */
    public List<List<String>> taskClasses() {
        return List.copyOf(taskClasses);
    }

    /** Every class name, task by task; empty if {@link #taskClasses()} was not given. */
    public List<String> classNames() {
        List<String> out = new ArrayList<>();
        taskClasses.forEach(out::addAll);
        return List.copyOf(out);
    }

    /** The task (1-based) a class belongs to, or 0 if unknown. */
    public int taskOf(String className) {
        for (int t = 0; t < taskClasses.size(); t++) {
            if (taskClasses.get(t).contains(className)) {
                return t + 1;
            }
        }
        return 0;
    }

    /** The run's configuration (option to value), in insertion order. */
    public Map<String, String> configuration() {
        return configuration;
    }

    /** Where the results came from, if given. */
    public Optional<Provenance> provenance() {
        return Optional.ofNullable(provenance);
    }

    /** When the run started, if given. */
    public Optional<Instant> startTime() {
        return Optional.ofNullable(startTime);
    }

    /** When the run ended, if given. */
    public Optional<Instant> endTime() {
        return Optional.ofNullable(endTime);
    }

    /** The run's wall-clock duration, if both times were given. */
    public Optional<Duration> duration() {
        return startTime != null && endTime != null
                ? Optional.of(Duration.between(startTime, endTime))
                : Optional.empty();
    }

    /**
     * The colours of the class indices of sample predictions: the one given, else {@link
     * ColorMap#distinct} over the classes.
     */
    public ColorMap colorMap() {
        if (colorMap != null) {
            return colorMap;
        }
        return ColorMap.distinct(Math.max(1, classNames().size()));
    }

    /** Run-level further metrics (e.g. unknown-task recognition), in insertion order. */
    public Map<String, Double> extraMetrics() {
        return extraMetrics;
    }

    /** The unknown-task recognizers' results, in insertion order (empty if none ran). */
    public List<RecognitionResult> recognition() {
        return recognition;
    }

    /** The methods, in insertion order. */
    public List<MethodResult> methods() {
        return methods;
    }

    /** The method called {@code name}, if present. */
    public Optional<MethodResult> method(String name) {
        return methods.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return "RunResults[" + dataset + ", " + numTasks + " tasks, methods="
                + methods.stream().map(MethodResult::name).toList() + "]";
    }

    /** Builder of {@link RunResults}; each {@code set}/{@code opt} option may be given once. */
    public static final class Builder {
        private String dataset;
        private String title;
        private int numTasks;
        private List<String> taskNames;
        private List<List<String>> taskClasses;
        private Map<String, String> configuration;
        private Provenance provenance;
        private Instant startTime;
        private Instant endTime;
        private ColorMap colorMap;
        private Map<String, Double> extraMetrics;
        private final LinkedHashMap<String, MethodResult> methods = new LinkedHashMap<>();
        private final LinkedHashMap<String, RecognitionResult> recognition = new LinkedHashMap<>();

        private Builder() {}

        /** Sets the dataset's name (required). */
        public Builder setDataset(String dataset) {
            Preconditions.checkState(this.dataset == null, "dataset given twice");
            Objects.requireNonNull(dataset, "dataset");
            Preconditions.checkArgument(!dataset.isBlank(), "dataset name must not be blank");
            this.dataset = dataset;
            return this;
        }

        /** Sets the number of tasks T (required, at least 1). */
        public Builder setNumTasks(int numTasks) {
            Preconditions.checkState(this.numTasks == 0, "number of tasks given twice");
            Preconditions.checkArgument(numTasks >= 1, "number of tasks must be at least 1, got %s", numTasks);
            this.numTasks = numTasks;
            return this;
        }

        /** Sets the report title. */
        public Builder optTitle(String title) {
            Preconditions.checkState(this.title == null, "title given twice");
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /**
         * Sets the tasks' names, task 1 first (default {@code task1 … taskN}); they decide the
         * task-table keys ({@link TaskKeys}).
         */
        public Builder optTaskNames(List<String> names) {
            Preconditions.checkState(taskNames == null, "task names given twice");
            names.forEach(n -> Objects.requireNonNull(n, "task name"));
            taskNames = List.copyOf(names);
            return this;
        }

        /** Sets the class names learnt in each task (task 1 first); names must be distinct. */
        public Builder optTaskClasses(List<List<String>> classes) {
            Preconditions.checkState(taskClasses == null, "task classes given twice");
            Set<String> seen = new LinkedHashSet<>();
            for (List<String> task : classes) {
                for (String c : task) {
                    Preconditions.checkArgument(seen.add(Objects.requireNonNull(c, "class name")),
                            "class '%s' belongs to more than one task", c);
                }
            }
            taskClasses = List.copyOf(classes);
            return this;
        }

        /** Sets the run's configuration (option to value). */
        public Builder optConfiguration(Map<String, String> configuration) {
            Preconditions.checkState(this.configuration == null, "configuration given twice");
            Map<String, String> m = new LinkedHashMap<>();
            configuration.forEach((k, v) -> m.put(
                    Objects.requireNonNull(k, "configuration key"),
                    Objects.requireNonNull(v, () -> "configuration value of " + k)));
            this.configuration = m;
            return this;
        }

        /** Sets the provenance. */
        public Builder optProvenance(Provenance provenance) {
            Preconditions.checkState(this.provenance == null, "provenance given twice");
            this.provenance = Objects.requireNonNull(provenance, "provenance");
            return this;
        }

        /** Sets when the run started. */
        public Builder optStartTime(Instant time) {
            Preconditions.checkState(startTime == null, "start time given twice");
            startTime = Objects.requireNonNull(time, "start time");
            return this;
        }

        /** Sets when the run ended. */
        public Builder optEndTime(Instant time) {
            Preconditions.checkState(endTime == null, "end time given twice");
            endTime = Objects.requireNonNull(time, "end time");
            return this;
        }

        /** Sets the colours of the class indices of the sample predictions. */
        public Builder optColorMap(ColorMap colors) {
            Preconditions.checkState(colorMap == null, "colour map given twice");
            colorMap = Objects.requireNonNull(colors, "colour map");
            return this;
        }

        /** Sets run-level further metrics (e.g. AUROC, FPR@95TPR, samples_transfer_ratio). */
        public Builder optExtraMetrics(Map<String, Double> metrics) {
            Preconditions.checkState(extraMetrics == null, "extra metrics given twice");
            Map<String, Double> m = new LinkedHashMap<>();
            metrics.forEach((k, v) -> m.put(
                    Objects.requireNonNull(k, "metric name"),
                    Objects.requireNonNull(v, () -> "value of metric " + k)));
            extraMetrics = m;
            return this;
        }

        /** Adds a method; names must be distinct. */
        public Builder addMethod(MethodResult method) {
            Objects.requireNonNull(method, "method");
            Preconditions.checkArgument(
                    !methods.containsKey(method.name()), "method '%s' given twice", method.name());
            methods.put(method.name(), method);
            return this;
        }

        /** Adds an unknown-task recognizer's result; recognizer names must be distinct. */
        public Builder addRecognition(RecognitionResult result) {
            Objects.requireNonNull(result, "recognition result");
            Preconditions.checkArgument(!recognition.containsKey(result.method()),
                    "recognizer '%s' given twice", result.method());
            recognition.put(result.method(), result);
            return this;
        }

        /** Validates and builds. */
        public RunResults build() {
            Preconditions.checkState(dataset != null, "dataset is required (setDataset)");
            Preconditions.checkState(numTasks > 0, "number of tasks is required (setNumTasks)");
            Preconditions.checkState(!methods.isEmpty(), "at least one method is required (addMethod)");
            Preconditions.checkState(
                    taskClasses == null || taskClasses.size() == numTasks,
                    "task classes given for %s tasks but the run has %s", 
                    taskClasses == null ? 0 : taskClasses.size(), numTasks);
            Preconditions.checkState(
                    startTime == null || endTime == null || !endTime.isBefore(startTime),
                    "end time %s is before start time %s", endTime, startTime);
            Preconditions.checkState(
                    taskNames == null || taskNames.size() == numTasks,
                    "task names given for %s tasks but the run has %s: %s",
                    taskNames == null ? 0 : taskNames.size(), numTasks, taskNames);
            List<String> keys = taskKeys().keys();
            Set<String> classes = new LinkedHashSet<>();
            if (taskClasses != null) {
                taskClasses.forEach(classes::addAll);
            }
            for (MethodResult m : methods.values()) {
                for (String k : m.taskScores().keySet()) {
                    Preconditions.checkState(keys.contains(k),
                            "method '%s': unknown task key '%s'; keys of tasks %s: %s", m.name(), k, taskKeys().taskNames(), keys);
                }
                m.accuracyMatrix().ifPresent(r -> Preconditions.checkState(r.numTasks() == numTasks,
                        "method '%s': accuracy matrix has %s tasks but the run has %s", m.name(), r.numTasks(), numTasks));
                for (int step : m.stepScores().keySet()) {
                    Preconditions.checkState(step <= numTasks,
                            "method '%s': step scores for step %s but the run has %s tasks", m.name(), step, numTasks);
                }
                for (int step : m.curves().keySet()) {
                    Preconditions.checkState(step <= numTasks,
                            "method '%s': curve for step %s but the run has %s tasks", m.name(), step, numTasks);
                }
                if (!classes.isEmpty()) {
                    for (String c : m.classIoU().keySet()) {
                        Preconditions.checkState(classes.contains(c),
                                "method '%s': class IoU for '%s', which is in no task; classes: %s", m.name(), c, classes);
                    }
                }
            }
            return new RunResults(this);
        }

        private TaskKeys taskKeys() {
            return taskNames == null ? TaskKeys.numbered(numTasks) : TaskKeys.of(taskNames);
        }
    }
}
