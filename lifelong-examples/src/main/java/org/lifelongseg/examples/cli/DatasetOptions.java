package org.lifelongseg.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lifelongseg.cityscapes.synthetic.SyntheticStreetScenes;
import org.lifelongseg.core.checkpoint.AtomicFiles;
import org.lifelongseg.core.util.EnvironmentVariables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The dataset options every command shares: {@code --dataset synthetic} (the embedded street-scene
 * generator, the default) or {@code --dataset-root DIR} (a Cityscapes tree; env {@code
 * CITYSCAPES_DATASET} when not given, an empty value meaning unset).
 */
final class DatasetOptions {

    /** The environment variable naming the Cityscapes root when {@code --dataset-root} is absent. */
    static final String ENV = "CITYSCAPES_DATASET";

    private static final Logger LOG = LoggerFactory.getLogger(DatasetOptions.class);

    /** Frame size of the embedded synthetic dataset. */
    static final int SYNTHETIC_WIDTH = 256;

    static final int SYNTHETIC_HEIGHT = 128;

    @Option(names = "--dataset", paramLabel = "synthetic|cityscapes",
            description = "synthetic = the embedded street-scene generator (default unless"
                    + " --dataset-root is given); cityscapes = a Cityscapes tree (--dataset-root or"
                    + " env CITYSCAPES_DATASET).")
    String dataset;

    @Option(names = "--dataset-root", paramLabel = "DIR",
            description = "Cityscapes root (leftImg8bit/, gtFine/).")
    Path datasetRoot;

    @Option(names = "--synthetic-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Where the synthetic dataset is generated on first use (default: ${DEFAULT-VALUE}).")
    Path syntheticDir;

    @Option(names = "--synthetic-seed", paramLabel = "N", defaultValue = "7",
            description = "Seed of the synthetic dataset (default: ${DEFAULT-VALUE}).")
    long syntheticSeed;

    @Option(names = "--synthetic-frames", paramLabel = "N", defaultValue = "12",
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
            case "cityscapes":
                return false;
            default:
                throw new UsageException("--dataset must be synthetic or cityscapes, not '" + dataset + "'");
        }
    }

    /** A short name of the dataset for results ("synthetic" or "cityscapes"). */
    String name() {
        return isSynthetic() ? "synthetic" : "cityscapes";
    }

    /** The dataset root, generating the synthetic dataset first if it is not there yet. */
    Path resolveRoot() throws IOException {
        if (isSynthetic()) {
            CliValues.atLeast(syntheticFrames, 1, "--synthetic-frames");
            CliValues.outputFolder(syntheticDir, "--synthetic-dir");
            return ensureSynthetic(syntheticDir.resolve("synthetic-" + SYNTHETIC_WIDTH + "x" + SYNTHETIC_HEIGHT
                    + "-seed" + syntheticSeed + (syntheticFrames == 12 ? "" : "-frames" + syntheticFrames)),
                    syntheticSeed, syntheticFrames);
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
