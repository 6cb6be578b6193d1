package org.lifelongseg.examples.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.lifelongseg.cityscapes.data.DatasetInfo;
import org.lifelongseg.cityscapes.data.TrainSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lifelong dataset-info}: pairs, cities and class pixel counts of a Cityscapes split. */
@Command(
        name = "dataset-info",
        mixinStandardHelpOptions = true,
        description = "Print JSON with the image/label pairs, cities and per-class pixel counts of a"
                + " Cityscapes split (labelIds mapped to trainIds, void excluded).")
final class DatasetInfoCommand implements Callable<Integer> {

    @Option(names = "--dataset-root", required = true, paramLabel = "DIR",
            description = "Cityscapes root holding leftImg8bit/ and gtFine/.")
    Path datasetRoot;

    @Option(names = "--split", required = true, paramLabel = "train|val|test", description = "The split.")
    String split;

    @Option(names = "--train-set", paramLabel = "1|2|3|12|123",
            description = "Only this task's classes (and, on train, its cities).")
    String trainSet;

    @Mixin VerboseOption verbose;

    @Override
    public Integer call() {
        CliValues.cityscapesRoot(datasetRoot, "--dataset-root " + datasetRoot);
        CliValues.split(split, "--split");
        Optional<TrainSet> set = trainSet == null ? Optional.empty()
                : Optional.of(CliValues.parse(() -> TrainSet.parse(trainSet), "--train-set"));
        System.out.println(DatasetInfo.toJson(datasetRoot, split, set));
        return 0;
    }
}
