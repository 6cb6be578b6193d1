package org.lifelongseg.examples.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.modality.cv.output.CategoryMask;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.checkpoint.Checkpoint;
import org.lifelongseg.core.checkpoint.CheckpointLayout;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.infer.ColorMap;
import org.lifelongseg.core.infer.InputSpec;
import org.lifelongseg.core.metrics.SegmentationMetrics;
import org.lifelongseg.core.report.RunResults;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.task.TaskSequenceJson;
import org.lifelongseg.erfnet.load.ErfNetModels;

/**
 * The example programs on a tiny shapes dataset (not Cityscapes; 16 training and 4 validation
 * images of 64x64, five classes): the custom split is trained once, the other programs use its
 * checkpoints. The checks are about what the programs produce, not about accuracy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleProgramsTest {

    static final int SIZE = 64;
    static final int EPOCHS = 2;
    static final List<String> TASK1 = List.of("background", "disc");
    static final List<String> TASK2 = List.of("square", "stripe");

    @TempDir static Path dir;
    Path data;
    Path run;
    RunResults results;
    String printed;

    @BeforeAll
    void trainTheCustomSplit() throws IOException {
        data = ShapeScenes.write(dir.resolve("shapes"), 16, 4, SIZE, SIZE);
        run = dir.resolve("run");
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            long t0 = System.nanoTime();
            results = CustomSplitExample.run(data, run, TASK1, TASK2, EPOCHS, SIZE, SIZE);
            old.printf("custom split pipeline: %.0f s%n", (System.nanoTime() - t0) / 1e9);
        } finally {
            System.setOut(old);
        }
        printed = out.toString(StandardCharsets.UTF_8);
    }

    /** The last checkpoint of a training of the run (stage1, finetune, distill, joint) and task. */
    private Path lastCheckpoint(String training, String task) {
        return run.resolve("checkpoints/" + training + "/" + training + "_" + task + "/models/weights_" + (EPOCHS - 1));
    }

    @Test
    void customSplitRunsThePipelineWritesCheckpointsAndResults() throws IOException {
        TaskSequence split = TaskSequenceJson.read(run.resolve("split.json"));
        assertEquals(TASK1, split.task(0).classes());
        assertEquals(TASK2, split.task(1).classes());
        Checkpoint stage1 = CheckpointLayout.open(lastCheckpoint("stage1", "task1"));
        assertEquals("background,disc", stage1.provenance().configuration().get("classes"));
        for (String method : List.of("finetune", "distill")) {
            Checkpoint second = CheckpointLayout.open(lastCheckpoint(method, "task2"));
            assertEquals("background,disc,square,stripe", second.provenance().configuration().get("classes"));
            assertEquals("background,disc", second.provenance().configuration().get("previousModel.classes"),
                    method + ": task 2 was learned from the stage-1 model");
            assertEquals("folder", second.provenance().configuration().get("data.data"));
        }
        // the command line's results: one row per method and the joint baseline, each scored on
        // task 1, task 2 and their union (every class), written as results.json and the report
        assertEquals(List.of("finetune", "distill", "joint"), results.methods().stream().map(m -> m.name()).toList());
        for (var m : results.methods()) {
            assertEquals(List.of("task1", "task2", "task12"), List.copyOf(m.taskScores().keySet()));
            m.taskScores().values().forEach(v -> assertTrue(v >= 0 && v <= 1, m.name() + " mIoU " + v));
        }
        assertTrue(Files.isRegularFile(run.resolve("results.json")) && Files.isRegularFile(run.resolve("report.html")));
        assertTrue(printed.contains("distill") && printed.contains("joint"), printed);
    }

    @Test
    void embeddedModelReproducesTheRunsEvaluationAndWritesMasks() throws IOException {
        Path weights = lastCheckpoint("distill", "task2");
        List<String> classes = InputSpec.find(weights).orElseThrow().classNames();
        assertEquals(List.of("background", "disc", "square", "stripe"), classes);
        List<Path> val;
        try (Stream<Path> s = Files.list(data.resolve("images/val"))) {
            val = s.sorted().toList();
        }
        Path out = dir.resolve("masks");
        List<CategoryMask> masks = EmbeddedInferenceExample.run(weights, val, out);

        // the same confusion matrix as the run's evaluation on the val split: identical mIoU
        long[][] cm = new long[4][4];
        for (int i = 0; i < val.size(); i++) {
            int[][] mask = masks.get(i).getMask();
            byte[] gt = ImageFiles.readLabels(data.resolve("labels/val").resolve(val.get(i).getFileName())).values();
            assertEquals(SIZE, mask.length);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int g = gt[y * SIZE + x] & 0xFF;
                    if (g < 4) {
                        cm[g][mask[y][x]]++;
                    }
                }
            }
        }
        assertEquals(results.method("distill").orElseThrow().taskScore("task12"),
                SegmentationMetrics.of(classes, cm).meanIoU(), 1e-12);

        // an image of another size: the mask has the image's size and valid classes; files agree
        Path odd = dir.resolve("odd");
        ShapeScenes.scene(odd, "x", "wide", 96, 40, 77);
        Path wide = odd.resolve("images/x/wide.png");
        CategoryMask mask = EmbeddedInferenceExample.run(weights, List.of(wide), out).get(0);
        int[][] m = mask.getMask();
        assertEquals(40, m.length);
        assertEquals(96, m[0].length);
        byte[] written = ImageFiles.readLabels(out.resolve("wide_classes.png")).values();
        BufferedImage color = ImageFiles.read(out.resolve("wide_color.png"));
        ColorMap palette = ColorMap.distinct(4);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 96; x++) {
                assertTrue(m[y][x] >= 0 && m[y][x] < 4, "class " + m[y][x]);
                assertEquals(m[y][x], written[y * 96 + x]);
                assertEquals(palette.colorOf(m[y][x]), color.getRGB(x, y) & 0xFFFFFF);
            }
        }

        // the weights file gives the same masks (its folder's input.json); a copy without it has
        // no classes to speak of and is refused by name
        Path file = weights.resolve("model.safetensors");
        int[][] again = EmbeddedInferenceExample.run(file, List.of(wide), dir.resolve("m2")).get(0).getMask();
        assertTrue(java.util.Arrays.deepEquals(m, again));
        Path bare = Files.createDirectories(dir.resolve("bare")).resolve("model.safetensors");
        Files.copy(file, bare);
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> EmbeddedInferenceExample.run(bare, List.of(wide), out));
        assertTrue(none.getMessage().contains("records no class names"), none.getMessage());

        // the command line: everything from the checkpoint folder
        Path cli = dir.resolve("cli");
        EmbeddedInferenceExample.main(new String[] {weights.toString(), cli.toString(), wide.toString()});
        assertEquals(96, ImageFiles.read(cli.resolve("wide_color.png")).getWidth());
        assertEquals(40, ImageFiles.read(cli.resolve("wide_classes.png")).getHeight());
    }

    @Test
    void aFinishedSequenceContinuesWithANewTaskFromItsLastCheckpoint() throws IOException {
        Path copy = dir.resolve("continued");
        copyTree(run, copy);
        Checkpoint c = ContinueSequenceExample.run(data, copy, "task3", List.of("triangle"), EPOCHS, SIZE, SIZE);
        assertEquals(copy.resolve("checkpoints/distill/distill_task3/models/weights_" + (EPOCHS - 1)).toAbsolutePath(),
                c.directory());
        Map<String, String> config = c.provenance().configuration();
        assertEquals("background,disc,square,stripe,triangle", config.get("classes"));
        assertEquals("background,disc,square,stripe", config.get("previousModel.classes"));
        assertEquals("2", config.get("step"));
        TaskSequence extended = TaskSequenceJson.read(copy.resolve("split.json"));
        assertEquals(3, extended.size());
        assertEquals(List.of("triangle"), extended.newClasses(2));
        try (Model model = ErfNetModels.load(ErfNetModels.weightsFile(c.directory()), 5, Device.cpu())) {
            assertEquals("erfnet", model.getName());
        }
        // continuing again from the extended run learns a fourth task on top of five classes
        IllegalArgumentException known = assertThrows(IllegalArgumentException.class,
                () -> ContinueSequenceExample.run(data, copy, "task4", List.of("disc"), EPOCHS, SIZE, SIZE));
        assertTrue(known.getMessage().contains("'disc'"), known.getMessage());
        // a run without checkpoints is refused, naming where they were looked for
        Path bare = Files.createDirectories(dir.resolve("bare"));
        Files.copy(run.resolve("split.json"), bare.resolve("split.json"));
        IOException none = assertThrows(IOException.class,
                () -> ContinueSequenceExample.run(data, bare, "task3", List.of("triangle"), EPOCHS, SIZE, SIZE));
        assertTrue(none.getMessage().contains(bare.resolve("checkpoints/distill/distill_task2/models").toString()),
                none.getMessage());
    }

    @Test
    void aBadFolderGivesAnErrorNamingTheFile() throws IOException {
        Path noClasses = ShapeScenes.write(dir.resolve("bad1"), 4, 1, 32, 32);
        Files.delete(noClasses.resolve("classes.txt"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> CustomSplitExample.run(noClasses, dir.resolve("o1"), TASK1, TASK2, 1, 32, 32));
        assertTrue(missing.getMessage().contains(noClasses.resolve("classes.txt").toString()), missing.getMessage());

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> CustomSplitExample.run(data, dir.resolve("o2"), TASK1, List.of("zebra"), 1, 32, 32));
        assertTrue(unknown.getMessage().contains(data.resolve("classes.txt").toString())
                && unknown.getMessage().contains("'zebra'"), unknown.getMessage());

        Path badLabel = ShapeScenes.write(dir.resolve("bad2"), 8, 1, 32, 32);
        Path label = badLabel.resolve("labels/train/scene_003.png");
        byte[] values = new byte[32 * 32];
        values[40] = 9;
        ImageFiles.writePng(ImageFiles.grayImage(values, 32, 32), label);
        // found by the check before anything trains, as on the command line
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CustomSplitExample.run(badLabel, dir.resolve("o3"), TASK1, TASK2, 1, 32, 32));
        String chain = messages(e);
        assertTrue(chain.contains(label + ": label value 9 (at x=8, y=1"), chain);
        assertTrue(!Files.exists(dir.resolve("o3/checkpoints")), "nothing trained");
    }

    private static String messages(Throwable t) {
        List<String> all = new ArrayList<>();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.add(String.valueOf(c.getMessage()));
        }
        return String.join(" / ", all);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
