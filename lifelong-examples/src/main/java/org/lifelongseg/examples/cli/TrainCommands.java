package org.lifelongseg.examples.cli;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lifelongseg.cityscapes.data.CityscapesProtocol;
import org.lifelongseg.core.checkpoint.CheckpointConflictException;
import org.lifelongseg.core.checkpoint.CheckpointLayout;
import org.lifelongseg.core.data.FileTaskData;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.train.LifelongTrainer;
import org.lifelongseg.core.train.StepResult;
import org.lifelongseg.core.train.Teacher;
import org.lifelongseg.core.train.TrainingStrategy;
import org.lifelongseg.core.train.ValidationRecord;
import org.lifelongseg.core.train.listen.ProgressBar;
import org.lifelongseg.core.train.strategy.Strategies;
import org.lifelongseg.erfnet.train.ErfNetTeachers;
import org.lifelongseg.erfnet.train.KlingnerDistillation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The seed's training scripts: {@code train_erfnet_static.py} and {@code train_erfnet_incremental.py}. */
final class TrainCommands {

    private TrainCommands() {}

    /** Options and behaviour both commands share. */
    abstract static class Base implements Callable<Integer> {

        @Option(names = "--model-name", required = true, paramLabel = "NAME",
                description = "Checkpoints go to <checkpoint-root>/NAME/models/weights_<epoch>/.")
        String modelName;

        @Option(names = "--checkpoint-root", defaultValue = "checkpoints", paramLabel = "DIR",
                description = "Root of the model folders (default: ${DEFAULT-VALUE}).")
        Path checkpointRoot;

        @Option(names = "--validate", description = "Validate (mIoU on erfurt) after every epoch.")
        boolean validate;

        @Option(names = "--resume", description = "Continue from the latest valid checkpoint of NAME.")
        boolean resume;

        @Option(names = "--restart", description = "Move <checkpoint-root>/NAME aside (to"
                + " NAME.replaced-<time>, nothing is deleted) and train from scratch.")
        boolean restart;

        @Mixin IntegrityOption integrity;

        @Option(names = "--no-progress", description = "No progress bar.")
        boolean noProgress;

        @Mixin VerboseOption verbose;

        @Mixin DatasetOptions data;

        @Mixin TrainingOptions training;

        /** Checks the options both commands share (before any work). */
        void validate() {
            training.validate();
            CliValues.outputFolder(checkpointRoot, "--checkpoint-root");
            CliValues.parse(() -> CheckpointLayout.of(checkpointRoot, modelName), "--model-name");
        }

        /** Trains step {@code step} of {@code seq} with {@code strategy} (and {@code teacher}). */
        int train(TaskSequence seq, int step, TrainingStrategy strategy, Teacher teacher) throws Exception {
            try {
                return trainChecked(seq, step, strategy, teacher);
            } catch (CheckpointConflictException e) {
                throw new IllegalStateException(inCommandLineTerms(e), e);
            }
        }

        /** The conflict's problem with the remedy in this command's options. */
        private String inCommandLineTerms(CheckpointConflictException e) {
            Path folder = checkpointRoot.resolve(modelName);
            String restartHint = "--restart moves " + folder + " aside and trains from scratch";
            switch (e.reason()) {
                case EXISTS:
                    return e.problem() + ": add --resume to continue it; " + restartHint
                            + "; or choose another --model-name (nothing was changed)";
                case OTHER_CONFIGURATION:
                    return e.problem() + ": resume with the original options, or " + restartHint
                            + " (nothing was changed)";
                case UNREADABLE:
                default:
                    return e.problem() + ". Nothing was changed; " + restartHint
                            + (e.problem().contains("SHA-256")
                                    ? " (or " + IntegrityOption.NAME + " if the file was edited on purpose)"
                                    : "");
            }
        }

        /** Moves the model's folder aside for --restart (after the options are checked). */
        void restartIfAsked() throws java.io.IOException {
            if (restart && resume) {
                throw new UsageException("--resume and --restart exclude each other: --resume continues"
                        + " the checkpoints of " + modelName + ", --restart moves them aside");
            }
            if (restart) {
                CheckpointLayout.of(checkpointRoot, modelName).moveAside().ifPresent(p ->
                        System.out.println("moved the previous " + modelName + " aside to " + p));
            }
        }

        private int trainChecked(TaskSequence seq, int step, TrainingStrategy strategy, Teacher teacher)
                throws Exception {
            FileTaskData<?> taskData = data.taskData(training, seq, validate);
            int epochs = training.epochs(data);
            LifelongTrainer.Builder b = LifelongTrainer.forTasks(seq)
                    .model(training.modelFactory(data))
                    .data(taskData)
                    .strategy(strategy)
                    .epochs(epochs)
                    .batchSize(training.batchSize(data))
                    .seed(training.seed)
                    .devices(training.device())
                    .optimizer(step == 0 ? training.optimizer(data)
                            : training.incrementalOptimizer(data))
                    .newClassInitialization(training.newClassInitialization())
                    .modelName(modelName)
                    .checkpoints(checkpointRoot, training.saveFrequency);
            if (validate) {
                b.validateEvery(1);
            }
            if (teacher != null) {
                b.withTeacher(teacher);
            }
            if (resume) {
                b.resume();
            }
            if (!noProgress) {
                b.listeners(new ProgressBar());
            }
            try (StepResult r = b.build().trainStep(step)) {
                System.out.printf("%s: %d classes %s, %d epochs, final loss %.4f%n", modelName,
                        r.classSpace().size(), r.classSpace().names(), r.epochs().size(),
                        r.epochs().isEmpty() ? Double.NaN : r.epochs().get(r.epochs().size() - 1).loss());
                if (!r.validations().isEmpty()) {
                    ValidationRecord v = r.validations().get(r.validations().size() - 1);
                    System.out.printf("validation mIoU: new classes %.4f, all seen classes %.4f%n",
                            v.taskMeanIoU(), v.seenMeanIoU());
                }
                r.lastCheckpoint().ifPresent(c -> System.out.println("checkpoint: " + c.directory()));
            }
            return 0;
        }

        /**
         * The step of the task {@code --train-set} names in the {@code --tasks} split, at least
         * {@code firstStep}.
         */
        static int taskStep(TaskSequence seq, String name, int firstStep) {
            int step;
            try {
                step = seq.stepOf(name.trim());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--train-set: " + e.getMessage() + " (in --tasks)");
            }
            if (step < firstStep) {
                throw new UsageException("--train-set " + name + " is the first task of --tasks; it has no"
                        + " previous model to learn from (train it with train-static)");
            }
            return step;
        }

        static int parseSet(String value, String option, List<Integer> allowed) {
            try {
                int v = Integer.parseInt(value.trim());
                if (allowed.contains(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException(option + " must be one of " + allowed + ", not '" + value + "'");
        }
    }

    /** {@code lifelong train-static}. */
    @Command(
            name = "train-static",
            mixinStandardHelpOptions = true,
            description = "Train an ERFNet from scratch on one task's classes (stage 1), or on all 19"
                    + " (--train-set 123: the joint baseline).")
    static final class Static extends Base {

        @Option(names = "--train-set", required = true, paramLabel = "1|2|3|123|NAME",
                description = "The classes learned (the model has the channels of all tasks up to it):"
                        + " a task of --tasks by name (or joint: every class), else 1, 2, 3 or 123 of the"
                        + " Cityscapes protocol.")
        String trainSet;

        @Option(names = "--city", description = "Train on the task's own cities only (default: all 17"
                + " training cities, as the reference without --city).")
        boolean city;

        @Override
        public Integer call() throws Exception {
            validate();
            TaskSequence own = data.tasks(null);
            if (own != null) {
                if (city) {
                    throw new UsageException("--city is for the Cityscapes protocol; with --tasks every task"
                            + " trains on the images its filter selects");
                }
                boolean joint = trainSet.trim().equals(TaskSequence.JOINT_TASK);
                int step = joint ? 0 : taskStep(own, trainSet, 0);
                restartIfAsked();
                return joint ? train(own.jointBaseline(), 0, Strategies.joint(), null)
                        : train(own, step, Strategies.staticTraining(), null);
            }
            int set = parseSet(trainSet, "--train-set", List.of(1, 2, 3, 123));
            restartIfAsked();
            if (set == 123) {
                return train(CityscapesProtocol.jointBaseline(), 0, Strategies.joint(), null);
            }
            TaskSequence.Builder sb = TaskSequence.builder();
            for (int t = 1; t <= set; t++) {
                ImageFilter images = city || t != set
                        ? ImageFilter.groups(CityscapesProtocol.taskCities(t))
                        : ImageFilter.groups(CityscapesProtocol.allTrainingCities());
                sb.addTask(Task.of("task" + t, CityscapesProtocol.taskClasses(t), images));
            }
            TaskSequence seq = sb.optValidationImages(ImageFilter.groups(CityscapesProtocol.VALIDATION_CITY)).build();
            return train(seq, set - 1, Strategies.staticTraining(), null);
        }
    }

    /** {@code lifelong train-incremental}. */
    @Command(
            name = "train-incremental",
            mixinStandardHelpOptions = true,
            description = "Learn task 2 or 3 by distillation from a teacher (the previous stage's"
                    + " model), with the new task's labels only.")
    static final class Incremental extends Base {

        @Option(names = "--train-set", required = true, paramLabel = "2|3|NAME",
                description = "The task learned now: a later task of --tasks by name, else 2 or 3 of the"
                        + " Cityscapes protocol.")
        String trainSet;

        @Option(names = "--teachers", required = true, arity = "2..3", paramLabel = "NAME EPOCH [N_TASKS]",
                description = "The teacher: <checkpoint-root>/NAME/models/weights_EPOCH (a folder with"
                        + " model.safetensors, or the reference's model.pth). N_TASKS is accepted and"
                        + " ignored, as by the reference.")
        List<String> teachers;

        @Option(names = "--finetune", description = "Plain fine-tuning from the teacher instead of"
                + " distillation (the forgetting lower bound).")
        boolean finetune;

        @Override
        public Integer call() throws Exception {
            validate();
            TaskSequence own = data.tasks(null);
            TaskSequence seq = own != null ? own : CityscapesProtocol.taskSequence();
            int step = own != null ? taskStep(own, trainSet, 1)
                    : parseSet(trainSet, "--train-set", List.of(2, 3)) - 1;
            int epoch;
            try {
                epoch = Integer.parseInt(teachers.get(1));
            } catch (NumberFormatException e) {
                throw new UsageException("--teachers NAME EPOCH: EPOCH must be a number, not '" + teachers.get(1) + "'");
            }
            Path dir = CliValues.checkpointFolder(checkpointRoot, teachers.get(0), epoch, "--teachers");
            List<String> oldClasses = seq.classSpaceAfter(step - 1).names();
            Device device = training.device();
            restartIfAsked();
            Teacher teacher = ErfNetTeachers.fromCheckpoint(dir, oldClasses, device);
            TrainingStrategy strategy = finetune
                    ? Strategies.fineTuning()
                    : KlingnerDistillation.builder()
                            .optTemperature(training.temperature)
                            .optEntropyWeight(training.lambdaGs)
                            .optInitializeFromTeacher(training.distillFromPrevious(data))
                            .build();
            try (teacher) {
                return train(seq, step, strategy, teacher);
            }
        }
    }
}
