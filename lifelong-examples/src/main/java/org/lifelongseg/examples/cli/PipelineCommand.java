package org.lifelongseg.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.Callable;
import org.lifelongseg.cityscapes.train.CityscapesTaskData;
import org.lifelongseg.core.report.HtmlReport;
import org.lifelongseg.core.report.LeaderboardCsv;
import org.lifelongseg.core.report.LeaderboardEntry;
import org.lifelongseg.core.report.MethodResult;
import org.lifelongseg.core.report.ReferenceResults;
import org.lifelongseg.core.report.ReportFiles;
import org.lifelongseg.core.report.RunResults;
import org.lifelongseg.core.report.TableRenderer;
import org.lifelongseg.core.train.listen.ConcurrentProgress;
import org.lifelongseg.examples.pipeline.SeedPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lifelong pipeline}: the main job, the seed's whole lifelong-learning workflow. */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description = "The seed's workflow end to end: stage 1 static, tasks 2 and 3 by fine-tuning and"
                + " by distillation, the joint baseline; evaluation on tasks 1, 2, 1∪2, 3, 1∪2∪3;"
                + " unknown-task recognition; writes results.json, report.html and the leaderboard.")
final class PipelineCommand implements Callable<Integer> {

    @Mixin DatasetOptions data;

    @Mixin TrainingOptions training;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Output folder, new, empty or an earlier pipeline output; everything the run"
                    + " writes goes inside it but the leaderboard (default: runs/<timestamp>).")
    Path output;

    @Option(names = "--leaderboard", paramLabel = "FILE", defaultValue = "runs/leaderboard.csv",
            description = "Cross-run leaderboard (CSV) the run's rows are appended to"
                    + " (default: ${DEFAULT-VALUE}).")
    Path leaderboard;

    @Option(names = "--no-recognition",
            description = "Skip unknown-task recognition (by default the final distilled model recognizes a"
                    + " stream of validation frames mixed with generated non-street scenes).")
    boolean noRecognition;

    @Option(names = "--recognize-placeholder",
            description = "Also train and run the learned PROSER recognizer (about half a minute more).")
    boolean recognizePlaceholder;

    @Option(names = "--no-progress", description = "No progress bars (e.g. in logs).")
    boolean noProgress;

    @Mixin VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        training.validate(SeedPipeline.CONCURRENT_TRAININGS);
        if (noRecognition && recognizePlaceholder) {
            throw new UsageException("--no-recognition and --recognize-placeholder exclude each other");
        }
        boolean synthetic = data.isSynthetic();
        Path out = output != null ? pipelineOutput(output)
                : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Path board = CliValues.outputFile(leaderboard, "--leaderboard");
        Path root = data.resolveRoot();
        CityscapesTaskData taskData = CityscapesTaskData.builder()
                .setRoot(root)
                .optTransform(training.settings(synthetic))
                .build();
        int epochs = training.epochs(synthetic);
        SeedPipeline.Builder pb = SeedPipeline.builder()
                .setData(taskData, data.name())
                .optEpochs(epochs)
                .optBatchSize(training.batchSize(synthetic))
                .optSeed(training.seed)
                .optDevice(training.device())
                .optCheckpoints(out.resolve("checkpoints"), training.saveFrequency)
                .optDistillation(training.temperature, training.lambdaGs)
                .optDistillationFromPrevious(training.distillFromPrevious(synthetic))
                .optOptimizer(training.optimizer(synthetic))
                .optIncrementalOptimizer(training.incrementalOptimizer(synthetic));
        if (!noRecognition) {
            pb.optUnknownTaskRecognition(out.resolve("recognition"), recognizePlaceholder);
        }
        if (!noProgress) {
            pb.addListenerPerTraining(new ConcurrentProgress()::track);
        }
        RunResults results = pb.build().run();
        // the Cityscapes protocol (real or synthetic Cityscapes): the paper's numbers for context
        List<Path> written = new ArrayList<>(ReportFiles.writeAll(results, out,
                HtmlReport.builder().optReference(ReferenceResults.paperCityscapes()).build()));
        List<LeaderboardEntry> entries = new ArrayList<>();
        for (MethodResult m : results.methods()) {
            entries.add(LeaderboardEntry.forMethod(results, m)
                    .optModules(Map.of("basemodel", "ERFNet", "dataset", data.name()))
                    .addHyperparameter("basemodel", "epochs", String.valueOf(epochs))
                    .addHyperparameter("basemodel", "batch_size", String.valueOf(training.batchSize(synthetic)))
                    .addHyperparameter("basemodel", "seed", String.valueOf(training.seed))
                    .addHyperparameter("basemodel", "learning_rate", String.valueOf(training.learningRate(synthetic)))
                    .addHyperparameter("basemodel", "incremental_learning_rate",
                            String.valueOf(training.incrementalLearningRate(synthetic)))
                    .optUrl(out.toAbsolutePath().toString())
                    .build());
        }
        LeaderboardCsv.of(board).sortedBy("accuracy", LeaderboardCsv.Order.DESCENDING).append(entries);
        written.add(board);
        System.out.println();
        System.out.println(TableRenderer.console(results));
        String classes = TableRenderer.classConsole(results);
        if (!classes.isEmpty()) {
            System.out.println();
            System.out.println("IoU per class of the final models:");
            System.out.println(classes);
        }
        System.out.println();
        for (Path p : written) {
            System.out.println("wrote " + p);
        }
        System.out.println("report: " + out.resolve(ReportFiles.HTML).toAbsolutePath());
        return 0;
    }

    /**
     * The --output folder: new, empty, or an earlier pipeline output (holding {@code results.json}
     * or the {@code checkpoints} of an interrupted run); any other folder is refused.
     */
    static Path pipelineOutput(Path dir) throws IOException {
        CliValues.outputFolder(dir, "--output");
        if (!Files.isDirectory(dir) || Files.exists(dir.resolve(ReportFiles.JSON))
                || Files.isDirectory(dir.resolve("checkpoints"))) {
            return dir;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new UsageException("--output " + dir + ": not empty and not an earlier pipeline"
                        + " output (no " + ReportFiles.JSON + "); choose a new or empty folder");
            }
        }
        return dir;
    }
}
