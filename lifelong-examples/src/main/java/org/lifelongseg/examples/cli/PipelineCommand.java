package org.lifelongseg.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.lifelongseg.cityscapes.data.CityscapesProtocol;
import org.lifelongseg.cityscapes.synthetic.OutOfDomainScenes;
import org.lifelongseg.core.data.FileTaskData;
import org.lifelongseg.core.data.folder.FolderLayout;
import org.lifelongseg.core.data.folder.FolderTaskData;
import org.lifelongseg.core.data.transform.TransformSettings;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.pipeline.LifelongPipeline;
import org.lifelongseg.core.pipeline.UnknownTaskRecognition;
import org.lifelongseg.core.report.HtmlReport;
import org.lifelongseg.core.report.LeaderboardCsv;
import org.lifelongseg.core.report.LeaderboardEntry;
import org.lifelongseg.core.report.MethodResult;
import org.lifelongseg.core.report.ReferenceResults;
import org.lifelongseg.core.report.ReportFiles;
import org.lifelongseg.core.report.RunResults;
import org.lifelongseg.core.report.TableRenderer;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.train.listen.ConcurrentProgress;
import org.lifelongseg.core.train.strategy.Strategies;
import org.lifelongseg.erfnet.recognize.ProserRecognizer;
import org.lifelongseg.erfnet.train.KlingnerDistillation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lifelong pipeline}: the main job, the seed's whole lifelong-learning workflow: lifelong-core's
 * {@link LifelongPipeline} on the Cityscapes protocol with ERFNet, fine-tuning and distillation; with
 * {@code --tasks FILE} on any task split, of Cityscapes or of a folder dataset ({@code --dataset
 * folder}).
 */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description = "The seed's workflow end to end: stage 1 static, tasks 2 and 3 by fine-tuning and"
                + " by distillation, the joint baseline; evaluation on tasks 1, 2, 1∪2, 3, 1∪2∪3;"
                + " unknown-task recognition; writes results.json, report.html and the leaderboard."
                + " With --tasks FILE (and --dataset folder for your own images) the same for any task"
                + " split, evaluated per task, per union of tasks and on all.")
final class PipelineCommand implements Callable<Integer> {

    /** The compared methods' names in the results. */
    static final String FINETUNE = "finetune";

    static final String DISTILL = "distill";

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
        training.validate(LifelongPipeline.concurrentTrainings(2, true));
        if (noRecognition && recognizePlaceholder) {
            throw new UsageException("--no-recognition and --recognize-placeholder exclude each other");
        }
        Path out = output != null ? pipelineOutput(output)
                : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Path board = CliValues.outputFile(leaderboard, "--leaderboard");
        TaskSequence tasks = data.tasks(CityscapesProtocol.taskSequence());
        FileTaskData<?> taskData = data.taskData(training, tasks, true);
        Path root = taskData.root();
        int epochs = training.epochs(data);
        boolean fromPrevious = training.distillFromPrevious(data);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("temperature", String.valueOf(training.temperature));
        settings.put("lambdaGS", String.valueOf(training.lambdaGs));
        settings.put("distillationStudent", fromPrevious ? "from previous model" : "fresh");
        settings.put("transform", taskData.settings().toString());
        // the seed's run: stage 1, then fine-tuning (the lower bound) and distillation, and the joint baseline
        LifelongPipeline.Builder pb = LifelongPipeline.builder()
                .setData(taskData, data.name())
                .setTasks(tasks)
                .setModel(training.modelFactory(data))
                .addMethod(FINETUNE, Strategies.fineTuning())
                .addMethod(DISTILL, KlingnerDistillation.builder()
                        .optTemperature(training.temperature)
                        .optEntropyWeight(training.lambdaGs)
                        .optInitializeFromTeacher(fromPrevious)
                        .build())
                .optEpochs(epochs)
                .optBatchSize(training.batchSize(data))
                .optSeed(training.seed)
                .optDevice(training.device())
                .optCheckpoints(out.resolve("checkpoints"), training.saveFrequency)
                .optOptimizer(training.optimizer(data))
                .optIncrementalOptimizer(training.incrementalOptimizer(data))
                .optNewClassInitialization(training.newClassInitialization())
                .optColorMap(CliValues.colors(tasks.finalClassSpace().names(), taskData.classColors()))
                .optConfiguration(settings);
        if (!noRecognition) {
            FolderLayout layout = taskData instanceof FolderTaskData f ? f.layout() : null;
            pb.optUnknownTaskRecognition(recognition(root, layout, taskData.settings(),
                    taskData.evaluationSplit(), out.resolve("recognition")));
        }
        if (!noProgress) {
            pb.addListenerPerTraining(new ConcurrentProgress()::track);
        }
        RunResults results = pb.build().run();
        // the paper's numbers for context only on the Cityscapes protocol (real or synthetic Cityscapes)
        HtmlReport.Builder report = HtmlReport.builder();
        if (data.isCityscapesProtocol()) {
            report.optReference(ReferenceResults.paperCityscapes());
        }
        List<Path> written = new ArrayList<>(ReportFiles.writeAll(results, out, report.build()));
        List<LeaderboardEntry> entries = new ArrayList<>();
        for (MethodResult m : results.methods()) {
            entries.add(LeaderboardEntry.forMethod(results, m)
                    .optModules(Map.of("basemodel", "ERFNet", "dataset", data.name()))
                    .addHyperparameter("basemodel", "epochs", String.valueOf(epochs))
                    .addHyperparameter("basemodel", "batch_size", String.valueOf(training.batchSize(data)))
                    .addHyperparameter("basemodel", "seed", String.valueOf(training.seed))
                    .addHyperparameter("basemodel", "learning_rate", String.valueOf(training.learningRate(data)))
                    .addHyperparameter("basemodel", "incremental_learning_rate",
                            String.valueOf(training.incrementalLearningRate(data)))
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
     * Recognition with the final distilled model: the evaluation split's frames are the known images (half
     * calibrate, half join the stream), generated non-street and shifted-street scenes the unknown
     * ones ({@link OutOfDomainScenes}, a sixth as many of each kind, at least 2); with
     * --recognize-placeholder also PROSER, trained on the train frames split in two halves (its
     * mixup needs two known kinds).
     */
    private UnknownTaskRecognition recognition(Path root, FolderLayout folder, TransformSettings settings,
            String evaluationSplit, Path dir) {
        int width = settings.evalWidth();
        int height = settings.evalHeight();
        UnknownTaskRecognition.Builder r = UnknownTaskRecognition.builder()
                .setMethod(DISTILL)
                .setKnownImages(() -> frames(root, folder, evaluationSplit, width, height))
                .setUnknownImages(known -> unknownScenes(Math.max(2, known / 6), width, height))
                .setOutputDirectory(dir);
        if (recognizePlaceholder) {
            r.addScorer("placeholder", () -> {
                List<RgbImage> street = frames(root, folder, "train", width, height);
                List<RgbImage> a = new ArrayList<>();
                List<RgbImage> b = new ArrayList<>();
                for (int i = 0; i < street.size(); i++) {
                    (i % 2 == 0 ? a : b).add(street.get(i));
                }
                return ProserRecognizer.trainer().setClassNames(List.of("street_a", "street_b"))
                        .setTrainingImages(List.of(a, b)).optSteps(200).optSeed(training.seed).train();
            });
        }
        return r.build();
    }

    /**
     * {@code perKind} generated scenes of every kind at the network's input size. On the synthetic
     * dataset they are rendered at its frame size and scaled down as its frames are, so that the
     * known and the unknown images differ in what they show, not in how they were sampled.
     */
    private Map<String, List<RgbImage>> unknownScenes(int perKind, int width, int height) {
        int renderWidth = data.isSynthetic() ? DatasetOptions.SYNTHETIC_WIDTH : width;
        int renderHeight = data.isSynthetic() ? DatasetOptions.SYNTHETIC_HEIGHT : height;
        boolean scaled = renderWidth != width || renderHeight != height;
        Map<String, List<RgbImage>> scenes = new LinkedHashMap<>();
        OutOfDomainScenes.builder().optSeed(training.seed).optSize(renderWidth, renderHeight).build()
                .renderAll(perKind).forEach((kind, images) -> scenes.put(kind, !scaled ? images
                        : images.stream().map(i -> i.resizeBilinear(width, height)).toList()));
        return scenes;
    }

    /**
     * Every image of a split at the given size, in file order: of a folder dataset (its layout;
     * null for a Cityscapes-layout tree at {@code root}) or of a Cityscapes-layout tree.
     */
    private static List<RgbImage> frames(Path root, FolderLayout folder, String split, int width, int height)
            throws IOException {
        if (folder != null) {
            return folder.samples(split).stream()
                    .map(s -> ImageFiles.readRgb(s.image()).resizeBilinear(width, height))
                    .toList();
        }
        try (Stream<Path> files = Files.walk(root.resolve("leftImg8bit").resolve(split))) {
            return files.filter(f -> f.getFileName().toString().endsWith("_leftImg8bit.png")).sorted()
                    .map(f -> ImageFiles.readRgb(f).resizeBilinear(width, height))
                    .toList();
        }
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
