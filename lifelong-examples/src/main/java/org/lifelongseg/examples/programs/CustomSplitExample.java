package org.lifelongseg.examples.programs;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lifelongseg.core.data.folder.FolderTaskData;
import org.lifelongseg.core.metrics.DatasetEvaluator;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.task.TaskSequenceJson;
import org.lifelongseg.core.train.LifelongTrainer;
import org.lifelongseg.core.train.StepResult;
import org.lifelongseg.core.train.TrainingResult;
import org.lifelongseg.erfnet.train.ErfNetFactory;
import org.lifelongseg.erfnet.train.KlingnerDistillation;

/**
 * A custom two-task split of a folder dataset that is not Cityscapes ({@code classes.txt},
 * {@code images/<split>/}, {@code labels/<split>/}; see {@link FolderTaskData}): task 1 is trained
 * statically, task 2 by distillation from the task-1 model with task 2's labels only; the final
 * model is scored per task on the {@code val} split.
 *
 * <pre>
 * CustomSplitExample DATASET OUTPUT "grass,path" "ball,dog" [EPOCHS [WIDTH HEIGHT]]
 * </pre>
 *
 * <p>Writes {@code OUTPUT/split.json} (the task sequence) and the checkpoints {@code
 * OUTPUT/checkpoints/erfnet_task1/models/weights_<epoch>/} and {@code .../erfnet_task2/...}.
 */
public final class CustomSplitExample {

    private CustomSplitExample() {}

    /**
     * Trains and scores the split.
     *
     * @param dataset the folder dataset
     * @param output where the split and the checkpoints go
     * @param task1 the classes of task 1 (names from {@code classes.txt})
     * @param task2 the classes of task 2
     * @param epochs epochs per task
     * @param width network input width (a multiple of 32 for ERFNet)
     * @param height network input height (a multiple of 32 for ERFNet)
     * @return the final model's mIoU per task on the val split, and over all classes
     * @throws IOException if data or checkpoints cannot be read or written
     */
    public static Map<String, Double> run(Path dataset, Path output, List<String> task1,
            List<String> task2, int epochs, int width, int height) throws IOException {
        FolderTaskData data = FolderTaskData.builder()
                .setRoot(dataset)
                .optResize(width, height)                 // horizontal flip is on by default
                .build();
        TaskSequence split = TaskSequence.builder()       // each task on its own half of the images
                .addTask(Task.of("task1", task1, ImageFilter.randomPartition(7, 2, 0)))
                .addTask(Task.of("task2", task2, ImageFilter.randomPartition(7, 2, 1)))
                .build();
        TaskSequenceJson.write(split, output.resolve("split.json"));
        try (TrainingResult run = LifelongTrainer.forTasks(split)
                .model(new ErfNetFactory())
                .data(data)
                .strategy(KlingnerDistillation.builder().build())   // step 1 static, step 2 distils
                .epochs(epochs)
                .batchSize(4)
                .checkpoints(output.resolve("checkpoints"), epochs)
                .train()) {
            StepResult last = run.last();
            Map<String, Double> miou = new LinkedHashMap<>();
            DatasetEvaluator.builder()
                    .addTasks(split)
                    .addSubset("all", split.finalClassSpace().names())
                    .build()
                    .evaluate(last.block(), last.classSpace(),
                            data.evaluationData("val", last.classSpace(), 4), Device.cpu())
                    .forEach((task, m) -> miou.put(task, m.meanIoU()));
            miou.forEach((task, v) -> System.out.printf("mIoU %-6s %5.1f%n", task, 100 * v));
            return miou;
        }
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
