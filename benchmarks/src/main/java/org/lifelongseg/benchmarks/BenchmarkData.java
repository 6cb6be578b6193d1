package org.lifelongseg.benchmarks;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.lifelongseg.core.util.EnvironmentVariables;
import org.lifelongseg.erfnet.checkpoint.NpzStateDictReader;
import org.lifelongseg.erfnet.checkpoint.StateDict;
import org.lifelongseg.erfnet.checkpoint.StateDictLoader;
import org.lifelongseg.erfnet.model.ErfNet;

/**
 * Locates the shared benchmark data ({@code ../shared} beside the checkout) and builds the
 * networks the benchmarks run.
 *
 * <pre>{@code
 * Path frame = BenchmarkData.require("data/cityscapes-mini/leftImg8bit/train/aachen/...");
 * ErfNet net = BenchmarkData.erfNet(20, BenchmarkData.RANDOM_WEIGHTS, manager);
 * }</pre>
 *
 * <p>The location is the environment variable {@code LIFELONG_TEST_DATA} if set and not empty,
 * else the system property {@code lifelong.testData}, else {@code ../shared} relative to the
 * working directory.
 */
public final class BenchmarkData {

    /** The fixed-random-weight ERFNet (20 classes) of the architecture parity tests. */
    public static final String RANDOM_WEIGHTS = "reference/erfnet-random/erfnet20_seed0_state_dict.npz";
    /** The ERFNet trained on the 8 real frames (20 classes). */
    public static final String TRAINED_WEIGHTS =
            "reference/erfnet-trained/erfnet20_selftrained_8frames_state_dict.npz";
    /** The real 2048x1024 frame the data pipeline and confusion-matrix benchmarks read. */
    public static final String FRAME = "aachen_000000_000019";

    private BenchmarkData() {}

    /** The root of the shared data, whether or not it exists. */
    public static Path root() {
        Optional<String> env = EnvironmentVariables.get("LIFELONG_TEST_DATA");
        if (env.isPresent()) {
            return Path.of(env.get()).toAbsolutePath().normalize();
        }
        String prop = System.getProperty("lifelong.testData");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        return Path.of("..", "shared").toAbsolutePath().normalize();
    }

    /**
     * Returns {@code root()/relative}.
     *
     * @throws IllegalStateException naming the path and how to provide it when it is absent
     */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException(
                    "benchmark data not found: " + p + " (put ../shared beside the checkout, set"
                            + " LIFELONG_TEST_DATA or -Dlifelong.testData)");
        }
        return p;
    }

    /** The RGB image of the real frame. */
    public static Path frameImage() {
        return require("data/cityscapes-mini/leftImg8bit/train/aachen/" + FRAME + "_leftImg8bit.png");
    }

    /** The labelIds ground truth of the real frame. */
    public static Path frameLabels() {
        return require("data/cityscapes-mini/gtFine/train/aachen/" + FRAME + "_gtFine_labelIds.png");
    }

    /**
     * An ERFNet without the encoder's unused output conv, initialized in {@code manager} and loaded
     * leniently from a 20-class numpy state dict: with 20 classes every parameter is loaded, with
     * fewer the head keeps its random initialization (its size, not its values, matters here).
     */
    public static ErfNet erfNet(int numClasses, String weights, NDManager manager) throws IOException {
        ErfNet net = ErfNet.builder().setNumClasses(numClasses).build();
        net.initializeParameters(manager);
        try (StateDict sd = NpzStateDictReader.read(require(weights), manager)) {
            StateDictLoader.lenient().load(sd, net.stateDictParameters());
        }
        return net;
    }

    /** Parses {@code "NxHxW"} (e.g. {@code 1x512x1024}) into the image shape {@code (N, 3, H, W)}. */
    public static Shape imageShape(String spec) {
        String[] p = spec.split("x");
        if (p.length != 3) {
            throw new IllegalArgumentException("shape must be NxHxW, e.g. 1x512x1024, got " + spec);
        }
        return new Shape(Long.parseLong(p[0]), 3, Long.parseLong(p[1]), Long.parseLong(p[2]));
    }
}
