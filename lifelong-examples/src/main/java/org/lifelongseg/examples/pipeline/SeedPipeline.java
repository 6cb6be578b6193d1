package org.lifelongseg.examples.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.lifelongseg.cityscapes.data.CityscapesProtocol;
import org.lifelongseg.cityscapes.eval.SplitEvaluator;
import org.lifelongseg.cityscapes.labels.CityscapesPalette;
import org.lifelongseg.cityscapes.train.CityscapesTaskData;
import org.lifelongseg.cityscapes.transform.TransformSettings;
import org.lifelongseg.core.checkpoint.Provenance;
import org.lifelongseg.core.engine.GradientCollectors;
import org.lifelongseg.core.engine.TorchRuntime;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.Resampler;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.metrics.AccuracyMatrix;
import org.lifelongseg.core.metrics.DatasetEvaluator;
import org.lifelongseg.core.metrics.LifelongMetrics;
import org.lifelongseg.core.metrics.SegmentationMetrics;
import org.lifelongseg.core.report.EpochStats;
import org.lifelongseg.core.report.MethodResult;
import org.lifelongseg.core.report.RecognitionResult;
import org.lifelongseg.core.report.RunResults;
import org.lifelongseg.core.report.SamplePrediction;
import org.lifelongseg.core.report.TaskKeys;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.train.EpochRecord;
import org.lifelongseg.core.train.LifelongTrainer;
import org.lifelongseg.core.train.OptimizerSettings;
import org.lifelongseg.core.train.StepResult;
import org.lifelongseg.core.train.TrainingResult;
import org.lifelongseg.core.train.TrainingStrategy;
import org.lifelongseg.core.train.ValidationRecord;
import org.lifelongseg.core.train.listen.TrainerListener;
import org.lifelongseg.core.train.strategy.Strategies;
import org.lifelongseg.erfnet.model.ErfNet;
import org.lifelongseg.erfnet.train.ErfNetFactory;
import org.lifelongseg.erfnet.train.KlingnerDistillation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's whole workflow: stage 1 static on task 1, then tasks 2 and 3 learned by plain
 * fine-tuning (the forgetting lower bound) and by distillation from the previous model (the
 * method), plus the joint baseline on all classes; every model evaluated on tasks 1, 2, 3 and the
 * unions 1∪2, 1∪2∪3 of the validation split, with the lifelong metrics.
 *
 * <pre>{@code
 * RunResults results = SeedPipeline.builder()
 *         .setData(CityscapesTaskData.builder().setRoot(root).build(), "cityscapes")
 *         .optEpochs(200)
 *         .optCheckpoints(Path.of("runs/x/checkpoints"))
 *         .build()
 *         .run();
 * }</pre>
 *
 * <p>Stage 1 is trained once and shared by both incremental methods (same seed, same model).
 * The same recipe (epochs, batch, optimizer, seed) serves every method. The trainings that do not
 * depend on each other run at the same time, each on its own thread with its own random generator
 * (so the results do not depend on the scheduling): the joint baseline beside stage 1, then
 * fine-tuning and distillation, both from stage 1.
 */
public final class SeedPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(SeedPipeline.class);

    /** Method names, as in results.json. */
    public static final String FINETUNE = "finetune";

    public static final String DISTILL = "distill";

    public static final String JOINT = "joint";

    /** Trainings that run at the same time for most of the run (a third overlaps them for a while). */
    public static final int CONCURRENT_TRAININGS = 2;

    private final CityscapesTaskData data;
    private final String datasetName;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final Device device;
    private final Path checkpoints;
    private final int checkpointEvery;
    private final double temperature;
    private final double entropyWeight;
    private final boolean distillFromTeacher;
    private final OptimizerSettings optimizer;
    private final OptimizerSettings incrementalOptimizer;
    private final int samples;
    private final List<TrainerListener> listeners;
    private final List<Function<String, TrainerListener>> listenerFactories;
    private final Path recognitionOutput;
    private final boolean recognitionPlaceholder;

    private SeedPipeline(Builder b) {
        this.data = b.data;
        this.datasetName = b.datasetName;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.device = b.device;
        this.checkpoints = b.checkpoints;
        this.checkpointEvery = b.checkpointEvery;
        this.temperature = b.temperature;
        this.entropyWeight = b.entropyWeight;
        this.distillFromTeacher = b.distillFromTeacher;
        this.optimizer = b.optimizer;
        this.incrementalOptimizer = b.incrementalOptimizer != null ? b.incrementalOptimizer : b.optimizer;
        this.samples = b.samples;
        this.listeners = List.copyOf(b.listeners);
        this.listenerFactories = List.copyOf(b.listenerFactories);
        this.recognitionOutput = b.recognitionOutput;
        this.recognitionPlaceholder = b.recognitionPlaceholder;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The evaluated class subsets: each task and each cumulative union, seed's column order. */
    static Map<String, List<String>> evaluationSubsets(TaskSequence seq) {
        Map<String, List<String>> subsets = new LinkedHashMap<>();
        List<String> union = new ArrayList<>();
        List<String> keys = TaskKeys.of(seq).keys();
        int k = 0;
        for (int t = 0; t < seq.size(); t++) {
            List<String> cls = seq.task(t).classes();
            union.addAll(cls);
            // keys are ordered task1, task2, task12, task3, task123, ...: task t, then union 1..t
            subsets.put(keys.get(k++), List.copyOf(cls));
            if (t > 0) {
                subsets.put(keys.get(k++), List.copyOf(union));
            }
        }
        return subsets;
    }

    /** Runs the whole workflow and returns its results (nothing is written here). */
    public RunResults run() throws IOException {
        Instant start = Instant.now();
        TaskSequence seq = CityscapesProtocol.taskSequence();
        Map<String, List<String>> subsets = evaluationSubsets(seq);
        TransformSettings settings = data.settings();
        SplitEvaluator.Builder eb = SplitEvaluator.builder()
                .setRoot(data.root()).setSplit("val").setSettings(settings).optBatchSize(batchSize);
        subsets.forEach(eb::addSubset);
        SplitEvaluator evaluator = eb.build();
        ClassSpace all = seq.finalClassSpace();

        RunResults.Builder run = RunResults.builder()
                .setDataset(datasetName)
                .setNumTasks(seq.size())
                .optTaskClasses(seq.tasks().stream().map(t -> List.copyOf(t.classes())).toList())
                .optColorMap(CityscapesPalette.forClasses(all.names()))
                .optStartTime(start);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("epochs", String.valueOf(epochs));
        config.put("batchSize", String.valueOf(batchSize));
        config.put("seed", String.valueOf(seed));
        config.put("temperature", String.valueOf(temperature));
        config.put("lambdaGS", String.valueOf(entropyWeight));
        config.put("distillationStudent", distillFromTeacher ? "from previous model" : "fresh");
        config.put("optimizer", optimizer.toString());
        config.put("incrementalOptimizer", incrementalOptimizer.toString());
        config.put("transform", settings.toString());
        config.put("device", device.toString());
        run.optConfiguration(config);
        run.optProvenance(Provenance.builder().optSeed(seed).optDevice(device.toString())
                .optConfiguration(config).build());

        admitModels(seq);
        ExecutorService pool = Executors.newFixedThreadPool(3, trainingThreads());
        try {
            // the joint baseline needs nothing: it trains from the start, beside stage 1
            Future<MethodResult> joint = pool.submit(() -> joint(evaluator, seq, all));
            Future<MethodResult> finetune;
            Future<MethodResult> distill;
            LOG.info("Stage 1 (static, task 1), shared by fine-tuning and distillation; the joint"
                    + " baseline trains meanwhile");
            try (StepResult stage1 = trainer(seq, Strategies.staticTraining(), "stage1").trainStep(0)) {
                Map<String, SegmentationMetrics> s1 =
                        evaluator.evaluate(stage1.block(), stage1.classSpace(), device);
                summary("stage 1", s1);
                // both branches start from stage 1 and run at the same time
                finetune = pool.submit(() -> incremental(FINETUNE, stage1, s1, evaluator, seq, all, run));
                distill = pool.submit(() -> incremental(DISTILL, stage1, s1, evaluator, seq, all, run));
                MethodResult f = result(finetune);
                MethodResult d = result(distill);
                run.addMethod(f);
                run.addMethod(d);
            }
            run.addMethod(result(joint));
        } finally {
            pool.shutdownNow();
        }
        return run.optEndTime(Instant.now()).build();
    }

    /** Tasks 2 and 3 by {@code method}, starting from stage 1; evaluated after every step. */
    private MethodResult incremental(String method, StepResult stage1,
            Map<String, SegmentationMetrics> s1, SplitEvaluator evaluator, TaskSequence seq,
            ClassSpace all, RunResults.Builder run) throws IOException {
        TrainingStrategy strategy = method.equals(DISTILL)
                ? KlingnerDistillation.builder().optTemperature(temperature)
                        .optEntropyWeight(entropyWeight)
                        .optInitializeFromTeacher(distillFromTeacher).build()
                : Strategies.fineTuning();
        LOG.info("Tasks 2 and 3 by {}", method);
        MethodResult.Builder m = MethodResult.builder(method);
        AccuracyMatrix.Builder r = AccuracyMatrix.builder(seq.size());
        Map<Integer, Map<String, SegmentationMetrics>> byStep = new LinkedHashMap<>();
        byStep.put(0, s1);
        record(r, 1, s1);
        m.addCurve(1, curve(stage1));
        try (TrainingResult later = LifelongTrainer.forTasks(seq)
                .model(new ErfNetFactory()).data(data).strategy(strategy)
                .withTeacher(stage1.asTeacher())
                .epochs(epochs).batchSize(batchSize).seed(seed).devices(device)
                .optimizer(incrementalOptimizer).runName(method)
                .checkpoints(checkpoints.resolve(method), checkpointEvery)
                .listeners(listeners(method))
                .trainFrom(1)) {
            Map<String, SegmentationMetrics> last = s1;
            for (StepResult step : later.steps()) {
                List<SamplePrediction> kept = new ArrayList<>();
                boolean isLast = step.step() == seq.size() - 1;
                last = evaluator.evaluate(step.block(), step.classSpace(), device,
                        isLast ? sampleHook(kept, step.classSpace(), all) : null);
                summary(method + " step " + (step.step() + 1), last);
                record(r, step.step() + 1, last);
                byStep.put(step.step(), last);
                m.addCurve(step.step() + 1, curve(step));
                if (isLast) {
                    kept.forEach(m::addSample);
                    if (method.equals(DISTILL) && recognitionOutput != null) {
                        recognizeUnknownTasks(step, run);
                    }
                }
            }
            finish(m, r.build(), last, byStep, seq);
        }
        return m.build();
    }

    /** The joint baseline: all classes at once, on every task's images. */
    private MethodResult joint(SplitEvaluator evaluator, TaskSequence seq, ClassSpace all)
            throws IOException {
        LOG.info("Joint baseline (all classes at once)");
        TaskSequence joint = CityscapesProtocol.jointBaseline();
        try (StepResult j = trainer(joint, Strategies.joint(), JOINT).trainStep(0)) {
            List<SamplePrediction> kept = new ArrayList<>();
            Map<String, SegmentationMetrics> s = evaluator.evaluate(j.block(), j.classSpace(), device,
                    sampleHook(kept, j.classSpace(), all));
            summary("joint", s);
            MethodResult.Builder m = MethodResult.builder(JOINT);
            m.addCurve(1, curve(j));
            kept.forEach(m::addSample);
            AccuracyMatrix.Builder r = AccuracyMatrix.builder(seq.size());
            Map<Integer, Map<String, SegmentationMetrics>> byStep = new LinkedHashMap<>();
            for (int step = 1; step <= seq.size(); step++) {
                record(r, step, s); // one model: the same scores after every step
                byStep.put(step - 1, s);
            }
            finish(m, r.build(), s, byStep, seq);
            return m.build();
        }
    }

    /**
     * Declares every model of the run (5, 11 and 19 classes) to the runtime before the first
     * training, so that its choice of convolution kernels is made once, before trainings run
     * concurrently ({@link TorchRuntime#admit}).
     */
    private static void admitModels(TaskSequence seq) {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int t = 0; t < seq.size(); t++) {
                ErfNet.builder().setNumClasses(seq.classSpaceAfter(t).size()).build()
                        .initializeParameters(manager); // an ERFNet admits itself once initialized
            }
        }
        LOG.info("convolutions: {}", TorchRuntime.ensureReady().convolutions());
    }

    /** Threads of the concurrent trainings: gradient recording off until a training opens it. */
    private static ThreadFactory trainingThreads() {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(() -> {
                GradientCollectors.stopRecordingOnThisThread();
                task.run();
            }, "training-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The result of a concurrent training, its failure rethrown as this thread's. */
    private static MethodResult result(Future<MethodResult> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a training");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** The listeners of one training: the shared ones and one of each per-training factory. */
    private TrainerListener[] listeners(String training) {
        List<TrainerListener> all = new ArrayList<>(listeners);
        for (Function<String, TrainerListener> f : listenerFactories) {
            all.add(f.apply(training));
        }
        return all.toArray(new TrainerListener[0]);
    }

    /**
     * The deployment side of the lifelong pipeline: the final distilled model meets a stream of
     * known-task validation frames mixed with generated scenes of other kinds; each recognizer
     * (calibrated on the other half of the known frames) sorts them into seen and unseen.
     */
    private void recognizeUnknownTasks(StepResult step, RunResults.Builder run) throws IOException {
        LOG.info("Unknown-task recognition with the final distilled model");
        List<RgbImage> known = frames("val");
        TransformSettings settings = data.settings();
        UnknownTaskStage.Builder stage = UnknownTaskStage.builder()
                .setSegmentationModel(step.model(), step.classSpace().names(), "distill-step" + (step.step() + 1))
                .optInput(settings.normalization(), settings.evalWidth(), settings.evalHeight())
                .setKnownImages(known)
                .optGeneratedUnknowns(Math.max(2, known.size() / 6), seed, settings.evalWidth(),
                        settings.evalHeight())
                .optSeed(seed)
                .setOutputDirectory(recognitionOutput);
        if (recognitionPlaceholder) {
            stage.optProser(List.of("street"), List.of(frames("train")));
        }
        for (RecognitionResult r : stage.build().run()) {
            LOG.info("recognition '{}': AUROC {} FPR@95TPR {} samples_transfer_ratio {}", r.method(),
                    String.format("%.3f", r.auroc()), String.format("%.3f", r.fprAt95Tpr()),
                    String.format("%.3f", r.samplesTransferRatio()));
            run.addRecognition(r);
        }
    }

    /** Every frame of a split at the evaluation size, in file order. */
    private List<RgbImage> frames(String split) throws IOException {
        Path dir = data.root().resolve("leftImg8bit").resolve(split);
        TransformSettings settings = data.settings();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith("_leftImg8bit.png")).sorted()
                    .map(f -> ImageFiles.readRgb(f)
                            .resizeBilinear(settings.evalWidth(), settings.evalHeight()))
                    .toList();
        }
    }

    private LifelongTrainer trainer(TaskSequence seq, TrainingStrategy strategy, String name) {
        return LifelongTrainer.forTasks(seq)
                .model(new ErfNetFactory()).data(data).strategy(strategy)
                .epochs(epochs).batchSize(batchSize).seed(seed).devices(device)
                .optimizer(optimizer).runName(name)
                .checkpoints(checkpoints.resolve(name), checkpointEvery)
                .listeners(listeners(name))
                .build();
    }

    private static void record(AccuracyMatrix.Builder r, int afterStep, Map<String, SegmentationMetrics> s) {
        for (int task = 1; s.containsKey("task" + task) || task <= 1; task++) {
            SegmentationMetrics m = s.get("task" + task);
            if (m != null) {
                r.set(afterStep, task, m.meanIoU());
            }
        }
    }

    /**
     * Final scores, R, and per step the old/new/all-class mIoU of that step's model over the
     * classes seen so far (the cumulative union's evaluation).
     */
    private static void finish(MethodResult.Builder m, AccuracyMatrix r,
            Map<String, SegmentationMetrics> finalScores,
            Map<Integer, Map<String, SegmentationMetrics>> byStep, TaskSequence seq) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (String key : TaskKeys.of(seq).keys()) {
            SegmentationMetrics s = finalScores.get(key);
            scores.put(key, s == null ? Double.NaN : s.meanIoU());
        }
        m.setTaskScores(scores);
        m.optAccuracyMatrix(r);
        SegmentationMetrics everything = finalScores.get(TaskKeys.of(seq).allTasksKey());
        if (everything != null) {
            m.optClassIoU(everything);
            m.addConfusion(TaskKeys.of(seq).allTasksKey(), everything);
        }
        List<String> keys = TaskKeys.of(seq).keys();
        for (int step = 0; step < seq.size(); step++) {
            // keys are task1, task2, task12, task3, task123, ...: the union after step t is at 2t
            SegmentationMetrics seen = byStep.getOrDefault(step, Map.of()).get(keys.get(2 * step));
            if (seen != null) {
                m.addStepScores(step + 1,
                        LifelongMetrics.oldNewAll(seen, seq.oldClasses(step), seq.newClasses(step)));
            }
        }
    }

    private static List<EpochStats> curve(StepResult step) {
        Map<Integer, Double> val = new LinkedHashMap<>();
        for (ValidationRecord v : step.validations()) {
            val.put(v.epoch(), v.seenMeanIoU());
        }
        List<EpochStats> out = new ArrayList<>();
        for (EpochRecord e : step.epochs()) {
            out.add(new EpochStats(e.epoch() + 1, e.loss(),
                    e.losses().getOrDefault("ce", Double.NaN),
                    e.losses().getOrDefault("kd", Double.NaN),
                    val.getOrDefault(e.epoch(), Double.NaN)));
        }
        return out;
    }

    private DatasetEvaluator.BatchHook sampleHook(List<SamplePrediction> kept, ClassSpace modelClasses,
            ClassSpace all) {
        return (first, images, logits, labels) -> {
            long n = images.getShape().get(0);
            for (int b = 0; b < n && kept.size() < samples; b++) {
                long index = first + b;
                if (index % 7 != 0) {
                    continue;
                }
                int h = (int) labels.getShape().get(1);
                int w = (int) labels.getShape().get(2);
                NDArray pred = logits.get(b).argMax(0).toType(DataType.INT32, false);
                int[] p = resizeNearest(pred.toIntArray(), (int) pred.getShape().get(1),
                        (int) pred.getShape().get(0), w, h);
                int[] g = labels.get(b).toType(DataType.INT32, false).toIntArray();
                for (int i = 0; i < p.length; i++) {
                    p[i] = all.indexOf(modelClasses.name(p[i]));
                    g[i] = g[i] == 255 ? 255 : all.indexOf(modelClasses.name(g[i]));
                }
                kept.add(new SamplePrediction("val_" + index, toRgb(images.get(b), w, h), g, p));
            }
        };
    }

    private static int[] resizeNearest(int[] src, int sw, int sh, int dw, int dh) {
        int[] xs = Resampler.torchNearestIndices(sw, dw);
        int[] ys = Resampler.torchNearestIndices(sh, dh);
        int[] out = new int[dw * dh];
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++) {
                out[y * dw + x] = src[ys[y] * sw + xs[x]];
            }
        }
        return out;
    }

    /** Undoes the input normalization for display, at the label size. */
    private RgbImage toRgb(NDArray chw, int w, int h) {
        float[] mean = data.settings().normalization().mean();
        float[] std = data.settings().normalization().std();
        int ih = (int) chw.getShape().get(1);
        int iw = (int) chw.getShape().get(2);
        float[] v = chw.toType(DataType.FLOAT32, false).toFloatArray();
        byte[] rgb = new byte[iw * ih * 3];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < iw * ih; i++) {
                float x = (v[c * iw * ih + i] * std[c] + mean[c]) * 255f;
                rgb[i * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(x)));
            }
        }
        RgbImage img = new RgbImage(iw, ih, rgb);
        return img.resizeBilinear(w, h);
    }

    private static void summary(String what, Map<String, SegmentationMetrics> s) {
        StringBuilder b = new StringBuilder(what).append(":");
        s.forEach((k, m) -> b.append(String.format(" %s %.1f", k, 100 * m.meanIoU())));
        LOG.info("{}", b);
    }

    /** Builder: {@link #setData} is required. */
    public static final class Builder {
        private CityscapesTaskData data;
        private String datasetName;
        private int epochs = 200;
        private int batchSize = 6;
        private long seed = 1234;
        private Device device = Device.cpu();
        private Path checkpoints = Path.of("checkpoints");
        private int checkpointEvery = 10;
        private double temperature = 1;
        private double entropyWeight = 1;
        private boolean distillFromTeacher;
        private OptimizerSettings optimizer = OptimizerSettings.reference();
        private OptimizerSettings incrementalOptimizer;
        private int samples = 3;
        private final List<TrainerListener> listeners = new ArrayList<>();
        private final List<Function<String, TrainerListener>> listenerFactories = new ArrayList<>();
        private Path recognitionOutput;
        private boolean recognitionPlaceholder;

        private Builder() {}

        /**
         * Runs unknown-task recognition with the final distilled model (see {@link
         * UnknownTaskStage}), writing its files under {@code output}; {@code withPlaceholder} adds
         * the learned PROSER recognizer (about half a minute) to the training-free one.
         */
        public Builder optUnknownTaskRecognition(Path output, boolean withPlaceholder) {
            this.recognitionOutput = Objects.requireNonNull(output);
            this.recognitionPlaceholder = withPlaceholder;
            return this;
        }

        /** Training and validation data and the dataset's name for the results. */
        public Builder setData(CityscapesTaskData data, String name) {
            this.data = Objects.requireNonNull(data);
            this.datasetName = Objects.requireNonNull(name);
            return this;
        }

        /** Epochs of every training (default 200, the reference's). */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Images per batch (default 6). */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Seed of every training (default 1234, the reference's). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The device (default CPU). */
        public Builder optDevice(Device device) {
            this.device = Objects.requireNonNull(device);
            return this;
        }

        /** Checkpoint root and frequency in epochs (default ./checkpoints, 10). */
        public Builder optCheckpoints(Path root, int every) {
            this.checkpoints = Objects.requireNonNull(root);
            this.checkpointEvery = every;
            return this;
        }

        /** Distillation temperature T and entropy weight λ (defaults 1, 1). */
        public Builder optDistillation(double temperature, double entropyWeight) {
            this.temperature = temperature;
            this.entropyWeight = entropyWeight;
            return this;
        }

        /**
         * Whether the distillation student starts from the previous model (as fine-tuning does)
         * instead of fresh weights (default false, the reference's choice, whose fresh student has an
         * ImageNet-pretrained encoder).
         */
        public Builder optDistillationFromPrevious(boolean fromPrevious) {
            this.distillFromTeacher = fromPrevious;
            return this;
        }

        /**
         * Optimizer settings of the incremental steps (tasks 2 and 3, by every method), which start
         * from a trained model (default: those of {@link #optOptimizer}).
         */
        public Builder optIncrementalOptimizer(OptimizerSettings optimizer) {
            this.incrementalOptimizer = Objects.requireNonNull(optimizer);
            return this;
        }

        /**
         * Optimizer settings of stage 1 and the joint baseline, and of the incremental steps unless
         * {@link #optIncrementalOptimizer} says otherwise (default: the reference's Adam and poly
         * schedule).
         */
        public Builder optOptimizer(OptimizerSettings optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer);
            return this;
        }

        /** Sample predictions kept per method for the report (default 3). */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /**
         * A listener of every training. Trainings run concurrently, so it is called from several
         * threads at once.
         */
        public Builder addListener(TrainerListener listener) {
            this.listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /**
         * A listener per training (e.g. a progress line), made from the training's name: {@code
         * stage1}, {@code finetune}, {@code distill} or {@code joint}.
         */
        public Builder addListenerPerTraining(Function<String, TrainerListener> factory) {
            this.listenerFactories.add(Objects.requireNonNull(factory));
            return this;
        }

        /** Validates and builds. */
        public SeedPipeline build() {
            if (data == null) {
                throw new IllegalStateException("setData is required");
            }
            if (epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("epochs and batch size must be positive");
            }
            return new SeedPipeline(this);
        }
    }
}
