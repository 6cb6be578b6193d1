package org.lifelongseg.core.train;

import ai.djl.Device;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.lifelongseg.core.checkpoint.CheckpointLayout;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.train.listen.TrainerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a segmentation model through a task sequence, one step (task) after the other, each
 * step's model becoming the next step's teacher (or initialization).
 *
 * <pre>{@code
 * TaskSequence seq = CityscapesProtocol.taskSequence();
 * try (TrainingResult result = LifelongTrainer.forTasks(seq)
 *         .model(new ErfNetFactory())
 *         .data(CityscapesTaskData.builder().setRoot(root).build())
 *         .strategy(KlingnerDistillation.builder().build())   // step 0 trains statically
 *         .epochs(200)
 *         .checkpoints(Path.of("checkpoints"), 10)            // weights_9 ... weights_199
 *         .listeners(new ProgressBar())
 *         .train()) {
 *     Model finalModel = result.last().model();
 * }
 * }</pre>
 *
 * <p>The configuration is immutable; every setting may be given once. {@link #trainStep(int)}
 * trains a single step, using the {@link Builder#withTeacher teacher} as the previous model
 * (e.g. a saved checkpoint or a TorchScript network). Defaults: the reference optimizer ({@link
 * OptimizerSettings#reference()}), batch size 6, seed 1234, CPU, no checkpoints, validation only
 * after the last epoch (when the data provider has validation data).
 *
 * <p>Checkpoints of step k go to {@code <root>/<runName>_<task name>/models/weights_<epoch>/}
 * (or {@code <root>/<modelName>/models/...} when {@link Builder#modelName} names the folder of a
 * single-step run, as the seed's {@code --model-name})
 * every {@code every} epochs and after the last epoch. With {@link Builder#resume()} a step
 * continues from its latest valid checkpoint (a completed step is loaded instead of trained) and
 * ends bitwise identical to an uninterrupted run on the CPU: the engine's random generator is
 * re-seeded from (seed, step, epoch) at every epoch, the data pipeline is seeded per (seed,
 * epoch, sample) and the optimizer state is restored exactly. Nothing saved is ever lost:
 * without {@code resume()} existing checkpoints are never overwritten, and with it a checkpoint
 * that cannot be continued (unreadable marker, missing or damaged file, another configuration)
 * stops training before anything is written; both throw a {@link
 * org.lifelongseg.core.checkpoint.CheckpointConflictException}. {@link
 * CheckpointLayout#moveAside()} keeps an old run and lets a new one start. Interrupting the
 * training thread stops the training before its next batch with an {@link
 * java.io.InterruptedIOException}.
 *
 * <p>Several devices (e.g. {@code devices(Device.gpu(0), Device.gpu(1))}): DJL's parameter store
 * keeps a replica of every parameter per device, each batch is split over the devices ({@link
 * ai.djl.training.dataset.Batch#split}), each part's loss is weighted by its share of the batch,
 * the replicas' gradients are summed on the first device, the optimizer updates that replica and
 * the others receive a copy. Only the CPU (single device) path is tested.
 */
public final class LifelongTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(LifelongTrainer.class);

    final TaskSequence sequence;
    final SegmentationModelFactory factory;
    final TaskDataProvider data;
    final TrainingStrategy strategy;
    final Teacher teacher;
    final OptimizerSettings optimizer;
    final NewClassInitialization newClassInitialization;
    final int epochs;
    final int batchSize;
    final long seed;
    final ImmutableList<Device> devices;
    final Path checkpointRoot;
    final int checkpointEvery;
    final String runName;
    final String modelName;
    final int validateEvery;
    final ImmutableList<TrainerListener> listeners;
    final boolean resume;
    final boolean forceResume;

    private LifelongTrainer(Builder b) {
        this.sequence = b.sequence;
        this.factory = b.factory;
        this.data = b.data;
        this.strategy = b.strategy;
        this.teacher = b.teacher;
        this.optimizer = b.optimizer == null ? OptimizerSettings.reference() : b.optimizer;
        this.newClassInitialization = b.newClassInitialization == null
                ? NewClassInitialization.ZERO : b.newClassInitialization;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize == 0 ? 6 : b.batchSize;
        this.seed = b.seed == null ? 1234L : b.seed;
        this.devices = b.devices == null ? ImmutableList.of(Device.cpu()) : b.devices;
        this.checkpointRoot = b.checkpointRoot;
        this.checkpointEvery = b.checkpointEvery;
        this.runName = b.runName == null ? b.factory.name() : b.runName;
        this.modelName = b.modelName;
        this.validateEvery = b.validateEvery;
        this.listeners = b.listeners == null ? ImmutableList.of() : b.listeners;
        this.resume = b.resume || b.forceResume;
        this.forceResume = b.forceResume;
    }

    /**
     * Starts configuring a trainer for {@code sequence}.
     *
     * @param sequence the tasks
     * @return a builder
     */
    public static Builder forTasks(TaskSequence sequence) {
        return new Builder(Objects.requireNonNull(sequence, "sequence"));
    }

    /** The task sequence. */
    public TaskSequence sequence() {
        return sequence;
    }

    /**
     * Trains every step of the sequence.
     *
     * @return the steps' results (close to free the models)
     * @throws IOException if data or checkpoints cannot be read or written
     */
    public TrainingResult train() throws IOException {
        return trainSteps(0, sequence.size() - 1);
    }

    /**
     * Trains the steps from {@code first} to the end; step {@code first} uses the teacher given
     * to the builder as its previous model.
     *
     * @param first the first step to train
     * @return the steps' results
     * @throws IOException if data or checkpoints cannot be read or written
     */
    public TrainingResult trainFrom(int first) throws IOException {
        return trainSteps(first, sequence.size() - 1);
    }

    /**
     * Trains only step {@code step}, with the builder's teacher as its previous model.
     *
     * @param step the 0-based step
     * @return the step's result (close it to free the model)
     * @throws IOException if data or checkpoints cannot be read or written
     */
    public StepResult trainStep(int step) throws IOException {
        return trainSteps(step, step).last();
    }

    private TrainingResult trainSteps(int first, int last) throws IOException {
        sequence.task(first);
        sequence.task(last);
        if (modelName != null && first != last) {
            throw new IllegalStateException("modelName '" + modelName + "' names one step's folder;"
                    + " train steps " + first + ".." + last + " with runName instead");
        }
        checkPrevious(first);
        List<StepResult> done = new ArrayList<>();
        boolean ok = false;
        try {
            for (int step = first; step <= last; step++) {
                Teacher previous;
                if (step == first) {
                    previous = teacher;
                } else {
                    previous = done.get(done.size() - 1).asTeacher();
                }
                done.add(new StepRun(this, step, previous).run());
            }
            ok = true;
            return new TrainingResult(done);
        } finally {
            if (!ok) {
                done.forEach(StepResult::close);
            }
        }
    }

    private void checkPrevious(int first) {
        if (first == 0 && teacher != null) {
            throw new IllegalArgumentException(
                    "step 0 (task '" + sequence.task(0).name() + "') has no old classes, so a teacher"
                            + " cannot be used; train from step 1 or remove withTeacher(...)");
        }
        if (first > 0 && teacher == null && strategy.needsPreviousModel()) {
            throw new IllegalArgumentException(
                    "step " + first + " (task '" + sequence.task(first).name() + "') with strategy '"
                            + strategy.name() + "' needs the model of step " + (first - 1)
                            + " (classes " + sequence.oldClasses(first) + "): give withTeacher(...)"
                            + " or train from step 0");
        }
        if (teacher != null && first > 0) {
            Teachers.selecting(teacher, sequence.oldClasses(first)); // names both lists on mismatch
            if (strategy.initialization() == StudentInitialization.FROM_PREVIOUS
                    && (teacher.namedParameters().isEmpty()
                            || !teacher.classes().names().equals(sequence.oldClasses(first)))) {
                throw new IllegalArgumentException(
                        "strategy '" + strategy.name() + "' initializes the student from the"
                                + " previous model, which must be a model of factory '"
                                + factory.name() + "' with exactly the classes "
                                + sequence.oldClasses(first) + "; the teacher ("
                                + teacher.description() + ") has " + teacher.classes().names());
            }
        }
    }

    /** The checkpoint layout of a step, or null when checkpoints are off. */
    CheckpointLayout layout(int step) {
        if (checkpointRoot == null) {
            return null;
        }
        return CheckpointLayout.of(checkpointRoot, modelName != null ? modelName : runName + "_" + sequence.task(step).name());
    }

    /** The configuration of a step, recorded in its checkpoints and compared on resume. */
    ImmutableSortedMap<String, String> configuration(int step, Teacher previous) {
        Map<String, String> c = new TreeMap<>();
        c.put("task", sequence.task(step).name());
        c.put("step", Integer.toString(step));
        c.put("classes", String.join(",", sequence.classSpaceAfter(step).names()));
        c.put("epochs", Integer.toString(epochs));
        c.put("batchSize", Integer.toString(batchSize));
        c.put("seed", Long.toString(seed));
        c.put("checkpointEvery", Integer.toString(checkpointEvery));
        c.put("random", TrainingRandom.DESCRIPTION);
        strategy.describe().forEach((k, v) -> c.put("strategy." + k, v));
        factory.describe().forEach((k, v) -> c.put("model." + k, v));
        optimizer.describe().forEach(c::put);
        data.describe().forEach((k, v) -> c.put("data." + k, v));
        if (previous != null) {
            c.put("previousModel.classes", String.join(",", previous.classes().names()));
            if (strategy.initialization() == StudentInitialization.FROM_PREVIOUS) {
                c.put("newClassInitialization", newClassInitialization.name().toLowerCase(Locale.ROOT));
            }
        }
        return ImmutableSortedMap.copyOf(c);
    }

    /**
     * Fails early if the checkpoint folder cannot be written, without creating it: the nearest
     * existing ancestor must be a writable folder (a failed run leaves no empty folders behind).
     */
    void checkWritable(CheckpointLayout layout) throws IOException {
        Path models = layout.modelsDirectory();
        Path existing = models;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new IOException("checkpoint folder " + models + " cannot be created: "
                    + existing + " is not a folder");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".write-probe", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw new IOException("checkpoint folder " + models + " cannot be written: " + existing
                    + " is not writable (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public String toString() {
        return "LifelongTrainer{" + sequence.size() + " tasks, " + factory.name() + ", "
                + strategy.name() + ", " + epochs + " epochs, batch " + batchSize + ", seed " + seed
                + ", devices " + devices + (checkpointRoot == null ? "" : ", checkpoints "
                + checkpointRoot + " every " + checkpointEvery) + "}";
    }

    static Logger log() {
        return LOG;
    }

    /**
     * Configures a {@link LifelongTrainer}; {@code model}, {@code data}, {@code strategy} and
     * {@code epochs} are required, every setting may be given once.
     *
     * <p>The one builder of the library that does not name its settings {@code set*}/{@code
     * opt*}: it reads as the sentence users write, {@code
     * LifelongTrainer.forTasks(sequence).withTeacher(previous).train()}, and keeps that verb style
     * on purpose. Every other builder follows DJL's convention ({@code set*} required, {@code
     * opt*} optional, {@code build()} validates).
     */
    public static final class Builder {
        private final TaskSequence sequence;
        private SegmentationModelFactory factory;
        private TaskDataProvider data;
        private TrainingStrategy strategy;
        private Teacher teacher;
        private OptimizerSettings optimizer;
        private NewClassInitialization newClassInitialization;
        private int epochs;
        private int batchSize;
        private Long seed;
        private ImmutableList<Device> devices;
        private Path checkpointRoot;
        private int checkpointEvery;
        private String runName;
        private String modelName;
        private int validateEvery;
        private ImmutableList<TrainerListener> listeners;
        private boolean resume;
        private boolean forceResume;

        private Builder(TaskSequence sequence) {
            this.sequence = sequence;
        }

        private static void once(boolean alreadySet, String option) {
            if (alreadySet) {
                throw new IllegalStateException("trainer setting '" + option + "' given twice");
            }
        }

        /** The model factory (required), e.g. {@code new ErfNetFactory()}. */
        public Builder model(SegmentationModelFactory factory) {
            once(this.factory != null, "model");
            this.factory = Objects.requireNonNull(factory, "model factory");
            return this;
        }

        /** The data of every step (required). */
        public Builder data(TaskDataProvider data) {
            once(this.data != null, "data");
            this.data = Objects.requireNonNull(data, "data provider");
            return this;
        }

        /** The strategy of every step (required); the first step trains statically. */
        public Builder strategy(TrainingStrategy strategy) {
            once(this.strategy != null, "strategy");
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * The previous model of the first step trained (by {@link #trainStep} or {@link
         * #trainFrom}): the distillation teacher or the fine-tuning initialization. Its channels
         * are selected by class name; it is not closed by the trainer.
         */
        public Builder withTeacher(Teacher teacher) {
            once(this.teacher != null, "teacher");
            this.teacher = Objects.requireNonNull(teacher, "teacher");
            return this;
        }

        /** The optimizer settings (default {@link OptimizerSettings#reference()}). */
        public Builder optimizer(OptimizerSettings optimizer) {
            once(this.optimizer != null, "optimizer");
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** Epochs per step (required, the reference uses 200). */
        public Builder epochs(int epochs) {
            once(this.epochs != 0, "epochs");
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** Images per batch (default 6). */
        public Builder batchSize(int batchSize) {
            once(this.batchSize != 0, "batchSize");
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** The seed of initialization, dropout, shuffling and augmentation (default 1234). */
        public Builder seed(long seed) {
            once(this.seed != null, "seed");
            this.seed = seed;
            return this;
        }

        /** The devices (default CPU); a batch is split over several. */
        public Builder devices(Device... devices) {
            once(this.devices != null, "devices");
            if (devices.length == 0) {
                throw new IllegalArgumentException("at least one device is needed");
            }
            this.devices = ImmutableList.copyOf(Arrays.asList(devices));
            return this;
        }

        /**
         * Writes checkpoints under {@code root} every {@code every} epochs and after the last.
         *
         * @param root the checkpoint root
         * @param every the save frequency in epochs (the reference uses 10)
         */
        public Builder checkpoints(Path root, int every) {
            once(this.checkpointRoot != null, "checkpoints");
            if (every < 1) {
                throw new IllegalArgumentException("checkpoint frequency must be >= 1, got " + every);
            }
            this.checkpointRoot = Objects.requireNonNull(root, "checkpoint root");
            this.checkpointEvery = every;
            return this;
        }

        /**
         * The exact checkpoint folder of a single-step run ({@link #trainStep}), e.g. the seed's
         * {@code erfnet_incremental_set1}; training several steps with it is refused.
         */
        public Builder modelName(String modelName) {
            once(this.modelName != null, "modelName");
            if (modelName == null || modelName.isBlank() || modelName.contains("/") || modelName.contains("\\")) {
                throw new IllegalArgumentException("model name must be a plain folder name, got '" + modelName + "'");
            }
            this.modelName = modelName;
            return this;
        }

        /** The run's name, the prefix of the checkpoint folders (default: the model's name). */
        public Builder runName(String runName) {
            once(this.runName != null, "runName");
            if (runName == null || runName.isBlank() || runName.contains("/") || runName.contains("\\")) {
                throw new IllegalArgumentException("run name must be a plain folder name, got '" + runName + "'");
            }
            this.runName = runName;
            return this;
        }

        /** Validates every {@code every} epochs and after the last (default: only after the last). */
        public Builder validateEvery(int every) {
            once(this.validateEvery != 0, "validateEvery");
            if (every < 1) {
                throw new IllegalArgumentException("validation frequency must be >= 1, got " + every);
            }
            this.validateEvery = every;
            return this;
        }

        /** Listeners, called in this order. */
        public Builder listeners(TrainerListener... listeners) {
            once(this.listeners != null, "listeners");
            this.listeners = ImmutableList.copyOf(listeners);
            return this;
        }

        /**
         * Continues every step from its latest valid checkpoint; refuses if the checkpoint was
         * written with another configuration.
         */
        public Builder resume() {
            once(this.resume || this.forceResume, "resume");
            this.resume = true;
            return this;
        }

        /**
         * How the new classes' output entries start when a strategy initializes the student from
         * the previous model (default {@link NewClassInitialization#ZERO}).
         */
        public Builder newClassInitialization(NewClassInitialization init) {
            once(this.newClassInitialization != null, "newClassInitialization");
            this.newClassInitialization = Objects.requireNonNull(init, "newClassInitialization");
            return this;
        }

        /** Like {@link #resume()}, but accepts checkpoints of another configuration (logged). */
        public Builder forceResume() {
            once(this.resume || this.forceResume, "resume");
            this.forceResume = true;
            return this;
        }

        /**
         * Validates the configuration.
         *
         * @return the trainer
         * @throws IllegalStateException naming the missing setting
         */
        public LifelongTrainer build() {
            if (factory == null) {
                throw new IllegalStateException("the model factory is required (model(...))");
            }
            if (data == null) {
                throw new IllegalStateException("the data provider is required (data(...))");
            }
            if (strategy == null) {
                throw new IllegalStateException("the strategy is required (strategy(...))");
            }
            if (epochs == 0) {
                throw new IllegalStateException("the number of epochs is required (epochs(...))");
            }
            if ((resume || forceResume) && checkpointRoot == null) {
                throw new IllegalStateException("resume needs the checkpoint folder (checkpoints(...))");
            }
            if (teacher != null) {
                boolean coversSomeStep = false;
                for (int s = 1; s < sequence.size(); s++) {
                    if (sequence.oldClasses(s).stream().allMatch(teacher.classes()::contains)) {
                        coversSomeStep = true;
                    }
                }
                if (!coversSomeStep) {
                    throw new IllegalArgumentException(
                            "the teacher (" + teacher.description() + ") with classes "
                                    + teacher.classes().names() + " covers the old classes of no"
                                    + " step of the sequence; old classes of step 1: "
                                    + (sequence.size() > 1 ? sequence.oldClasses(1) : List.of()));
                }
            }
            return new LifelongTrainer(this);
        }

        /** {@code build().train()}. */
        public TrainingResult train() throws IOException {
            return build().train();
        }

        /** {@code build().trainStep(step)}. */
        public StepResult trainStep(int step) throws IOException {
            return build().trainStep(step);
        }

        /** {@code build().trainFrom(first)}. */
        public TrainingResult trainFrom(int first) throws IOException {
            return build().trainFrom(first);
        }
    }
}
