package org.lifelongseg.examples.programs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.lifelongseg.core.data.folder.FolderTaskData;
import org.lifelongseg.core.pipeline.LifelongPipeline;
import org.lifelongseg.core.report.ReportFiles;
import org.lifelongseg.core.report.RunResults;
import org.lifelongseg.core.report.TableRenderer;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.task.TaskSequenceJson;
import org.lifelongseg.core.train.strategy.Strategies;
import org.lifelongseg.erfnet.train.ErfNetFactory;
import org.lifelongseg.erfnet.train.KlingnerDistillation;

/**
 * A custom two-task split of a folder dataset that is not Cityscapes ({@code classes.txt},
 * {@code images/<split>/}, {@code labels/<split>/}; see {@link FolderTaskData}), run as the
 * command line's {@code pipeline} runs it: task 1 trained statically (stage 1), task 2 learned
 * from the stage-1 model by fine-tuning and by distillation with task 2's labels only, the joint
 * baseline on every class; every model scored per task, on the union of the tasks and on every
 * class of the {@code val} split.
 *
 * <pre>
 * CustomSplitExample DATASET OUTPUT "grass,path" "ball,dog" [EPOCHS [WIDTH HEIGHT]]
 * </pre>
 *
 * <p>Writes {@code OUTPUT/split.json} (the task sequence), the results ({@code results.json},
 * {@code results.md}, {@code results.csv}, {@code report.html}) and the checkpoints {@code
 * OUTPUT/checkpoints/<training>/<training>_<task>/models/weights_<epoch>/}, trainings {@value
 * LifelongPipeline#STAGE1}, {@value #FINETUNE}, {@value #DISTILL} and {@value
 * LifelongPipeline#JOINT}.
 */
public final class CustomSplitExample {

    /** The fine-tuning method's name (results, checkpoint folder). */
    public static final String FINETUNE = "finetune";

    /** The distillation method's name (results, checkpoint folder). */
    public static final String DISTILL = "distill";

    private CustomSplitExample() {}

    /**
     * Trains, scores and reports the split.
     *
     * @param dataset the folder dataset
     * @param output where the split, the results and the checkpoints go
     * @param task1 the classes of task 1 (names from {@code classes.txt})
     * @param task2 the classes of task 2
     * @param epochs epochs per training
     * @param width network input width (a multiple of 32 for ERFNet)
     * @param height network input height (a multiple of 32 for ERFNet)
     * @return the results: per model (finetune, distill, joint) its mIoU on task1, task2 and task12
     * @throws IOException if data, checkpoints or results cannot be read or written
     * @throws IllegalArgumentException naming the file, value, class or task of bad input
     */
    public static RunResults run(Path dataset, Path output, List<String> task1, List<String> task2,
            int epochs, int width, int height) throws IOException {
        FolderTaskData data = FolderTaskData.builder()
                .setRoot(dataset)
                .optResize(width, height)                 // horizontal flip is on by default
                .build();
        TaskSequence split = TaskSequence.builder()       // each task on its own half of the images
                .addTask(Task.of("task1", task1, ImageFilter.randomPartition(7, 2, 0)))
                .addTask(Task.of("task2", task2, ImageFilter.randomPartition(7, 2, 1)))
                .build();
        data.check(split);                                // bad input fails here, not after training
        TaskSequenceJson.write(split, output.resolve("split.json"));
        RunResults results = LifelongPipeline.builder()
                .setData(data, String.valueOf(dataset.toAbsolutePath().normalize().getFileName()))
                .setTasks(split)
                .setModel(new ErfNetFactory())
                .addMethod(FINETUNE, Strategies.fineTuning())
                .addMethod(DISTILL, KlingnerDistillation.builder().optInitializeFromTeacher(true).build())
                .optEpochs(epochs)
                .optBatchSize(4)
                .optCheckpoints(output.resolve("checkpoints"), epochs)
                .build()
                .run();
        ReportFiles.writeAll(results, output);
        System.out.println(TableRenderer.console(results));
        return results;
    }

    /**
     * Runs the example.
     *
     * @param args DATASET OUTPUT TASK1_CLASSES TASK2_CLASSES [EPOCHS [WIDTH HEIGHT]]
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 4 && args.length != 5 && args.length != 7) {
            System.err.println("usage: CustomSplitExample DATASET OUTPUT \"class,class\" \"class,class\""
                    + " [EPOCHS [WIDTH HEIGHT]]");
            System.exit(2);
        }
        int epochs = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        int width = args.length > 5 ? Integer.parseInt(args[5]) : 512;
        int height = args.length > 5 ? Integer.parseInt(args[6]) : 256;
        run(Path.of(args[0]), Path.of(args[1]), List.of(args[2].split(",")), List.of(args[3].split(",")),
                epochs, width, height);
    }
}
