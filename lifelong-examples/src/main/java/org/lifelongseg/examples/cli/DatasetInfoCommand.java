package org.lifelongseg.examples.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.lifelongseg.cityscapes.data.DatasetInfo;
import org.lifelongseg.cityscapes.data.TrainSet;
import org.lifelongseg.core.data.folder.FolderDatasetInfo;
import org.lifelongseg.core.data.folder.FolderTaskData;
import org.lifelongseg.core.task.TaskSequence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lifelong dataset-info}: pairs, cities and class pixel counts of a Cityscapes split; of a
 * folder dataset its classes, the pairs and class pixels of each split and the training images
 * of each task.
 */
@Command(
        name = "dataset-info",
        mixinStandardHelpOptions = true,
        description = "Print JSON with the image/label pairs, cities and per-class pixel counts of a"
                + " Cityscapes split (labelIds mapped to trainIds, void excluded); with --dataset folder"
                + " the classes, the pairs and per-class pixel counts of every split (or --split) and,"
                + " with --tasks, each task's training images, after the checks training makes.")
final class DatasetInfoCommand implements Callable<Integer> {

    @Mixin DatasetOptions data;

    @Option(names = "--split", paramLabel = "NAME",
            description = "The split: train, val or test of Cityscapes (required), any split of a folder"
                    + " dataset (default: every split).")
    String split;

    @Option(names = "--train-set", paramLabel = "1|2|3|12|123",
            description = "Cityscapes: only this task's classes (and, on train, its cities).")
    String trainSet;

    @Mixin VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (data.isFolder()) {
            if (trainSet != null) {
                throw new UsageException("--train-set is for Cityscapes; with --dataset folder, --tasks FILE"
                        + " lists every task's training images");
            }
            Optional<TaskSequence> tasks = data.tasksFile == null ? Optional.empty() : Optional.of(data.tasks(null));
            FolderTaskData.Builder b = data.folderData();
            System.out.println(DatasetOptions.folder(() -> FolderDatasetInfo.toJson(b.build(),
                    Optional.ofNullable(split), tasks)));
            return 0;
        }
        if (data.tasksFile != null) {
            throw new UsageException("--tasks is for --dataset folder; on Cityscapes use --train-set");
        }
        if (split == null) {
            throw new UsageException("--split train|val|test is required on Cityscapes");
        }
        Path root = data.resolveRoot();
        CliValues.split(split, "--split");
        Optional<TrainSet> set = trainSet == null ? Optional.empty()
                : Optional.of(CliValues.parse(() -> TrainSet.parse(trainSet), "--train-set"));
        System.out.println(DatasetInfo.toJson(root, split, set));
        return 0;
    }
}
