package org.lifelongseg.erfnet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.testing.SharedTestData;

/** Every real checkpoint in the shared reference data reads bitwise equal to its npz. */
@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class ReferenceCheckpointsTest {

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static Path random(String name) {
        return SharedTestData.require("reference/erfnet-random/" + name);
    }

    private static StateDict timedRead(Path file, NDManager m) throws Exception {
        PyTorchCheckpoints.read(file, m).close(); // warm-up (class loading, native init)
        long t0 = System.nanoTime();
        StateDict sd = PyTorchCheckpoints.read(file, m);
        System.out.printf("[load time] %s: %.1f ms (%d tensors)%n", file.getFileName(),
                (System.nanoTime() - t0) / 1e6, sd.size());
        return sd;
    }

    @Test
    void zipStateDictEqualsNpz() throws Exception {
        try (NDManager m = manager.newSubManager();
                StateDict sd = timedRead(random("erfnet20_seed0_state_dict.pth"), m)) {
            Map<String, NDArray> npz = Npz.read(random("erfnet20_seed0_state_dict.npz"), m);
            assertEquals(345, sd.size());
            assertEquals(new ArrayList<>(npz.keySet()), new ArrayList<>(sd.keys()), "keys in order");
            npz.forEach((k, v) -> Npz.assertBitwiseEqual(k, v, sd.get(k)));
            assertEquals(PyTorchCheckpoints.detect(random("erfnet20_seed0_state_dict.pth")), CheckpointFormat.PYTORCH_ZIP);
        }
    }

    @Test
    void legacyDataParallelEqualsNpzAfterStrippingModulePrefix() throws Exception {
        Path file = random("erfnet20_seed0_dataparallel_legacy.pth");
        assertEquals(CheckpointFormat.PYTORCH_LEGACY, PyTorchCheckpoints.detect(file));
        try (NDManager m = manager.newSubManager(); StateDict sd = timedRead(file, m)) {
            assertTrue(sd.keys().stream().allMatch(k -> k.startsWith("module.")));
            KeyMapping.stripDataParallel().applyTo(sd);
            Map<String, NDArray> npz = Npz.read(random("erfnet20_seed0_state_dict.npz"), m);
            assertEquals(new ArrayList<>(npz.keySet()), new ArrayList<>(sd.keys()));
            npz.forEach((k, v) -> Npz.assertBitwiseEqual(k, v, sd.get(k)));
        }
    }

    @Test
    void incrementalLayoutHoldsFirstElevenOutputChannels() throws Exception {
        try (NDManager m = manager.newSubManager();
                StateDict sd = timedRead(random("erfnet11_seed0_incremental_layout.pth"), m)) {
            Map<String, NDArray> npz = Npz.read(random("erfnet20_seed0_state_dict.npz"), m);
            assertFalse(sd.contains("encoder.output_conv.weight"));
            int compared = 0;
            for (String k : sd.keys()) {
                NDArray expected = npz.get(k);
                if (k.equals("decoder.output_conv.weight")) {
                    expected = expected.get(new NDIndex(":, 0:11"));
                } else if (k.equals("decoder.output_conv.bias")) {
                    expected = expected.get(new NDIndex("0:11"));
                }
                Npz.assertBitwiseEqual(k, expected, sd.get(k));
                compared++;
            }
            List<String> missing = new ArrayList<>(npz.keySet());
            missing.removeAll(sd.keys());
            assertEquals(List.of("encoder.output_conv.weight", "encoder.output_conv.bias"), missing);
            assertEquals(343, compared);
        }
    }

    @Test
    void imagenetEncoderLayoutMapsToEncoderKeys() throws Exception {
        Path file = random("erfnet_encoder_seed0_imagenet_layout.pth.tar");
        try (NDManager m = manager.newSubManager();
                StateDict sd = timedRead(file, m)) {
            assertTrue(sd.keys().stream().anyMatch(k -> k.startsWith("module.features.encoder.")));
            int before = sd.size();
            KeyMapping.imagenetEncoder().applyTo(sd);
            Map<String, NDArray> npz = Npz.read(random("erfnet20_seed0_state_dict.npz"), m);
            List<String> encoderKeys = new ArrayList<>();
            for (String k : npz.keySet()) {
                if (k.startsWith("encoder.") && sd.contains(k)) {
                    encoderKeys.add(k);
                }
            }
            assertTrue(sd.keys().stream().allMatch(k -> k.startsWith("encoder.")), sd.keys().toString());
            assertEquals(encoderKeys, new ArrayList<>(sd.keys()), "mapped keys, in npz order");
            for (String k : sd.keys()) {
                Npz.assertBitwiseEqual(k, npz.get(k), sd.get(k));
            }
            // every npz encoder key is present except the encoder's own 1x1 head, which the
            // ImageNet model does not have, and BatchNorm counters if the file predates them
            for (String k : npz.keySet()) {
                if (k.startsWith("encoder.") && !k.startsWith("encoder.output_conv.")
                        && !k.endsWith(".num_batches_tracked")) {
                    assertTrue(sd.contains(k), "missing " + k);
                }
            }
            assertEquals(List.of("module.classifier.fc.weight", "module.classifier.fc.bias"),
                    sd.skipped().entrySet().stream()
                            .filter(e -> e.getValue().equals("dropped by key mapping"))
                            .map(Map.Entry::getKey).toList());
            System.out.printf("imagenet layout: %d tensors, %d after mapping, dropped %s%n", before, sd.size(),
                    sd.skipped());
        }
    }

    @Test
    void trainedCheckpointEqualsNpz() throws Exception {
        Path dir = SharedTestData.require("reference/erfnet-trained");
        try (NDManager m = manager.newSubManager();
                StateDict sd = timedRead(dir.resolve("erfnet20_selftrained_8frames.pth"), m)) {
            Map<String, NDArray> npz = Npz.read(dir.resolve("erfnet20_selftrained_8frames_state_dict.npz"), m);
            assertEquals(new ArrayList<>(npz.keySet()), new ArrayList<>(sd.keys()));
            npz.forEach((k, v) -> Npz.assertBitwiseEqual(k, v, sd.get(k)));
        }
    }

    @Test
    void enetModelBestEqualsNpz() throws Exception {
        Path dir = SharedTestData.require("reference/enet-cityscapes");
        try (NDManager m = manager.newSubManager();
                StateDict sd = timedRead(dir.resolve("model_best.pth"), m)) {
            // saved from a DataParallel model on cuda:0; the npz has the plain names
            assertTrue(sd.keys().stream().allMatch(k -> k.startsWith("module.")));
            KeyMapping.stripDataParallel().applyTo(sd);
            Map<String, NDArray> npz = Npz.read(dir.resolve("enet20_state_dict.npz"), m);
            assertEquals(new ArrayList<>(npz.keySet()), new ArrayList<>(sd.keys()));
            npz.forEach((k, v) -> Npz.assertBitwiseEqual(k, v, sd.get(k)));
            System.out.printf("enet: %d tensors, skipped %s%n", sd.size(), sd.skipped());
        }
    }

    @Test
    void npzIsReadByTheEntryPoint() throws Exception {
        Path file = random("erfnet20_seed0_state_dict.npz");
        assertEquals(CheckpointFormat.NPZ, PyTorchCheckpoints.detect(file));
        try (NDManager m = manager.newSubManager(); StateDict sd = PyTorchCheckpoints.read(file, m)) {
            Map<String, NDArray> npz = Npz.read(file, m);
            assertEquals(new ArrayList<>(npz.keySet()), new ArrayList<>(sd.keys()));
            npz.forEach((k, v) -> Npz.assertBitwiseEqual(k, v, sd.get(k)));
        }
    }
}
