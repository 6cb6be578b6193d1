package org.lifelongseg.erfnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.lifelongseg.core.testing.SharedTestData;
import org.lifelongseg.erfnet.checkpoint.NpzStateDictReader;
import org.lifelongseg.erfnet.checkpoint.StateDict;
import org.lifelongseg.erfnet.checkpoint.StateDictLoader;

/** The reference ERFNet fixtures in the shared test data, and comparison helpers. */
final class ReferenceModels {

    static final String RANDOM = "reference/erfnet-random";
    static final String TRAINED = "reference/erfnet-trained";

    private ReferenceModels() {}

    /** The numpy state dict of a reference directory (skips the test when absent). */
    static Path stateDictNpz(String dir) {
        String file =
                dir.equals(RANDOM)
                        ? "erfnet20_seed0_state_dict.npz"
                        : "erfnet20_selftrained_8frames_state_dict.npz";
        return SharedTestData.require(dir + "/" + file);
    }

    static Path golden(String dir, String file) {
        return SharedTestData.require(dir + "/" + file);
    }

    /** A 20-class ERFNet with the encoder output conv, initialized and loaded strictly. */
    static ErfNet loadReference(String dir, NDManager manager) throws IOException {
        ErfNet net =
                ErfNet.builder().setNumClasses(20).optEncoderOutputConv(true).build();
        net.initializeParameters(manager);
        try (StateDict sd = NpzStateDictReader.read(stateDictNpz(dir), manager)) {
            StateDictLoader.strict().load(sd, net.stateDictParameters());
        }
        return net;
    }

    /** max |actual - expected| / max |expected|. */
    static double relativeMaxError(NDArray actual, NDArray expected) {
        double maxAbs = expected.abs().max().getFloat();
        double maxErr = actual.sub(expected).abs().max().getFloat();
        return maxErr / maxAbs;
    }
}
