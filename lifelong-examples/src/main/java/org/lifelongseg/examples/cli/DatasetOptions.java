package org.lifelongseg.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.lifelongseg.cityscapes.synthetic.SyntheticStreetScenes;
import org.lifelongseg.cityscapes.train.CityscapesTaskData;
import org.lifelongseg.core.checkpoint.AtomicFiles;
import org.lifelongseg.core.data.FileTaskData;
import org.lifelongseg.core.data.folder.FolderLayout;
import org.lifelongseg.core.data.folder.FolderTaskData;
import org.lifelongseg.core.data.transform.TransformSettings;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.task.TaskSequenceJson;
import org.lifelongseg.core.util.EnvironmentVariables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The dataset options every command shares: {@code --dataset synthetic} (the embedded street-scene
 * generator, the default), {@code --dataset-root DIR} (a Cityscapes tree; env {@code
 * CITYSCAPES_DATASET} when not given, an empty value meaning unset) or {@code --dataset folder
 * --dataset-root DIR} (your own labelled images, see {@link FolderLayout}); {@code --tasks FILE}
 * names the task split (required with a folder dataset, the Cityscapes protocol otherwise); {@code
 * --ignore-index N} and {@code --val-split NAME} apply to a folder dataset only.
 */
final class DatasetOptions {

    /** The {@code --dataset} value of a folder dataset. */
    static final String FOLDER = "folder";

    /** The environment variable naming the Cityscapes root when {@code --dataset-root} is absent. */
    static final String ENV = "CITYSCAPES_DATASET";

    private static final Logger LOG = LoggerFactory.getLogger(DatasetOptions.class);

    /** Frame size of the embedded synthetic dataset. */
    static final int SYNTHETIC_WIDTH = 256;

    static final int SYNTHETIC_HEIGHT = 128;

    /**
     * The network's input size on the synthetic dataset: half the frame, as the reference runs
     * ERFNet at 1024x512 on Cityscapes' 2048x1024 frames; labels are scored at the frame size.
     */
    static final int SYNTHETIC_NETWORK_WIDTH = SYNTHETIC_WIDTH / 2;

    static final int SYNTHETIC_NETWORK_HEIGHT = SYNTHETIC_HEIGHT / 2;

    @Option(names = "--dataset", paramLabel = "synthetic|cityscapes|folder",
            description = "synthetic = the embedded street-scene generator (default unless"
                    + " --dataset-root is given); cityscapes = a Cityscapes tree (--dataset-root or"
                    + " env CITYSCAPES_DATASET); folder = your own labelled images in --dataset-root"
                    + " (classes.txt, images/<split>/, labels/<split>/) with --tasks FILE.")
    String dataset;

    @Option(names = "--dataset-root", paramLabel = "DIR",
            description = "Cityscapes root (leftImg8bit/, gtFine/) or, with --dataset folder, the folder"
                    + " dataset (classes.txt, images/train/, labels/train/, images/val/, labels/val/).")
    Path datasetRoot;

    @Option(names = "--tasks", paramLabel = "FILE",
            description = "The task split: which classes arrive in which step and which images each step"
                    + " trains on, as lifelong-task-sequence/1 JSON (required with --dataset folder;"
                    + " default: the Cityscapes protocol).")
    Path tasksFile;

    @Option(names = "--ignore-index", paramLabel = "N",
            description = "With --dataset folder: the label value of unlabelled (void) pixels, 0..255 and"
                    + " no class's (default: 255).")
    Integer ignoreIndex;

    @Option(names = "--val-split", paramLabel = "NAME",
            description = "With --dataset folder: the split models are evaluated on, images/NAME/ and"
                    + " labels/NAME/ (default: val).")
    String valSplit;

    @Option(names = "--synthetic-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Where the synthetic dataset is generated on first use (default: ${DEFAULT-VALUE}).")
    Path syntheticDir;

    @Option(names = "--synthetic-seed", paramLabel = "N", defaultValue = "7",
            description = "Seed of the synthetic dataset (default: ${DEFAULT-VALUE}).")
    long syntheticSeed;

    @Option(names = "--synthetic-frames", paramLabel = "N",
            defaultValue = "" + PipelineDefaults.SYNTHETIC_FRAMES_PER_CITY,
            description = "Synthetic training frames per city on average, shared in the cities'"
                    + " Cityscapes proportions (validation: 10 per city, at most N); default: ${DEFAULT-VALUE}.")
    int syntheticFrames;

    private final EnvironmentVariables environment;

    DatasetOptions() {
        this(EnvironmentVariables.system());
    }

    /** Options that read {@value #ENV} from {@code environment}. */
    DatasetOptions(EnvironmentVariables environment) {
        this.environment = environment;
    }

    /** Whether the run uses the embedded synthetic dataset. */
    boolean isSynthetic() {
        if (dataset == null) {
            return datasetRoot == null && environment.value(ENV).isEmpty();
        }
        switch (dataset) {
            case "synthetic":
                if (datasetRoot != null) {
                    throw new UsageException("--dataset synthetic and --dataset-root exclude each other");
                }
                return true;
            case "cityscapes", FOLDER:
                return false;
            default:
                throw new UsageException("--dataset must be synthetic, cityscapes or folder, not '" + dataset + "'");
        }
    }

    /** Whether the run uses a folder dataset (your own images). */
    boolean isFolder() {
        return !isSynthetic() && FOLDER.equals(dataset);
    }

    /**
     * Whether the run takes the small-data defaults (epochs, batch size, learning rate, distillation
     * student; see {@link PipelineDefaults}): on the synthetic dataset and on a folder dataset, where
     * ERFNet trains from scratch on few images; not on Cityscapes (the reference's recipe).
     */
    boolean smallDataDefaults() {
        return isSynthetic() || isFolder();
    }

    /**
     * A short name of the dataset for results: "synthetic", "cityscapes", or the folder dataset's
     * folder name.
     */
    String name() {
        if (isFolder()) {
            Path name = datasetRoot.toAbsolutePath().normalize().getFileName();
            return name == null ? FOLDER : name.toString();
        }
        return isSynthetic() ? "synthetic" : "cityscapes";
    }

    /**
     * The task split of the run: {@code --tasks FILE}, else {@code protocol} (not for a folder
     * dataset, which has no protocol of its own).
     */
    TaskSequence tasks(TaskSequence protocol) {
        if (tasksFile == null) {
            if (isFolder()) {
                throw new UsageException("--dataset folder needs --tasks FILE: the task split"
                        + " (lifelong-task-sequence/1 JSON; see the README's \"Your own dataset\")");
            }
            return protocol;
        }
        CliValues.file(tasksFile, "--tasks", "a task split (JSON)");
        try {
            return TaskSequenceJson.read(tasksFile);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tasks " + e.getMessage()); // names the file
        } catch (IllegalStateException e) {
            throw new UsageException("--tasks " + tasksFile + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UsageException("--tasks " + tasksFile + ": cannot be read: " + e.getMessage());
        }
    }

    /** Whether the run follows the Cityscapes protocol (a Cityscapes tree, no --tasks). */
    boolean isCityscapesProtocol() {
        return !isFolder() && tasksFile == null;
    }

    /**
     * The run's data: a Cityscapes tree (real or synthetic, generated first if needed) with the
     * training options' transform, or a folder dataset (every image resized to --width x
     * --height) checked against the task split before anything trains, every problem a usage
     * error naming the file, value, class or task.
     *
     * @param validate whether training validates (else no validation data)
     */
    FileTaskData<?> taskData(TrainingOptions training, TaskSequence tasks, boolean validate) throws IOException {
        if (!isFolder()) {
            CityscapesTaskData.Builder b = CityscapesTaskData.builder()
                    .setRoot(resolveRoot())
                    .optTransform(training.settings(isSynthetic()));
            if (!validate) {
                b.optNoValidation();
            }
            return b.build();
        }
        TransformSettings settings = training.folderSettings();
        FolderTaskData.Builder b = folderData().optTransform(settings);
        if (!validate) {
            b.optNoValidation();
        }
        return folder(() -> {
            FolderTaskData data = b.build();
            data.check(tasks);
            return data;
        });
    }

    /**
     * A builder of the folder dataset's data: {@code --dataset-root}, {@code --ignore-index} and
     * {@code --val-split} set.
     */
    FolderTaskData.Builder folderData() throws IOException {
        FolderTaskData.Builder b = FolderTaskData.builder().setRoot(resolveRoot());
        if (ignoreIndex != null) {
            b.optIgnoreIndex(ignoreIndex);
        }
        return valSplit == null ? b : b.optEvaluationSplit(valSplit);
    }

    /** Reads or checks a folder dataset, its bad input (naming the file, value or class) a usage error. */
    static <T> T folder(Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The dataset root, generating the synthetic dataset first if it is not there yet. */
    Path resolveRoot() throws IOException {
        if (!isFolder() && (ignoreIndex != null || valSplit != null)) {
            throw new UsageException((ignoreIndex != null ? "--ignore-index" : "--val-split")
                    + " applies to --dataset folder only");
        }
        if (isFolder()) {
            if (datasetRoot == null) {
                throw new UsageException("--dataset folder needs --dataset-root DIR");
            }
            return CliValues.folder(datasetRoot, "--dataset-root");
        }
        if (isSynthetic()) {
            CliValues.atLeast(syntheticFrames, 1, "--synthetic-frames");
            CliValues.outputFolder(syntheticDir, "--synthetic-dir");
            String frames = syntheticFrames == PipelineDefaults.SYNTHETIC_FRAMES_PER_CITY ? ""
                    : "-frames" + syntheticFrames;
            return ensureSynthetic(syntheticDir.resolve("synthetic-" + SYNTHETIC_WIDTH + "x" + SYNTHETIC_HEIGHT
                    + "-seed" + syntheticSeed + frames), syntheticSeed, syntheticFrames);
        }
        if (datasetRoot != null) {
            return CliValues.cityscapesRoot(datasetRoot, "--dataset-root " + datasetRoot);
        }
        String env = environment.value(ENV).orElseThrow(() -> new UsageException(
                "--dataset cityscapes needs --dataset-root DIR or env " + ENV));
        return CliValues.cityscapesRoot(Path.of(env), "env " + ENV + "=" + env);
    }

    /**
     * Writes the synthetic dataset into {@code root} unless a complete one of the same renderer and
     * settings (marker file) is already there; a stale or incomplete one is replaced as a whole.
     * Train frames are shared among the cities in Cityscapes' proportions ({@code framesPerCity}
     * per city on average), so the three tasks hold about as many each.
     */
    static Path ensureSynthetic(Path root, long seed, int framesPerCity) throws IOException {
        Path marker = root.resolve("synthetic.json");
        String config = "{\"generator\": \"SyntheticStreetScenes\", \"rendererVersion\": "
                + SyntheticStreetScenes.RENDERER_VERSION + ", \"seed\": " + seed + ", \"width\": "
                + SYNTHETIC_WIDTH + ", \"height\": " + SYNTHETIC_HEIGHT + ", \"framesPerCity\": "
                + framesPerCity + ", \"trainFrames\": \"cityscapes proportions\"}";
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(config)) {
            return root;
        }
        LOG.info("Generating the synthetic street-scene dataset in {} ...", root);
        long t0 = System.nanoTime();
        SyntheticStreetScenes generator = SyntheticStreetScenes.builder()
                .optSeed(seed)
                .optSize(SYNTHETIC_WIDTH, SYNTHETIC_HEIGHT)
                .optFramesPerCity(framesPerCity, Math.min(10, framesPerCity))
                .optCityscapesProportions()
                .build();
        int[] frames = new int[1];
        // the whole folder at once: no frame of a stale or interrupted generation stays behind
        AtomicFiles.writeDirectory(root, dir -> {
            frames[0] = generator.writeTo(dir);
            Files.writeString(dir.resolve(marker.getFileName().toString()), config);
        });
        LOG.info("{} frames written in {} s", frames[0], String.format("%.1f", (System.nanoTime() - t0) / 1e9));
        return root;
    }
}
