package org.lifelongseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing saved is lost and nothing tampered with is loaded: a checkpoint that cannot be resumed
 * from stops the command with one line and is left byte for byte as it was; --restart moves it
 * aside; a weights file that differs from the SHA-256 its checkpoint recorded is refused by every
 * loader, unless --skip-integrity-check says it was edited on purpose.
 */
@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class CheckpointProtectionTest {

    @TempDir static Path dir;

    private static Path trained;

    private static String[] common(String... more) {
        return CliRun.tinyTraining(dir, more);
    }

    /** One trained stage-1 checkpoint, copied for every case. */
    @BeforeAll
    static void trainOnce() throws Exception {
        CliRun r = CliRun.of(common("train-static", "--model-name", "base", "--train-set", "1", "--city"));
        assertEquals(0, r.exitCode(), r.err());
        trained = dir.resolve("ck/base");
    }

    private static Path copyOf(String name) throws IOException {
        Path target = dir.resolve("ck").resolve(name);
        try (Stream<Path> walk = Files.walk(trained)) {
            for (Path p : walk.toList()) {
                Path t = target.resolve(trained.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return target.resolve("models/weights_0");
    }

    private static Path anyPng(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> p.toString().endsWith("_leftImg8bit.png")).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, byte[]> contents(Path folder) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(folder.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static void assertSameContents(Map<String, byte[]> before, Path folder) throws IOException {
        Map<String, byte[]> after = contents(folder);
        assertEquals(before.keySet(), after.keySet(), "files of " + folder);
        for (String f : before.keySet()) {
            assertArrayEquals(before.get(f), after.get(f), f + " changed");
        }
    }

    @Test
    void resumeStopsAtAnUnreadableCheckpointAndLeavesItUntouched() throws Exception {
        Map<String, String> damage = Map.of(
                "nomarker", "checkpoint.json deleted",
                "badmarker", "checkpoint.json not JSON",
                "shortstate", "training-state.json truncated");
        for (String name : damage.keySet()) {
            Path ck = copyOf(name);
            switch (name) {
                case "nomarker" -> Files.delete(ck.resolve("checkpoint.json"));
                case "badmarker" -> Files.writeString(ck.resolve("checkpoint.json"), "{");
                default -> Files.writeString(ck.resolve("training-state.json"), "{}");
            }
            Map<String, byte[]> before = contents(ck);
            for (boolean resume : List.of(true, false)) {
                CliRun r = resume
                        ? CliRun.of(common("train-static", "--model-name", name, "--train-set", "1",
                                "--city", "--resume"))
                        : CliRun.of(common("train-static", "--model-name", name, "--train-set", "1",
                                "--city"));
                String what = damage.get(name) + (resume ? ", --resume" : "");
                assertEquals(1, r.exitCode(), what + ": " + r.err());
                String line = r.firstErrLine();
                assertTrue(line.contains("weights_0") && line.contains("--restart")
                        && line.toLowerCase(java.util.Locale.ROOT).contains("nothing was changed"),
                        what + ": " + line);
                assertFalse(line.contains("()"), "a Java method named to a command-line user: " + line);
                assertSameContents(before, ck);
            }
            CliRun restart = CliRun.of(common("train-static", "--model-name", name, "--train-set", "1",
                    "--city", "--restart"));
            assertEquals(0, restart.exitCode(), restart.err());
            Path aside;
            try (Stream<Path> s = Files.list(dir.resolve("ck"))) {
                aside = s.filter(p -> p.getFileName().toString().startsWith(name + ".replaced-"))
                        .findFirst().orElseThrow(() -> new AssertionError("nothing moved aside"));
            }
            assertSameContents(before, aside.resolve("models/weights_0"));
            assertTrue(Files.isRegularFile(ck.resolve("checkpoint.json")), "fresh checkpoint");
        }
    }

    @Test
    void aTamperedWeightsFileIsRefusedByEveryLoader() throws Exception {
        Path swapped = copyOf("swapped");
        Path flipped = copyOf("flipped");
        // another run's weights (same shapes, other values), and a single flipped byte
        CliRun other = CliRun.of(common("train-static", "--model-name", "other", "--train-set", "1",
                "--city", "--seed", "99"));
        assertEquals(0, other.exitCode(), other.err());
        Files.copy(dir.resolve("ck/other/models/weights_0/model.safetensors"),
                swapped.resolve("model.safetensors"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] bytes = Files.readAllBytes(flipped.resolve("model.safetensors"));
        bytes[bytes.length - 3] ^= 0x01;
        Files.write(flipped.resolve("model.safetensors"), bytes);

        for (String name : List.of("swapped", "flipped")) {
            // as a teacher
            CliRun teacher = CliRun.of(common("train-incremental", "--model-name", name + "-next",
                    "--train-set", "2", "--teachers", name, "0"));
            assertEquals(1, teacher.exitCode(), teacher.err());
            assertTrue(teacher.firstErrLine().contains("model.safetensors")
                    && teacher.firstErrLine().contains("SHA-256"), teacher.err());
            assertFalse(Files.exists(dir.resolve("ck/" + name + "-next")),
                    "a failed run leaves no folder behind");
            // resumed
            CliRun resumed = CliRun.of(common("train-static", "--model-name", name, "--train-set", "1",
                    "--city", "--resume"));
            assertEquals(1, resumed.exitCode(), resumed.err());
            assertTrue(resumed.firstErrLine().contains("SHA-256")
                    && resumed.firstErrLine().contains("--skip-integrity-check"), resumed.err());
        }
        // evaluated, and segmented from the file itself
        String[] evaluate = {"evaluate", "--load-model-name", "flipped", "--train-set", "1",
            "--weights-epoch", "0", "--task-to-val", "1", "--checkpoint-root",
            dir.resolve("ck").toString(), "--synthetic-dir", dir.resolve("data").toString(),
            "--synthetic-frames", "2"};
        CliRun evaluated = CliRun.of(evaluate);
        assertEquals(1, evaluated.exitCode(), evaluated.err());
        assertTrue(evaluated.firstErrLine().contains("SHA-256")
                && evaluated.firstErrLine().contains("--skip-integrity-check"), evaluated.err());
        Path image = anyPng(dir.resolve("data"));
        CliRun inferred = CliRun.of("infer", "--weights",
                swapped.resolve("model.safetensors").toString(), "--image", image.toString(),
                "--output-path", dir.resolve("out").toString(), "--input-size", "128x64");
        assertEquals(1, inferred.exitCode(), inferred.err());
        assertTrue(inferred.firstErrLine().contains("SHA-256"), inferred.err());
        // edited on purpose: the explicit option loads it
        String[] evaluateAnyway = java.util.Arrays.copyOf(evaluate, evaluate.length + 1);
        evaluateAnyway[evaluate.length] = "--skip-integrity-check";
        CliRun anyway = CliRun.of(evaluateAnyway);
        assertEquals(0, anyway.exitCode(), anyway.err());
        CliRun allowed = CliRun.of(common("train-incremental", "--model-name", "flipped-next",
                "--train-set", "2", "--teachers", "flipped", "0", "--skip-integrity-check"));
        assertEquals(0, allowed.exitCode(), allowed.err());
    }
}
