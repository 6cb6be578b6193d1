package org.lifelongseg.erfnet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lifelongseg.core.testing.SharedTestData;

/** Bad input gets a clear exception naming the file and what is wrong. */
class BadCheckpointsTest {

    private static NDManager manager;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static Path truncatedCopy(Path src, Path dst, long keep) throws IOException {
        try (InputStream in = Files.newInputStream(src); OutputStream out = Files.newOutputStream(dst)) {
            out.write(in.readNBytes((int) keep));
        }
        return dst;
    }

    private CheckpointFormatException assertFails(Path f, String... fragments) {
        CheckpointFormatException e =
                assertThrows(CheckpointFormatException.class, () -> PyTorchCheckpoints.read(f, manager));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        for (String s : fragments) {
            assertTrue(e.getMessage().contains(s), "'" + s + "' not in: " + e.getMessage());
        }
        return e;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.999, 0.5, 0.01})
    void truncatedZipCheckpointFails(double fraction) throws Exception {
        Path src = SharedTestData.require("reference/erfnet-random/erfnet20_seed0_state_dict.pth");
        Path f = truncatedCopy(src, tmp.resolve("cut.pth"), (long) (Files.size(src) * fraction));
        assertFails(f, "truncated");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.999, 0.5, 0.003, 0.0001})
    void truncatedLegacyCheckpointFails(double fraction) throws Exception {
        Path src = SharedTestData.require("reference/erfnet-random/erfnet20_seed0_dataparallel_legacy.pth");
        Path f = truncatedCopy(src, tmp.resolve("cut.pth.tar"), (long) (Files.size(src) * fraction));
        assertFails(f, "truncated");
    }

    @Test
    void truncatedSafetensorsFails() throws Exception {
        Path src = SharedTestData.require("reference/erfnet-random/erfnet20_seed0_state_dict.pth");
        Path st = tmp.resolve("full.safetensors");
        try (StateDict sd = PyTorchCheckpoints.read(src, manager)) {
            SafetensorsWriter.write(sd, st);
        }
        assertFails(truncatedCopy(st, tmp.resolve("cut.safetensors"), Files.size(st) - 1), "truncated");
        assertFails(truncatedCopy(st, tmp.resolve("cut2.safetensors"), 100), "truncated");
    }

    @Test
    void notACheckpointFails() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.pth"), "just some text, not a checkpoint\n");
        assertFails(text, "not a checkpoint");
        Path empty = Files.write(tmp.resolve("empty.pth"), new byte[0]);
        assertFails(empty, "not a checkpoint");
        Path png = SharedTestData.require("reference/erfnet-random/aachen_000000_000019_1024x512_PILbilinear.png");
        assertFails(png, "not a checkpoint");
        Path zip = CheckpointFiles.zipEntries(tmp.resolve("other.zip"),
                Map.of("readme.txt", "hello".getBytes(StandardCharsets.UTF_8)));
        assertFails(zip, "not a checkpoint");
        // a pickle that is not a torch.save stream
        Path pickle = Files.write(tmp.resolve("plain.pkl"), PickleBytes.proto(2).str("hello").stop().bytes());
        assertFails(pickle, "not a PyTorch checkpoint");
    }

    @Test
    void stateDictWithoutTensorsFails() throws Exception {
        byte[] pkl = PickleBytes.proto(2).emptyDict().mark().str("epoch").integer(3).setItems().stop().bytes();
        Path f = CheckpointFiles.zip(tmp.resolve("notensors.pth"), pkl, Map.of(), "little");
        assertFails(f, "no tensors found", "epoch");
        byte[] list = PickleBytes.proto(2).op(']').stop().bytes();
        assertFails(CheckpointFiles.zip(tmp.resolve("list.pth"), list, Map.of(), "little"), "not a state dict");
    }

    @Test
    void unknownStorageTypeFails() throws Exception {
        byte[] pkl = PickleBytes.proto(2).orderedDict().mark()
                .str("w").tensor("FancyStorage", "0", 1, 0, new long[] {1}, new long[] {1}).setItems().stop().bytes();
        Path f = CheckpointFiles.zip(tmp.resolve("unknown.pth"), pkl, Map.of("0", new byte[4]), "little");
        assertFails(f, "unknown storage type torch.FancyStorage");
    }

    @Test
    void unsupportedDtypeFails() throws Exception {
        byte[] pkl = PickleBytes.proto(2).orderedDict().mark()
                .str("w").tensor("ComplexFloatStorage", "0", 1, 0, new long[] {1}, new long[] {1}).setItems().stop().bytes();
        Path f = CheckpointFiles.zip(tmp.resolve("complex.pth"), pkl, Map.of("0", new byte[8]), "little");
        assertFails(f, "unsupported dtype", "torch.ComplexFloatStorage");
        Path legacy = CheckpointFiles.legacy(tmp.resolve("complex.pth.tar"), PickleBytes.proto(2).orderedDict().mark()
                .str("w").legacyTensor("ComplexDoubleStorage", "0", 1, null, 0, new long[] {1}, new long[] {1})
                .setItems().stop().bytes(), List.of("0"), Map.of("0", new byte[16]), 16);
        assertFails(legacy, "unsupported dtype", "torch.ComplexDoubleStorage");
    }

    @Test
    void viewOutsideItsStorageFails() throws Exception {
        byte[] pkl = PickleBytes.proto(2).orderedDict().mark()
                .str("w").tensor("FloatStorage", "0", 4, 2, new long[] {2, 2}, new long[] {2, 1}).setItems().stop().bytes();
        Path f = CheckpointFiles.zip(tmp.resolve("outside.pth"), pkl, Map.of("0", CheckpointFiles.floats(1, 2, 3, 4)), "little");
        assertFails(f, "tensor 'w'", "reaches element 5 of a storage of 4 elements");
    }

    @Test
    void missingOrShortStorageRecordFails() throws Exception {
        byte[] pkl = PickleBytes.proto(2).orderedDict().mark()
                .str("w").tensor("FloatStorage", "7", 4, 0, new long[] {4}, new long[] {1}).setItems().stop().bytes();
        assertFails(CheckpointFiles.zip(tmp.resolve("missing.pth"), pkl, Map.of(), "little"),
                "missing storage record archive/data/7");
        assertFails(CheckpointFiles.zip(tmp.resolve("short.pth"), pkl, Map.of("7", new byte[8]), "little"),
                "archive/data/7 has 8 bytes", "declares 4 float32 elements");
    }

    @Test
    void torchScriptIsNotAStateDict() throws Exception {
        Path f = SharedTestData.require("reference/erfnet-random/erfnet20_seed0_traced.pt");
        assertEquals(CheckpointFormat.TORCHSCRIPT, PyTorchCheckpoints.detect(f));
        assertFails(f, "TorchScript", "TorchScriptModels.load");
    }
}
