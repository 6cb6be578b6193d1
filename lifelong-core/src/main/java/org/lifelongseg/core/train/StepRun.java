package org.lifelongseg.core.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.lifelongseg.core.checkpoint.AtomicFiles;
import org.lifelongseg.core.checkpoint.Checkpoint;
import org.lifelongseg.core.checkpoint.CheckpointConflictException;
import org.lifelongseg.core.checkpoint.CheckpointLayout;
import org.lifelongseg.core.checkpoint.Provenance;
import org.lifelongseg.core.data.Seeds;
import org.lifelongseg.core.data.SegmentationDataset;
import org.lifelongseg.core.engine.FreedMemory;
import org.lifelongseg.core.engine.GradientCollectors;
import org.lifelongseg.core.engine.NativeArrays;
import org.lifelongseg.core.engine.TorchRuntime;
import org.lifelongseg.core.infer.InputSpec;
import org.lifelongseg.core.metrics.SegmentationMetrics;
import org.lifelongseg.core.metrics.TaskEvaluator;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.train.listen.BatchReport;
import org.lifelongseg.core.train.listen.StepStart;
import org.lifelongseg.core.train.listen.TrainerListener;
import org.lifelongseg.core.train.loss.MaskedCrossEntropyLoss;
import org.lifelongseg.core.train.optim.ParameterNames;
import org.lifelongseg.core.train.optim.TorchAdam;
import org.slf4j.Logger;

/** One step of a {@link LifelongTrainer}: set-up, resume, the epoch loop, checkpoints. */
final class StepRun {

    private static final Logger LOG = LifelongTrainer.log();

    private final LifelongTrainer t;
    private final int step;
    private final Task task;
    private final ClassSpace classes;
    private final Teacher previous;
    private final StepContext context;
    private final CheckpointLayout layout;
    private final List<EpochRecord> history = new ArrayList<>();
    private final List<ValidationRecord> validations = new ArrayList<>();
    private Checkpoint lastCheckpoint;
    /** How the step's model must be fed, recorded in its checkpoints and attached to it. */
    private final Optional<InputSpec> inputSpec;

    StepRun(LifelongTrainer trainer, int step, Teacher previous) {
        this.t = trainer;
        this.step = step;
        this.task = trainer.sequence.task(step);
        this.classes = trainer.sequence.classSpaceAfter(step);
        this.previous = step == 0 ? null : previous;
        this.context = new StepContext(trainer.sequence, step, this.previous != null);
        this.layout = trainer.layout(step);
        this.inputSpec = trainer.data.inputSpec(classes);
    }

    private String where() {
        return t.runName + " step " + step + " (task '" + task.name() + "')";
    }

    StepResult run() throws IOException {
        TorchRuntime.ensureReady();
        GradientCollectors.stopRecordingOnThisThread(); // trainings may run on any thread
        if (previous != null && inputSpec.isPresent()) {
            // the teacher sees the student's batches: they must be prepared as it was trained
            InputSpec data = inputSpec.get();
            InputSpec.warnIfContradicting(previous.inputSpec(), new InputSpec.Choice(null,
                    data.normalization(), data.width(), data.height()),
                    where() + ": the teacher " + previous.description() + " fed by the training data");
        }
        TrainingStrategy strategy = t.strategy;
        boolean statically = previous == null;
        if (statically && strategy.needsPreviousModel()) {
            LOG.info("{}: no previous model, strategy '{}' trains statically", where(), strategy.name());
        }
        Teacher stepTeacher = !statically && strategy.usesTeacher()
                ? Teachers.selecting(previous, t.sequence.oldClasses(step))
                : null;
        ImmutableSortedMap<String, String> configuration = t.configuration(step, previous);

        Optional<Checkpoint> resumeFrom = Optional.empty();
        if (layout != null) {
            for (String cleaned : layout.removeLeftovers()) {
                LOG.info("{}: interrupted checkpoint write cleaned up: {}", where(), cleaned);
            }
            CheckpointLayout.Inspection found = layout.inspect();
            resumeFrom = found.latest();
            if (!found.isEmpty()) {
                checkResumable(found, configuration);
            } else {
                t.checkWritable(layout);
            }
        }

        Device device = t.devices.get(0);
        Model model = Model.newInstance(t.runName + "_" + task.name(), device);
        inputSpec.ifPresent(s -> s.attachTo(model));
        boolean ok = false;
        try (TorchAdam adam = t.optimizer.newOptimizer(t.epochs)) {
            Block block = t.factory.newBlock(classes);
            model.setBlock(block);
            try (TrainingRandom.Binding bound =
                    TrainingRandom.bind(TrainingRandom.of(TrainingRandom.epochSeed(t.seed, step, -1)))) {
                TrainingRandom.withEngineSeed(engineSeed(-1), () -> {
                    t.factory.initialize(block, model.getNDManager());
                    return null;
                });
            }
            if (!statically && strategy.initialization() == StudentInitialization.FROM_PREVIOUS) {
                initializeFromPrevious(block);
            }
            TorchRuntime.admit(block);
            ParameterStore ps = new ParameterStore(model.getNDManager(), false);
            ps.setParameterServer(t.devices.size() == 1
                            ? Engine.getInstance().newParameterServer(adam)
                            : new ReplicatingParameterServer(adam),
                    t.devices.toArray(new Device[0]));
            int startEpoch = 0;
            if (resumeFrom.isPresent()) {
                startEpoch = restore(resumeFrom.get(), block, adam, model.getNDManager());
            }
            if (startEpoch < t.epochs) {
                train(strategy, stepTeacher, statically, model, block, ps, adam, startEpoch, configuration);
            } else {
                LOG.info("{}: complete in checkpoint {}, loaded", where(), resumeFrom.get().directory());
            }
            StepResult result = new StepResult(step, task, classes, strategy.name(), model, t.factory,
                    history, validations, lastCheckpoint);
            for (TrainerListener l : t.listeners) {
                l.onStepEnd(result);
            }
            ok = true;
            return result;
        } finally {
            if (!ok) {
                model.close();
            }
        }
    }

    private int engineSeed(int epoch) {
        long s = Seeds.forSample(t.seed ^ 0x5DEECE66DL, epoch, step);
        return (int) (s ^ (s >>> 32));
    }

    /**
     * Refuses to start when training would overwrite or could not continue what the models folder
     * holds: checkpoints without resume, or (with resume) an unreadable checkpoint at or after the
     * one resumed from, or one of another configuration. Nothing is changed on disk.
     */
    private void checkResumable(CheckpointLayout.Inspection found, Map<String, String> configuration) {
        String moveAside = "CheckpointLayout.moveAside() keeps them and lets training start afresh";
        int resumed = found.latest().map(Checkpoint::epoch).orElse(-1);
        for (CheckpointLayout.InvalidCheckpoint bad : found.invalid()) {
            if (bad.epoch() > resumed) { // training would overwrite it, or should resume from it
                throw new CheckpointConflictException(
                        CheckpointConflictException.Reason.UNREADABLE, bad.directory(),
                        where() + ": checkpoint " + bad.directory() + " cannot be continued: "
                                + bad.problem(), moveAside);
            }
        }
        Checkpoint c = found.latest().orElseThrow();
        if (!t.resume) {
            throw new CheckpointConflictException(CheckpointConflictException.Reason.EXISTS,
                    layout.modelsDirectory(), layout.modelsDirectory() + " already holds checkpoint"
                            + " weights_" + c.epoch() + " of " + where(),
                    "resume() continues it; " + moveAside + "; or choose another checkpoint folder"
                            + " or run name");
        }
        Map<String, String> saved = c.provenance().configuration();
        List<String> differences = new ArrayList<>();
        for (String key : union(saved.keySet(), configuration.keySet())) {
            String a = saved.get(key);
            String b = configuration.get(key);
            if (a == null ? b != null : !a.equals(b)) {
                differences.add(key + ": checkpoint " + a + ", now " + b);
            }
        }
        if (!differences.isEmpty()) {
            String msg = "checkpoint " + c.directory() + " was written with another configuration: "
                    + String.join("; ", differences);
            if (!t.forceResume) {
                throw new CheckpointConflictException(
                        CheckpointConflictException.Reason.OTHER_CONFIGURATION, c.directory(), msg,
                        "forceResume() continues it anyway; " + moveAside);
            }
            LOG.warn("{} (forced resume)", msg);
        }
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    private void initializeFromPrevious(Block block) {
        Map<String, ai.djl.nn.Parameter> from = previous.namedParameters().orElseThrow(() ->
                new IllegalArgumentException("the previous model (" + previous.description()
                        + ") has no named parameters to initialize the student from"));
        ParameterTransfer.Report r = ParameterTransfer.copy(from, t.factory.namedParameters(block),
                previous.classes().size(), classes.size(), t.newClassInitialization);
        LOG.info("{}: student initialized from the previous model: {} copied, {} partially (old"
                + " classes; new classes {}), {} fresh {}", where(), r.copied().size(), r.partial(),
                t.newClassInitialization.name().toLowerCase(java.util.Locale.ROOT), r.skipped().size(),
                r.skipped());
    }

    /** Restores a checkpoint; returns the next epoch. */
    private int restore(Checkpoint c, Block block, TorchAdam adam, NDManager manager) throws IOException {
        try {
            CheckpointLayout.verify(c);
        } catch (IOException e) {
            throw new CheckpointConflictException(CheckpointConflictException.Reason.UNREADABLE,
                    c.directory(), "cannot resume " + where() + " from " + c.directory() + ": "
                            + e.getMessage(),
                    "CheckpointLayout.moveAside() keeps it and lets training start afresh");
        }
        t.factory.loadParameters(block, c.file(t.factory.parameterFileName()));
        TrainingState state = TrainingState.read(c.file(TrainingState.FILE));
        if (state.step() != step || !state.classes().equals(classes.names())) {
            throw new IOException("checkpoint " + c.directory() + " is of step " + state.step()
                    + " with classes " + state.classes() + ", not of " + where() + " with classes "
                    + classes.names());
        }
        try (NDManager scope = manager.newSubManager();
                InputStream in = Files.newInputStream(c.file(TrainingState.OPTIMIZER_FILE))) {
            NDList optimizerState = NativeArrays.decode(scope, in);
            adam.importState(optimizerState, ParameterNames.of(block));
        }
        history.addAll(state.history());
        validations.addAll(state.validations());
        lastCheckpoint = c;
        LOG.info("{}: resuming after epoch {} from {}", where(), c.epoch(), c.directory());
        return c.epoch() + 1;
    }

    private void train(TrainingStrategy strategy, Teacher stepTeacher, boolean statically, Model model,
            Block block, ParameterStore ps, TorchAdam adam, int startEpoch,
            ImmutableSortedMap<String, String> configuration) throws IOException {
        LabelScope scope = statically ? LabelScope.NEW_CLASSES : strategy.labelScope();
        if (statically && strategy.labelScope() == LabelScope.ALL_SEEN_CLASSES) {
            scope = LabelScope.ALL_SEEN_CLASSES;
        }
        SegmentationDataset train;
        try {
            train = t.data.trainingData(t.sequence, step, scope, t.batchSize, t.seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where() + ": no training data: " + e.getMessage(), e);
        }
        int batches = train.batchOrder(0).size();
        if (batches == 0) {
            throw new IllegalArgumentException(
                    where() + " has " + train.size() + " training image(s), fewer than the batch size "
                            + t.batchSize + " (the last incomplete batch is dropped)");
        }
        Optional<SegmentationDataset> validation = t.data.validationData(t.sequence, step, t.batchSize);
        for (TrainerListener l : t.listeners) {
            l.onStepStart(new StepStart(step, task.name(), classes, strategy.name(), startEpoch,
                    t.epochs, batches, t.batchSize));
        }
        LOG.info("{}: training {} classes {} with '{}' ({} labels) for epochs {}..{}, {} batches of {}",
                where(), classes.size(), classes.names(), strategy.name(), scope, startEpoch,
                t.epochs - 1, batches, t.batchSize);
        NDManager manager = model.getNDManager();
        TrainingRandom random = TrainingRandom.of(TrainingRandom.epochSeed(t.seed, step, startEpoch));
        try (TrainingRandom.Binding bound = TrainingRandom.bind(random)) {
            epochs(strategy, stepTeacher, block, ps, adam, startEpoch, configuration, train,
                    validation, batches, scope, manager, random);
        }
    }

    private void epochs(TrainingStrategy strategy, Teacher stepTeacher, Block block,
            ParameterStore ps, TorchAdam adam, int startEpoch,
            ImmutableSortedMap<String, String> configuration, SegmentationDataset train,
            Optional<SegmentationDataset> validation, int batches, LabelScope scope,
            NDManager manager, TrainingRandom random) throws IOException {
        for (int epoch = startEpoch; epoch < t.epochs; epoch++) {
            for (TrainerListener l : t.listeners) {
                l.onEpochStart(step, epoch);
            }
            random.reseed(TrainingRandom.epochSeed(t.seed, step, epoch));
            // for blocks that still draw from the engine's generator (reproducible when one
            // training runs at a time)
            TrainingRandom.withEngineSeed(engineSeed(epoch), () -> null);
            adam.setEpoch(epoch);
            long epochStart = System.nanoTime();
            Map<String, Double> sums = new LinkedHashMap<>();
            long images = 0;
            long labelled = 0;
            int b = 0;
            try (NDManager epochManager = manager.newSubManager()) {
                for (Batch batch : train.getData(epochManager, epoch)) {
                    try (batch) {
                        long start = System.nanoTime();
                        Map<String, Double> values =
                                trainBatch(strategy, stepTeacher, block, ps, batch, epoch, b, train);
                        long lab = Math.round(values.remove(LABELLED));
                        values.forEach((k, v) -> sums.merge(k, v, Double::sum));
                        images += batch.getSize();
                        labelled += lab;
                        FreedMemory.scribbleIfEnabled();
                        BatchReport report = new BatchReport(step, epoch, b, batches, batch.getSize(),
                                ImmutableMap.copyOf(values), (System.nanoTime() - start) / 1e9);
                        for (TrainerListener l : t.listeners) {
                            l.onBatchEnd(report);
                        }
                        b++;
                        if (Thread.currentThread().isInterrupted()) {
                            throw new InterruptedIOException(where() + ": interrupted in epoch " + epoch
                                    + " after batch " + b + " of " + batches);
                        }
                    }
                }
            }
            if (labelled == 0) {
                throw new IllegalArgumentException(
                        where() + ": no training pixel is labelled with the classes "
                                + scope.labelledClasses(t.sequence, step) + " in epoch " + epoch
                                + " (" + images + " images); check the label files and the task's classes");
            }
            Map<String, Double> means = new LinkedHashMap<>();
            for (Map.Entry<String, Double> e : sums.entrySet()) {
                means.put(e.getKey(), e.getValue() / b);
            }
            EpochRecord record = new EpochRecord(step, epoch, ImmutableMap.copyOf(means),
                    adam.learningRate(), images, labelled, (System.nanoTime() - epochStart) / 1e9);
            history.add(record);
            LOG.info("{} epoch {}/{}: {} lr {} ({} s)", where(), epoch + 1, t.epochs, means,
                    String.format(java.util.Locale.ROOT, "%.4g", adam.learningRate()),
                    String.format(java.util.Locale.ROOT, "%.1f", record.seconds()));
            for (TrainerListener l : t.listeners) {
                l.onEpochEnd(record);
            }
            boolean lastEpoch = epoch == t.epochs - 1;
            if (validation.isPresent()
                    && (lastEpoch || (t.validateEvery > 0 && (epoch + 1) % t.validateEvery == 0))) {
                ValidationRecord v = validate(validation.get(), block, ps, epoch, manager);
                validations.add(v);
                LOG.info("{} epoch {}: validation mIoU task {} all seen {}", where(), epoch + 1,
                        v.taskMeanIoU(), v.seenMeanIoU());
                for (TrainerListener l : t.listeners) {
                    l.onValidation(v);
                }
            }
            if (layout != null && (lastEpoch || (epoch + 1) % t.checkpointEvery == 0)) {
                lastCheckpoint = save(epoch, block, adam, configuration, manager);
                for (TrainerListener l : t.listeners) {
                    l.onCheckpoint(lastCheckpoint);
                }
            }
        }
    }

    private static final String LABELLED = "\u0000labelled";

    /** One optimizer step; returns the loss values and the labelled pixel count. */
    private Map<String, Double> trainBatch(TrainingStrategy strategy, Teacher stepTeacher, Block block,
            ParameterStore ps, Batch batch, int epoch, int b, SegmentationDataset train) {
        Batch[] parts;
        if (t.devices.size() == 1 && batch.getData().head().getDevice().equals(t.devices.get(0))) {
            parts = new Batch[] {batch};
        } else {
            parts = batch.split(t.devices.toArray(new Device[0]), false);
        }
        List<String> names = new ArrayList<>();
        double[] values = null;
        NDArray[] teacherLogits = new NDArray[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (stepTeacher != null) {
                teacherLogits[i] = stepTeacher.logits(parts[i].getData().head());
            }
        }
        List<NDArray> readouts = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        try (GradientCollector collector = GradientCollectors.open()) {
            for (int i = 0; i < parts.length; i++) {
                NDArray images = parts[i].getData().head();
                NDArray labels = parts[i].getLabels().head();
                NDArray logits = block.forward(ps, new NDList(images), true).head();
                LossTerms terms;
                try {
                    terms = strategy.loss(logits, labels, teacherLogits[i], context);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where() + ", epoch " + epoch + ", batch " + b
                            + " (" + sampleIds(batch, train) + "): " + e.getMessage(), e);
                }
                double weight = parts.length == 1 ? 1 : (double) parts[i].getSize() / batch.getSize();
                FreedMemory.scribbleIfEnabled(); // memory-safety runs: freed buffers now hold garbage
                collector.backward(weight == 1 ? terms.total()
                        : terms.total().mul(weight).toType(DataType.FLOAT32, false));
                if (names.isEmpty()) {
                    names.add(LossTerms.TOTAL);
                    names.addAll(terms.parts().keySet());
                }
                NDManager m = logits.getManager();
                List<NDArray> scalars = new ArrayList<>();
                scalars.add(terms.total().stopGradient().toType(DataType.FLOAT32, false));
                for (NDArray p : terms.parts().values()) {
                    scalars.add(p.stopGradient().toType(DataType.FLOAT32, false));
                }
                scalars.add(labels.neq(MaskedCrossEntropyLoss.IGNORE_LABEL).sum()
                        .toType(DataType.FLOAT32, false));
                NDArray stacked = NDArrays.stack(new NDList(scalars)).toDevice(Device.cpu(), false);
                stacked.attach(m);
                readouts.add(stacked);
                weights.add(weight);
            }
        }
        for (int i = 0; i < readouts.size(); i++) {
            float[] v = readouts.get(i).toFloatArray();
            if (values == null) {
                values = new double[v.length];
            }
            for (int k = 0; k < v.length; k++) {
                values[k] += k < v.length - 1 ? v[k] * weights.get(i) : v[k];
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            out.put(names.get(k), values[k]);
        }
        for (double v : out.values()) {
            if (!Double.isFinite(v)) {
                throw new TrainingDivergedException(
                        where() + ", epoch " + epoch + ", batch " + b + " (" + sampleIds(batch, train)
                                + "): the loss is not finite " + out + "; training stopped before"
                                + " applying this batch. "
                                + (lastCheckpoint == null ? "No checkpoint was written yet."
                                        : "The last good checkpoint is " + lastCheckpoint.directory()),
                        step, epoch, b);
            }
        }
        checkGradients(block, epoch, b, batch, train);
        ps.updateAllParameters();
        out.put(LABELLED, values[names.size()]);
        return out;
    }

    /** Refuses to apply non-finite gradients (a finite loss can still have them). */
    private void checkGradients(Block block, int epoch, int b, Batch batch, SegmentationDataset train) {
        List<NDArray> sums = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : block.getParameters()) {
                NDArray weight = p.getValue().getArray();
                if (p.getValue().requiresGradient() && weight.hasGradient()) {
                    try (NDArray g = weight.getGradient()) {
                        sums.add(g.sum());
                        names.add(p.getKey());
                    }
                }
            }
            if (sums.isEmpty()) {
                return;
            }
            float[] v;
            try (NDArray stacked = NDArrays.stack(new NDList(sums))) {
                v = stacked.toType(DataType.FLOAT32, false).toFloatArray();
            }
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    throw new TrainingDivergedException(
                            where() + ", epoch " + epoch + ", batch " + b + " (" + sampleIds(batch, train)
                                    + "): the loss is finite but the gradient of " + names.get(i)
                                    + " is not; training stopped before applying this batch. "
                                    + (lastCheckpoint == null ? "No checkpoint was written yet."
                                            : "The last good checkpoint is " + lastCheckpoint.directory()),
                            step, epoch, b);
                }
            }
        } finally {
            sums.forEach(NDArray::close);
        }
    }

    private static String sampleIds(Batch batch, SegmentationDataset data) {
        List<?> idx = batch.getIndices();
        if (idx == null) {
            return "samples unknown";
        }
        List<String> ids = new ArrayList<>();
        for (Object o : idx) {
            ids.add(o instanceof Number n ? data.sampleId(n.longValue()) : String.valueOf(o));
        }
        return "samples " + ids;
    }

    private ValidationRecord validate(SegmentationDataset data, Block block, ParameterStore ps, int epoch,
            NDManager manager) {
        List<String> newClasses = t.sequence.newClasses(step);
        TaskEvaluator own = TaskEvaluator.builder()
                .setChannels(newClasses.stream().mapToInt(classes::indexOf).toArray())
                .setClassNames(newClasses)
                .optName(task.name())
                .build();
        TaskEvaluator seen = TaskEvaluator.builder()
                .setChannels(IntStream.range(0, classes.size()).toArray())
                .setClassNames(classes.names())
                .optName("seen")
                .build();
        long images = 0;
        try (NDManager validationManager = manager.newSubManager()) {
            for (Batch batch : data.getData(validationManager, 0)) {
                try (batch) {
                    NDArray input = batch.getData().head();
                    if (!input.getDevice().equals(t.devices.get(0))) {
                        input = input.toDevice(t.devices.get(0), false);
                    }
                    NDArray logits = block.forward(ps, new NDList(input), false).head();
                    NDArray labels = batch.getLabels().head();
                    own.update(logits, labels);
                    seen.update(logits, labels);
                    images += batch.getSize();
                }
            }
        }
        SegmentationMetrics all = seen.metrics();
        Map<String, Double> iou = new LinkedHashMap<>();
        double[] perClass = all.classIoU();
        for (int i = 0; i < perClass.length; i++) {
            iou.put(classes.name(i), perClass[i]);
        }
        return new ValidationRecord(step, epoch, own.metrics().meanIoU(), all.meanIoU(),
                ImmutableMap.copyOf(iou), images);
    }

    private Checkpoint save(int epoch, Block block, TorchAdam adam, Map<String, String> configuration,
            NDManager manager) throws IOException {
        Provenance provenance = Provenance.builder()
                .optSeed(t.seed)
                .optDevice(t.devices.toString())
                .optConfiguration(configuration)
                .build();
        TrainingState state = new TrainingState(step, task.name(), classes.names(), epoch, t.epochs,
                adam.learningRate(), history, validations);
        Checkpoint c;
        try {
            c = layout.write(epoch, provenance, dir -> {
                t.factory.saveParameters(block, dir.resolve(t.factory.parameterFileName()));
                if (inputSpec.isPresent()) {
                    inputSpec.get().write(dir);
                }
                try (NDManager scope = manager.newSubManager()) {
                    NDList optimizerState = adam.exportState(scope, ParameterNames.of(block));
                    Path file = dir.resolve(TrainingState.OPTIMIZER_FILE);
                    AtomicFiles.write(file, out -> optimizerState.encode(out, NDList.Encoding.SAFETENSORS));
                }
                AtomicFiles.writeString(dir.resolve(TrainingState.FILE), state.toJson());
            });
        } catch (IOException e) {
            throw new IOException(where() + ": could not write the checkpoint of epoch " + epoch
                    + " (" + e.getMessage() + "); "
                    + (lastCheckpoint == null ? "no earlier checkpoint exists"
                            : "the previous checkpoint " + lastCheckpoint.directory() + " is intact"), e);
        }
        LOG.info("{}: checkpoint {}", where(), c.directory());
        return c;
    }
}
