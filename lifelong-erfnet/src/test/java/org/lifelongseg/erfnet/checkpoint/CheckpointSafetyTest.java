package org.lifelongseg.erfnet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malicious pickles are refused, whatever the container, before anything runs. */
class CheckpointSafetyTest {

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

    /** Attack payloads: (offending global, pickle body that evaluates to the top-level object). */
    static Stream<Arguments> payloads() {
        Path marker = Path.of(System.getProperty("java.io.tmpdir"), "lifelong-pwned-marker");
        Function<PickleBytes, PickleBytes> osSystem = p -> p.global("os", "system")
                .mark().str("touch " + marker).tuple().reduce();
        Function<PickleBytes, PickleBytes> eval = p -> p.global("builtins", "eval")
                .mark().str("__import__('os').system('touch " + marker + "')").tuple().reduce();
        Function<PickleBytes, PickleBytes> getattr = p -> p.global("__builtin__", "getattr")
                .mark().global("os", "path").str("exists").tuple().reduce();
        Function<PickleBytes, PickleBytes> stackGlobal = p -> p.stackGlobal("subprocess", "check_output")
                .mark().str("id").tuple().reduce();
        Function<PickleBytes, PickleBytes> inst = p -> p.mark().str("touch " + marker)
                .op('i').raw("os\nsystem\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // hidden inside an otherwise valid state dict, as the value of a key
        Function<PickleBytes, PickleBytes> nested = p -> p.orderedDict().mark()
                .str("w").tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1})
                .str("x").global("os", "system").mark().str("touch " + marker).tuple().reduce()
                .setItems();
        // torch-looking but not a rebuild function
        Function<PickleBytes, PickleBytes> torchLoad = p -> p.global("torch", "load")
                .mark().str("/etc/passwd").tuple().reduce();
        return Stream.of(
                Arguments.of("os.system", osSystem),
                Arguments.of("builtins.eval", eval),
                Arguments.of("__builtin__.getattr", getattr),
                Arguments.of("subprocess.check_output", stackGlobal),
                Arguments.of("os.system", inst),
                Arguments.of("os.system", nested),
                Arguments.of("torch.load", torchLoad));
    }

    private static Path marker() {
        return Path.of(System.getProperty("java.io.tmpdir"), "lifelong-pwned-marker");
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void zipCheckpointWithForbiddenGlobalIsRefused(String global, Function<PickleBytes, PickleBytes> body)
            throws Exception {
        Files.deleteIfExists(marker());
        byte[] pkl = body.apply(PickleBytes.proto(global.startsWith("subprocess") ? 4 : 2)).stop().bytes();
        Path f = CheckpointFiles.zip(tmp.resolve("evil.pth"), pkl, Map.of("0", CheckpointFiles.floats(1f)), "little");
        UnsafeCheckpointException e =
                assertThrows(UnsafeCheckpointException.class, () -> PyTorchCheckpoints.read(f, manager));
        assertEquals(global, e.globalName());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'" + global + "'"), e.getMessage());
        assertEquals(f, e.file());
        assertFalse(Files.exists(marker()), "payload ran");
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void legacyCheckpointWithForbiddenGlobalIsRefused(String global, Function<PickleBytes, PickleBytes> body)
            throws Exception {
        Files.deleteIfExists(marker());
        byte[] main = body.apply(PickleBytes.proto(global.startsWith("subprocess") ? 4 : 2)).stop().bytes();
        Path f = CheckpointFiles.legacy(tmp.resolve("evil.pth.tar"), main, List.of(), Map.of(), 4);
        UnsafeCheckpointException e =
                assertThrows(UnsafeCheckpointException.class, () -> PyTorchCheckpoints.read(f, manager));
        assertEquals(global, e.globalName());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertFalse(Files.exists(marker()), "payload ran");
    }

    @Test
    void forbiddenGlobalInTheSysInfoPickleIsRefused() throws Exception {
        // the legacy header pickles are read with the same allowlist
        byte[] header = CheckpointFiles.legacyHeader();
        byte[] evil = PickleBytes.proto(2).global("os", "system").mark().str("true").tuple().reduce().stop().bytes();
        byte[] magicAndProto = java.util.Arrays.copyOf(header, indexOfSysInfo(header));
        Path f = tmp.resolve("evil-sysinfo.pth");
        Files.write(f, concat(magicAndProto, evil));
        UnsafeCheckpointException e =
                assertThrows(UnsafeCheckpointException.class, () -> PyTorchCheckpoints.read(f, manager));
        assertEquals("os.system", e.globalName());
    }

    @Test
    void setStateOnNonDictIsRefused() throws Exception {
        // BUILD would call __setstate__ through reflection in razorvine's default unpickler
        byte[] pkl = PickleBytes.proto(2).emptyDict().mark().str("a").str("b").setItems()
                .op(']').op('b').stop().bytes();
        Path f = CheckpointFiles.zip(tmp.resolve("build.pth"), pkl, Map.of(), "little");
        CheckpointFormatException e =
                assertThrows(CheckpointFormatException.class, () -> PyTorchCheckpoints.read(f, manager));
        assertTrue(e.getMessage().contains("BUILD"), e.getMessage());
    }

    @Test
    void allowlistDoesNotLeakIntoRazorvineGlobalRegistry() throws Exception {
        // reading a checkpoint must not register torch constructors process-wide
        Path f = CheckpointFiles.zip(tmp.resolve("ok.pth"), PickleBytes.proto(2).orderedDict().mark()
                .str("w").tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1}).setItems().stop().bytes(),
                Map.of("0", CheckpointFiles.floats(3f)), "little");
        PyTorchCheckpoints.read(f, manager).close();
        Object o = new net.razorvine.pickle.Unpickler().loads(PickleBytes.proto(2)
                .global("torch._utils", "_rebuild_tensor_v2").stop().bytes());
        assertFalse(o instanceof SafeUnpickler.Global);
    }

    private static int indexOfSysInfo(byte[] header) {
        // the third pickle starts after the second STOP
        int stops = 0;
        for (int i = 0; i < header.length; i++) {
            if (header[i] == '.' && ++stops == 2) {
                return i + 1;
            }
        }
        throw new AssertionError();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
