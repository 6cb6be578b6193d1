package org.lifelongseg.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.lifelongseg.cityscapes.eval.OfficialEvaluationResult;
import org.lifelongseg.cityscapes.eval.OfficialPixelEvaluator;
import org.lifelongseg.core.checkpoint.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lifelong evaluate-predictions}: the official Cityscapes pixel-level evaluation. */
@Command(
        name = "evaluate-predictions",
        mixinStandardHelpOptions = true,
        description = "Evaluate <frame>_pred_labelIds.png files against a Cityscapes tree like the"
                + " official pixel-level evaluator (class and category IoU).")
final class EvaluatePredictionsCommand implements Callable<Integer> {

    @Option(names = "--predictions", required = true, paramLabel = "DIR",
            description = "Folder (searched recursively) of <frame>_pred_labelIds.png files.")
    Path predictions;

    @Option(names = "--dataset-root", required = true, paramLabel = "DIR",
            description = "Cityscapes root holding gtFine/<split>/<city>/.")
    Path datasetRoot;

    @Option(names = "--split", defaultValue = "val", paramLabel = "train|val|test[,...]",
            description = "Comma-separated splits to evaluate (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--output", paramLabel = "FILE.json",
            description = "Where to write the JSON result (printed to stdout when omitted).")
    Path output;

    @Mixin VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        CliValues.folder(predictions, "--predictions");
        CliValues.folder(datasetRoot, "--dataset-root");
        if (!Files.isDirectory(datasetRoot.resolve("gtFine"))) {
            throw new UsageException("--dataset-root " + datasetRoot + " is not a Cityscapes tree (no gtFine/)");
        }
        List<String> splits = Arrays.stream(split.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        if (splits.isEmpty()) {
            throw new UsageException("--split must name at least one of train, val, test, not '" + split + "'");
        }
        splits.forEach(s -> CliValues.split(s, "--split"));
        if (output != null) {
            CliValues.outputFile(output, "--output");
        }
        OfficialEvaluationResult result = OfficialPixelEvaluator.builder()
                .setCityscapesRoot(datasetRoot)
                .setPredictionDir(predictions)
                .optSplits(splits)
                .build()
                .evaluate();
        String json = result.toJson();
        if (output != null) {
            AtomicFiles.writeString(output, json);
        } else {
            System.out.println(json);
        }
        System.err.printf("classes mIoU %.4f, categories mIoU %.4f%s%n",
                result.averageScoreClasses(), result.averageScoreCategories(),
                output == null ? "" : ", written to " + output);
        return 0;
    }
}
