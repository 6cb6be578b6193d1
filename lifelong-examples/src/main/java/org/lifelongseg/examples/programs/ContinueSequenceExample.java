package org.lifelongseg.examples.programs;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.lifelongseg.core.checkpoint.Checkpoint;
import org.lifelongseg.core.checkpoint.CheckpointLayout;
import org.lifelongseg.core.data.folder.FolderTaskData;
import org.lifelongseg.core.metrics.DatasetEvaluator;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.task.TaskSequenceJson;
import org.lifelongseg.core.train.LifelongTrainer;
import org.lifelongseg.core.train.StepResult;
import org.lifelongseg.core.train.Teacher;
import org.lifelongseg.erfnet.train.ErfNetFactory;
import org.lifelongseg.erfnet.train.ErfNetTeachers;
import org.lifelongseg.erfnet.train.KlingnerDistillation;

/**
 * Continues a finished task sequence (e.g. {@link CustomSplitExample}'s) with one new task: the
 * saved checkpoint of the sequence's last distillation step is the distillation teacher, the new
 * step learns the new classes from their labels only and keeps the old ones by distillation; no
 * old data or old labels are needed.
 *
 * <pre>
 * ContinueSequenceExample DATASET RUN NEW_TASK "class,class" [EPOCHS [WIDTH HEIGHT]]
 * </pre>
 *
 * <p>{@code RUN} is the folder of the finished run: {@code RUN/split.json} is extended by the new
 * task (rewritten atomically, so the example can be repeated task after task); the last step's
 * checkpoints are read from and the new step's go to {@code
 * RUN/checkpoints/distill/distill_<TASK>/models/weights_<epoch>/}, where {@link
 * CustomSplitExample} keeps its distilled models.
 */
public final class ContinueSequenceExample {

    private ContinueSequenceExample() {}

    /**
     * Trains the new task.
     *
     * @param dataset the folder dataset
     * @param run the finished run's folder (split.json, checkpoints/distill/)
     * @param taskName the new task's name
     * @param newClasses its classes (names from {@code classes.txt}, none learned before)
     * @param epochs epochs
     * @param width network input width (as the finished run)
     * @param height network input height (as the finished run)
     * @return the new step's last checkpoint (its marker records every class, old then new)
     * @throws IOException if the run has no checkpoint of its last task, or data or checkpoints
     *     cannot be read or written
     */
    public static Checkpoint run(Path dataset, Path run, String taskName, List<String> newClasses,
            int epochs, int width, int height) throws IOException {
        TaskSequence finished = TaskSequenceJson.read(run.resolve("split.json"));
        TaskSequence.Builder extended = TaskSequence.builder();
        finished.tasks().forEach(extended::addTask);
        TaskSequence sequence = extended.addTask(Task.of(taskName, newClasses, ImageFilter.all())).build();
        String lastTask = finished.task(finished.size() - 1).name();
        Path checkpoints = run.resolve("checkpoints").resolve(CustomSplitExample.DISTILL);
        String model = CustomSplitExample.DISTILL + "_" + lastTask;
        Checkpoint last = CheckpointLayout.of(checkpoints, model).latest()
                .orElseThrow(() -> new IOException("no checkpoint of task '" + lastTask + "' under "
                        + checkpoints.resolve(model).resolve("models")));
        FolderTaskData data = FolderTaskData.builder().setRoot(dataset).optResize(width, height).build();
        try (Teacher previous = ErfNetTeachers.fromCheckpoint(
                        last.directory(), finished.finalClassSpace().names(), Device.cpu());
                StepResult step = LifelongTrainer.forTasks(sequence)
                        .model(new ErfNetFactory())
                        .data(data)
                        .strategy(KlingnerDistillation.builder().build())
                        .withTeacher(previous)
                        .epochs(epochs)
                        .batchSize(4)
                        .checkpoints(checkpoints, epochs)
                        .runName(CustomSplitExample.DISTILL)
                        .trainStep(finished.size())) {
            TaskSequenceJson.write(sequence, run.resolve("split.json"));
            DatasetEvaluator.builder()
                    .addTasks(sequence)
                    .addSubset("all", sequence.finalClassSpace().names())
                    .build()
                    .evaluate(step.block(), step.classSpace(),
                            data.evaluationData("val", step.classSpace(), 4), Device.cpu())
                    .forEach((task, m) -> System.out.printf("mIoU %-6s %5.1f%n", task, 100 * m.meanIoU()));
            System.out.println(step.classSpace().size() + " classes: " + step.classSpace().names());
            return step.lastCheckpoint().orElseThrow();
        }
    }

    /**
     * Runs the example.
     *
     * @param args DATASET RUN NEW_TASK NEW_CLASSES [EPOCHS [WIDTH HEIGHT]]
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 4 && args.length != 5 && args.length != 7) {
            System.err.println("usage: ContinueSequenceExample DATASET RUN NEW_TASK \"class,class\""
                    + " [EPOCHS [WIDTH HEIGHT]]");
            System.exit(2);
        }
        int epochs = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        int width = args.length > 5 ? Integer.parseInt(args[5]) : 512;
        int height = args.length > 5 ? Integer.parseInt(args[6]) : 256;
        Checkpoint c = run(Path.of(args[0]), Path.of(args[1]), args[2], List.of(args[3].split(",")),
                epochs, width, height);
        System.out.println("checkpoint " + c.directory());
    }
}
