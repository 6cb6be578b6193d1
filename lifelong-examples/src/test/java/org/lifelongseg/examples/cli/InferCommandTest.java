package org.lifelongseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.LabelMap;
import org.lifelongseg.core.testing.SharedTestData;
import org.lifelongseg.erfnet.checkpoint.NpzStateDictReader;
import org.lifelongseg.erfnet.checkpoint.StateDict;

/** {@code lifelong infer} end to end against PyTorch's argmax on a real 1024x512 frame. */
@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class InferCommandTest {

    @TempDir Path out;

    @ParameterizedTest
    @CsvSource({
        "reference/erfnet-random, erfnet20_seed0_state_dict.pth",
        "reference/erfnet-random, erfnet20_seed0_dataparallel_legacy.pth",
        "reference/erfnet-trained, erfnet20_selftrained_8frames.pth"
    })
    void classMapEqualsPyTorchArgmax(String dir, String weights) throws Exception {
        Path ref = SharedTestData.require(dir);
        Path image = ref.resolve("aachen_000000_000019_1024x512_PILbilinear.png");
        CliRun run = CliRun.of("infer", "--weights", ref.resolve(weights).toString(),
                "--image", image.toString(), "--output-path", out.toString(), "--classes", "20");
        assertEquals(0, run.exitCode(), run.err());
        String stem = "aachen_000000_000019_1024x512_PILbilinear";
        LabelMap written = ImageFiles.readLabels(out.resolve(stem + "_trainIds.png"));
        byte[] ours = written.values();
        assertEquals(1024, written.width());
        assertEquals(512, written.height());
        assertTrue(Files.size(out.resolve(stem + "_color.png")) > 0);
        try (NDManager m = NDManager.newBaseManager();
                StateDict golden = NpzStateDictReader.read(ref.resolve("golden_1024x512.npz"), m)) {
            NDArray argmax = golden.get("argmax").toType(DataType.INT32, false);
            int[] expected = argmax.toIntArray();
            int differ = 0;
            for (int i = 0; i < expected.length; i++) {
                if ((ours[i] & 0xFF) != expected[i]) {
                    differ++;
                }
            }
            double agreement = 1.0 - (double) differ / expected.length;
            assertTrue(agreement >= 0.9999, "argmax agreement " + agreement + " (" + differ + " pixels differ)");
        }
    }

    @Test
    void taskRestrictionOnlyYieldsTaskClasses() throws Exception {
        Path ref = SharedTestData.require("reference/erfnet-trained");
        Path image = ref.resolve("aachen_000000_000019_1024x512_PILbilinear.png");
        CliRun run = CliRun.of("infer", "--weights", ref.resolve("erfnet20_selftrained_8frames.pth").toString(),
                "--image", image.toString(), "--output-path", out.toString(), "--task", "2",
                "--input-size", "512x256");
        assertEquals(0, run.exitCode(), run.err());
        LabelMap map = ImageFiles.readLabels(
                out.resolve("aachen_000000_000019_1024x512_PILbilinear_trainIds.png"));
        byte[] ids = map.values();
        assertEquals(1024, map.width(), "written at the image's own size");
        // task 2 in standard trainIds: building 2, wall 3, fence 4, pole 5, traffic light 6, sign 7
        for (byte b : ids) {
            assertTrue(b >= 2 && b <= 7, "class " + b + " outside task 2");
        }
    }

    @Test
    void wrongClassCountIsOneLineNamingTheFile() {
        Path ref = SharedTestData.require("reference/erfnet-random");
        Path weights = ref.resolve("erfnet20_seed0_state_dict.pth");
        CliRun run = CliRun.of("infer", "--weights", weights.toString(),
                "--image", ref.resolve("aachen_000000_000019_1024x512_PILbilinear.png").toString(),
                "--output-path", out.toString(), "--classes", "19");
        assertEquals(1, run.exitCode());
        assertTrue(run.firstErrLine().contains("erfnet20_seed0_state_dict.pth"), run.err());
        assertTrue(run.firstErrLine().contains("20 classes"), run.err());
        assertTrue(!run.err().contains("\tat "), "no stack trace without --verbose: " + run.err());
    }

    @Test
    void truncatedCheckpointIsAClearError() throws Exception {
        Path ref = SharedTestData.require("reference/erfnet-random");
        byte[] bytes = Files.readAllBytes(ref.resolve("erfnet20_seed0_state_dict.pth"));
        Path truncated = out.resolve("truncated.pth");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        CliRun run = CliRun.of("infer", "--weights", truncated.toString(),
                "--image", ref.resolve("aachen_000000_000019_1024x512_PILbilinear.png").toString(),
                "--output-path", out.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.firstErrLine().contains("truncated.pth"), run.err());
    }

    @Test
    void usageErrorsExitWithTwo() {
        CliRun unknown = CliRun.of("infer", "--no-such-option");
        assertEquals(2, unknown.exitCode());
        List<String> lines = unknown.err().lines().toList();
        assertEquals(2, lines.size(), unknown.err());
        assertEquals("Try './lifelong infer --help' for the options.", lines.get(1), "not the whole usage");
        CliRun missing = CliRun.of("infer", "--weights", out.resolve("nope.pth").toString(),
                "--image", out.resolve("nope.png").toString(), "--output-path", out.toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.firstErrLine().contains("nope.pth"), missing.err());
        CliRun size = CliRun.of("infer", "--weights", "x", "--image", "y", "--output-path", "z",
                "--input-size", "100x50");
        assertEquals(2, size.exitCode());
        assertTrue(size.firstErrLine().contains("--input-size"), size.err());
    }

    @Test
    void noArgumentsPrintsUsage() {
        CliRun run = CliRun.of();
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("infer") && run.out().contains("dataset-info"), run.out());
    }
}
