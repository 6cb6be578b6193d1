package org.lifelongseg.core.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.lifelongseg.core.checkpoint.Provenance;
import org.lifelongseg.core.engine.TorchRuntime;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.infer.ColorMap;
import org.lifelongseg.core.infer.InputSpec;
import org.lifelongseg.core.metrics.SegmentationMetrics;
import org.lifelongseg.core.report.MethodResult;
import org.lifelongseg.core.report.RecognitionResult;
import org.lifelongseg.core.report.RunResults;
import org.lifelongseg.core.report.SamplePrediction;
import org.lifelongseg.core.report.TaskKeys;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.train.LifelongTrainer;
import org.lifelongseg.core.train.NewClassInitialization;
import org.lifelongseg.core.train.OptimizerSettings;
import org.lifelongseg.core.train.SegmentationModelFactory;
import org.lifelongseg.core.train.StepResult;
import org.lifelongseg.core.train.TaskDataProvider;
import org.lifelongseg.core.train.TrainingResult;
import org.lifelongseg.core.train.TrainingStrategy;
import org.lifelongseg.core.train.listen.TrainerListener;
import org.lifelongseg.core.train.strategy.Strategies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole lifelong workflow on any data and task sequence: task 1 learned statically (stage 1),
 * the later tasks learned from stage 1 by each compared method, the joint baseline on every class;
 * every model evaluated on each task and each cumulative union of tasks of the provider's
 * evaluation data; the accuracy matrix R, the lifelong metrics and per-class IoU; optionally
 * unknown-task recognition with one method's final model. The command line's {@code lifelong
 * pipeline} is this workflow on the Cityscapes protocol.
 *
 * <pre>{@code
 * RunResults results = LifelongPipeline.builder()
 *         .setData(FolderTaskData.builder().setRoot(root).optResize(128, 64).build(), "garden")
 *         .setTasks(split)                                      // any TaskSequence
 *         .setModel(new ErfNetFactory())                        // any SegmentationModelFactory
 *         .addMethod("finetune", Strategies.fineTuning())
 *         .addMethod("distill", KlingnerDistillation.builder().build())
 *         .optEpochs(50)
 *         .optCheckpoints(Path.of("out/checkpoints"), 10)
 *         .build()
 *         .run();
 * ReportFiles.writeAll(results, Path.of("out"));             // results.json/.md/.csv, report.html
 * }</pre>
 *
 * <p>Stage 1 is trained once and shared by every method (same seed, same model). The same recipe
 * (epochs, batch, seed, optimizer) serves every training; the incremental steps may have an
 * optimizer of their own. The trainings that do not depend on each other run at the same time,
 * each on its own thread with its own random generator (so the results do not depend on the
 * scheduling): the joint baseline beside stage 1, then the methods side by side, all from stage
 * 1. Results are keyed by {@link TaskKeys} ({@code task1, task2, task12, …} for tasks named {@code
 * task1 … taskN}, else the task names, unions and {@code all}); methods are named as given, the
 * joint baseline {@value #JOINT}. The data provider must have evaluation data ({@link
 * TaskDataProvider#evaluationData}); nothing is written but checkpoints (when asked for) and the
 * recognition's files.
 */
public final class LifelongPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(LifelongPipeline.class);

    /** The joint baseline's name in the results and its training's name. */
    public static final String JOINT = "joint";

    /** The name of the stage-1 training (listeners, checkpoint folder). */
    public static final String STAGE1 = "stage1";

    private final TaskDataProvider data;
    private final String datasetName;
    private final TaskSequence tasks;
    private final SegmentationModelFactory factory;
    private final Map<String, TrainingStrategy> methods;
    private final boolean jointBaseline;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final Device device;
    private final OptimizerSettings optimizer;
    private final OptimizerSettings incrementalOptimizer;
    private final NewClassInitialization newClassInitialization;
    private final Path checkpoints;
    private final int checkpointEvery;
    private final int samples;
    private final List<TrainerListener> listeners;
    private final List<Function<String, TrainerListener>> listenerFactories;
    private final ColorMap colorMap;
    private final Map<String, String> configuration;
    private final UnknownTaskRecognition recognition;
    private final TaskKeys keys;

    private LifelongPipeline(Builder b) {
        this.data = b.data;
        this.datasetName = b.datasetName;
        this.tasks = b.tasks;
        this.factory = b.factory;
        this.methods = new LinkedHashMap<>(b.methods);
        this.jointBaseline = b.jointBaseline == null || b.jointBaseline;
        this.epochs = b.epochs == 0 ? 200 : b.epochs;
        this.batchSize = b.batchSize == 0 ? 6 : b.batchSize;
        this.seed = b.seed == null ? 1234 : b.seed;
        this.device = b.device == null ? Device.cpu() : b.device;
        this.optimizer = b.optimizer == null ? OptimizerSettings.reference() : b.optimizer;
        this.incrementalOptimizer = b.incrementalOptimizer == null ? this.optimizer : b.incrementalOptimizer;
        this.newClassInitialization = b.newClassInitialization == null
                ? NewClassInitialization.ZERO : b.newClassInitialization;
        this.checkpoints = b.checkpoints;
        this.checkpointEvery = b.checkpointEvery;
        this.samples = b.samples == null ? 3 : b.samples;
        this.listeners = List.copyOf(b.listeners);
        this.listenerFactories = List.copyOf(b.listenerFactories);
        this.colorMap = b.colorMap;
        this.configuration = b.configuration == null ? Map.of() : new LinkedHashMap<>(b.configuration);
        this.recognition = b.recognition;
        this.keys = b.keys;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The trainings that run at the same time for most of a run with {@code methods} methods: the
     * methods side by side, or the joint baseline beside stage 1 (for sizing the engine's threads
     * before it starts).
     */
    public static int concurrentTrainings(int methods, boolean jointBaseline) {
        return Math.max(methods, jointBaseline ? 2 : 1);
    }

    /** The result keys of the run ({@link TaskKeys} of the task sequence). */
    public TaskKeys taskKeys() {
        return keys;
    }

    /**
     * Runs the whole workflow and returns its results (written by the caller, e.g. {@code
     * ReportFiles.writeAll}).
     *
     * @return the results: one row per method, then the joint baseline
     * @throws IOException if data or checkpoints cannot be read or written
     * @throws IllegalStateException if the data provider has no evaluation data
     */
    public RunResults run() throws IOException {
        Instant start = Instant.now();
        PipelineEvaluator evaluator = new PipelineEvaluator(data, tasks, keys, batchSize, device);
        evaluator.data(tasks.classSpaceAfter(0)); // fails now, not after the first training
        ClassSpace all = tasks.finalClassSpace();
        RunResults.Builder run = RunResults.builder()
                .setDataset(datasetName)
                .setNumTasks(tasks.size())
                .optTaskNames(keys.taskNames())
                .optTaskClasses(tasks.tasks().stream().map(t -> List.copyOf(t.classes())).toList())
                .optStartTime(start);
        if (colorMap != null) {
            run.optColorMap(colorMap);
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("epochs", String.valueOf(epochs));
        config.put("batchSize", String.valueOf(batchSize));
        config.put("seed", String.valueOf(seed));
        config.putAll(configuration);
        config.put("optimizer", optimizer.toString());
        config.put("incrementalOptimizer", incrementalOptimizer.toString());
        config.put("newClassInitialization", newClassInitialization.name().toLowerCase(Locale.ROOT));
        factory.describe().forEach((k, v) -> config.put("model." + k, v));
        config.put("device", device.toString());
        run.optConfiguration(config);
        run.optProvenance(Provenance.builder().optSeed(seed).optDevice(device.toString())
                .optConfiguration(config).build());

        admitModels();
        try (ConcurrentTrainings trainings = new ConcurrentTrainings(methods.size() + (jointBaseline ? 1 : 0))) {
            // the joint baseline needs nothing: it trains from the start, beside stage 1
            Future<MethodRun> joint = jointBaseline ? trainings.submit(() -> joint(evaluator, all)) : null;
            LOG.info("Stage 1 (static, task '{}'), shared by {}{}", tasks.task(0).name(), methods.keySet(),
                    jointBaseline ? "; the joint baseline trains meanwhile" : "");
            List<RecognitionResult> recognized = new ArrayList<>();
            try (StepResult stage1 = trainer(tasks, Strategies.staticTraining(), STAGE1, optimizer).trainStep(0)) {
                // with a single task stage 1 is every method's final model
                SamplePredictions stage1Samples = tasks.size() == 1 ? samples(stage1, all) : null;
                Map<String, SegmentationMetrics> s1 = evaluator.evaluate(stage1, stage1Samples);
                summary("stage 1", s1);
                // every method starts from stage 1; they run at the same time
                List<Future<MethodRun>> runs = new ArrayList<>();
                methods.forEach((name, strategy) -> runs.add(trainings.submit(
                        () -> incremental(name, strategy, stage1, s1, stage1Samples, evaluator, all))));
                try {
                    for (Future<MethodRun> f : runs) {
                        MethodRun m = trainings.result(f);
                        run.addMethod(m.result());
                        recognized.addAll(m.recognition());
                    }
                } catch (IOException | RuntimeException | Error e) {
                    // the others read stage 1: they stop before it is closed
                    trainings.close();
                    throw e;
                }
            }
            if (joint != null) {
                run.addMethod(trainings.result(joint).result());
            }
            recognized.forEach(run::addRecognition);
        }
        return run.optEndTime(Instant.now()).build();
    }

    /** A method's result and, for the recognizing method, the recognizers' results. */
    private record MethodRun(MethodResult result, List<RecognitionResult> recognition) {}

    /** Tasks 2..N by a method, starting from stage 1; evaluated after every step. */
    private MethodRun incremental(String method, TrainingStrategy strategy, StepResult stage1,
            Map<String, SegmentationMetrics> s1, SamplePredictions stage1Samples, PipelineEvaluator evaluator,
            ClassSpace all) throws IOException {
        MethodRecorder m = new MethodRecorder(method, tasks, keys);
        m.addScores(0, s1);
        m.addCurve(0, stage1);
        if (tasks.size() == 1) {
            m.addSamples(stage1Samples.samples());
            return new MethodRun(m.build(), recognize(method, stage1));
        }
        LOG.info("Tasks 2 to {} by {}", tasks.size(), method);
        List<RecognitionResult> recognized = List.of();
        try (TrainingResult later = trainer(tasks, strategy, method, incrementalOptimizer)
                .withTeacher(stage1.asTeacher())
                .trainFrom(1)) {
            for (StepResult step : later.steps()) {
                boolean isLast = step.step() == tasks.size() - 1;
                SamplePredictions kept = isLast ? samples(step, all) : null;
                Map<String, SegmentationMetrics> scores = evaluator.evaluate(step, kept);
                summary(method + " step " + (step.step() + 1), scores);
                m.addScores(step.step(), scores);
                m.addCurve(step.step(), step);
                if (isLast) {
                    m.addSamples(kept.samples());
                    recognized = recognize(method, step);
                }
            }
        }
        return new MethodRun(m.build(), recognized);
    }

    /** The joint baseline: all classes at once, on every task's images; the same model at every step. */
    private MethodRun joint(PipelineEvaluator evaluator, ClassSpace all) throws IOException {
        LOG.info("Joint baseline (all classes at once)");
        try (StepResult j = trainer(tasks.jointBaseline(), Strategies.joint(), JOINT, optimizer).trainStep(0)) {
            SamplePredictions kept = samples(j, all);
            Map<String, SegmentationMetrics> s = evaluator.evaluate(j, kept);
            summary("joint", s);
            MethodRecorder m = new MethodRecorder(JOINT, tasks, keys);
            m.addCurve(0, j);
            m.addSamples(kept.samples());
            for (int step = 0; step < tasks.size(); step++) {
                m.addScores(step, s); // one model: the same scores after every step
            }
            return new MethodRun(m.build(), List.of());
        }
    }

    private List<RecognitionResult> recognize(String method, StepResult finalModel) throws IOException {
        if (recognition == null || !recognition.method().equals(method)) {
            return List.of();
        }
        LOG.info("Unknown-task recognition with the final model of {}", method);
        List<RecognitionResult> results = recognition.run(finalModel);
        for (RecognitionResult r : results) {
            LOG.info("recognition '{}': AUROC {} FPR@95TPR {} samples_transfer_ratio {}", r.method(),
                    String.format("%.3f", r.auroc()), String.format("%.3f", r.fprAt95Tpr()),
                    String.format("%.3f", r.samplesTransferRatio()));
        }
        return results;
    }

    private SamplePredictions samples(StepResult step, ClassSpace all) {
        Normalization normalization = data.inputSpec(step.classSpace()).map(InputSpec::normalization)
                .orElse(Normalization.IMAGENET);
        return new SamplePredictions(samples, step.classSpace(), all, normalization);
    }

    /**
     * Declares every model of the run to the runtime before the first training, so that its choice
     * of convolution kernels is made once, before trainings run concurrently ({@link
     * TorchRuntime#admit}).
     */
    private void admitModels() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int t = 0; t < tasks.size(); t++) {
                Block block = factory.newBlock(tasks.classSpaceAfter(t));
                block.initialize(manager, DataType.FLOAT32, factory.initializationShape());
                TorchRuntime.admit(block);
            }
        }
        LOG.info("convolutions: {}", TorchRuntime.ensureReady().convolutions());
    }

    private LifelongTrainer.Builder trainer(TaskSequence seq, TrainingStrategy strategy, String name,
            OptimizerSettings settings) {
        LifelongTrainer.Builder b = LifelongTrainer.forTasks(seq)
                .model(factory).data(data).strategy(strategy)
                .epochs(epochs).batchSize(batchSize).seed(seed).devices(device)
                .optimizer(settings).newClassInitialization(newClassInitialization).runName(name)
                .listeners(listeners(name));
        if (checkpoints != null) {
            b.checkpoints(checkpoints.resolve(name), checkpointEvery);
        }
        return b;
    }

    /** The listeners of one training: the shared ones and one of each per-training factory. */
    private TrainerListener[] listeners(String training) {
        List<TrainerListener> out = new ArrayList<>(listeners);
        for (Function<String, TrainerListener> f : listenerFactories) {
            out.add(f.apply(training));
        }
        return out.toArray(new TrainerListener[0]);
    }

    private static void summary(String what, Map<String, SegmentationMetrics> s) {
        StringBuilder b = new StringBuilder(what).append(":");
        s.forEach((k, m) -> b.append(String.format(" %s %.1f", k, 100 * m.meanIoU())));
        LOG.info("{}", b);
    }

    /**
     * Builder of {@link LifelongPipeline}: {@code setData}, {@code setTasks}, {@code setModel} and
     * at least one {@code addMethod} are required; every {@code set}/{@code opt} setting may be
     * given once.
     */
    public static final class Builder {
        private TaskDataProvider data;
        private String datasetName;
        private TaskSequence tasks;
        private SegmentationModelFactory factory;
        private final Map<String, TrainingStrategy> methods = new LinkedHashMap<>();
        private Boolean jointBaseline;
        private int epochs;
        private int batchSize;
        private Long seed;
        private Device device;
        private OptimizerSettings optimizer;
        private OptimizerSettings incrementalOptimizer;
        private NewClassInitialization newClassInitialization;
        private Path checkpoints;
        private int checkpointEvery;
        private Integer samples;
        private final List<TrainerListener> listeners = new ArrayList<>();
        private final List<Function<String, TrainerListener>> listenerFactories = new ArrayList<>();
        private ColorMap colorMap;
        private Map<String, String> configuration;
        private UnknownTaskRecognition recognition;
        private TaskKeys keys;

        private Builder() {}

        private static void once(boolean unset, String what) {
            if (!unset) {
                throw new IllegalStateException("pipeline setting '" + what + "' given twice");
            }
        }

        /**
         * The training, validation and evaluation data ({@link TaskDataProvider#evaluationData}
         * is required) and the dataset's name for the results.
         */
        public Builder setData(TaskDataProvider data, String datasetName) {
            once(this.data == null, "data");
            this.data = Objects.requireNonNull(data, "data provider");
            this.datasetName = Objects.requireNonNull(datasetName, "dataset name");
            return this;
        }

        /** The tasks, learned in order (at least one; their names key the results). */
        public Builder setTasks(TaskSequence tasks) {
            once(this.tasks == null, "tasks");
            this.tasks = Objects.requireNonNull(tasks, "task sequence");
            return this;
        }

        /** The model every training builds, e.g. lifelong-erfnet's {@code new ErfNetFactory()}. */
        public Builder setModel(SegmentationModelFactory factory) {
            once(this.factory == null, "model");
            this.factory = Objects.requireNonNull(factory, "model factory");
            return this;
        }

        /**
         * A compared method: how tasks 2..N are learned from stage 1 (e.g. {@code
         * Strategies.fineTuning()}, lifelong-erfnet's {@code KlingnerDistillation}), named as in
         * the results, the listeners and the checkpoint folders (a plain folder name, neither
         * {@value #STAGE1} nor {@value #JOINT}). Methods are reported in the order added.
         */
        public Builder addMethod(String name, TrainingStrategy strategy) {
            Objects.requireNonNull(name, "method name");
            if (name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(STAGE1)
                    || name.equals(JOINT)) {
                throw new IllegalArgumentException("method name '" + name + "' must be a plain folder name,"
                        + " neither '" + STAGE1 + "' nor '" + JOINT + "'");
            }
            if (methods.containsKey(name)) {
                throw new IllegalStateException("method '" + name + "' added twice");
            }
            methods.put(name, Objects.requireNonNull(strategy, "strategy of method " + name));
            return this;
        }

        /** Whether to train the joint baseline on every class at once (default true). */
        public Builder optJointBaseline(boolean train) {
            once(jointBaseline == null, "joint baseline");
            this.jointBaseline = train;
            return this;
        }

        /** Epochs of every training (default 200, the reference's). */
        public Builder optEpochs(int epochs) {
            once(this.epochs == 0, "epochs");
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** Images per batch of training and evaluation (default 6). */
        public Builder optBatchSize(int batchSize) {
            once(this.batchSize == 0, "batch size");
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Seed of every training (default 1234, the reference's). */
        public Builder optSeed(long seed) {
            once(this.seed == null, "seed");
            this.seed = seed;
            return this;
        }

        /** The device (default CPU). */
        public Builder optDevice(Device device) {
            once(this.device == null, "device");
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /**
         * Optimizer settings of stage 1 and the joint baseline, and of the incremental steps unless
         * {@link #optIncrementalOptimizer} says otherwise (default: the reference's Adam and poly
         * schedule).
         */
        public Builder optOptimizer(OptimizerSettings optimizer) {
            once(this.optimizer == null, "optimizer");
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /**
         * Optimizer settings of the incremental steps (tasks 2..N, every method), which start from
         * a trained model (default: those of {@link #optOptimizer}).
         */
        public Builder optIncrementalOptimizer(OptimizerSettings optimizer) {
            once(this.incrementalOptimizer == null, "incremental optimizer");
            this.incrementalOptimizer = Objects.requireNonNull(optimizer, "incremental optimizer");
            return this;
        }

        /**
         * How the new classes' output entries start in the incremental steps of methods whose
         * student starts from the previous model (default {@link NewClassInitialization#ZERO}).
         */
        public Builder optNewClassInitialization(NewClassInitialization init) {
            once(this.newClassInitialization == null, "new-class initialization");
            this.newClassInitialization = Objects.requireNonNull(init, "new-class initialization");
            return this;
        }

        /**
         * Checkpoints of every training under {@code root/<training>} every {@code every} epochs and
         * after the last (default: none).
         */
        public Builder optCheckpoints(Path root, int every) {
            once(this.checkpoints == null, "checkpoints");
            if (every < 1) {
                throw new IllegalArgumentException("checkpoint frequency must be >= 1, got " + every);
            }
            this.checkpoints = Objects.requireNonNull(root, "checkpoint root");
            this.checkpointEvery = every;
            return this;
        }

        /** Sample predictions kept per method for the report (default 3). */
        public Builder optSamples(int samples) {
            once(this.samples == null, "samples");
            if (samples < 0) {
                throw new IllegalArgumentException("samples must be >= 0, got " + samples);
            }
            this.samples = samples;
            return this;
        }

        /**
         * A listener of every training. Trainings run concurrently, so it is called from several
         * threads at once.
         */
        public Builder addListener(TrainerListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * A listener per training (e.g. a progress line), made from the training's name: {@value
         * #STAGE1}, a method's name or {@value #JOINT}.
         */
        public Builder addListenerPerTraining(Function<String, TrainerListener> factory) {
            this.listenerFactories.add(Objects.requireNonNull(factory, "listener factory"));
            return this;
        }

        /** The colours of the classes in the report (default: distinct colours). */
        public Builder optColorMap(ColorMap colors) {
            once(this.colorMap == null, "colour map");
            this.colorMap = Objects.requireNonNull(colors, "colour map");
            return this;
        }

        /**
         * Settings recorded in the results' configuration beside the recipe's (e.g. a method's
         * parameters, the transform).
         */
        public Builder optConfiguration(Map<String, String> configuration) {
            once(this.configuration == null, "configuration");
            this.configuration = new LinkedHashMap<>(configuration);
            return this;
        }

        /** Unknown-task recognition with a method's final model (default: none). */
        public Builder optUnknownTaskRecognition(UnknownTaskRecognition recognition) {
            once(this.recognition == null, "unknown-task recognition");
            this.recognition = Objects.requireNonNull(recognition, "recognition");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalStateException naming a missing setting or an unknown recognizing method
         * @throws IllegalArgumentException if task names would give two result columns one key
         */
        public LifelongPipeline build() {
            if (data == null) {
                throw new IllegalStateException("setData is required");
            }
            if (tasks == null) {
                throw new IllegalStateException("setTasks is required");
            }
            if (factory == null) {
                throw new IllegalStateException("setModel is required");
            }
            if (methods.isEmpty()) {
                throw new IllegalStateException("add at least one method (addMethod)");
            }
            if (recognition != null && !methods.containsKey(recognition.method())) {
                throw new IllegalStateException("unknown-task recognition names method '" + recognition.method()
                        + "', which is not one of the pipeline's: " + methods.keySet());
            }
            keys = TaskKeys.of(tasks);
            return new LifelongPipeline(this);
        }
    }
}
