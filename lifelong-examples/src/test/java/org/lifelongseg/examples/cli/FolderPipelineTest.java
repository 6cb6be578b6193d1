package org.lifelongseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.examples.testing.ChildJvm;

/**
 * {@code lifelong pipeline --dataset folder --tasks FILE} end to end on a generated dataset that
 * looks nothing like streets: coloured shapes on textured backgrounds (background void), three
 * tasks of two shape classes each. Checks the result keys named after the split's tasks, the
 * forgetting the run shows and the unknown-task recognition on the folder's val images.
 */
class FolderPipelineTest {

    static final int SIZE = 64;

    /** Class i's shape colour (0xRRGGBB); classes.txt line i. */
    static final String[] CLASSES = {"disc", "square", "triangle", "ring", "cross", "bar"};

    static final int[] COLORS = {0xE03020, 0x2040E0, 0x20C040, 0xE0D020, 0xC020C0, 0x20D0D0};

    static final String TASKS = """
            {"format": "lifelong-task-sequence/1", "mode": "FILTER_ONLY",
             "tasks": [
               {"name": "round", "classes": ["disc", "square"], "images": {"type": "groups", "groups": ["round"]}},
               {"name": "pointy", "classes": ["triangle", "ring"], "images": {"type": "groups", "groups": ["pointy"]}},
               {"name": "lines", "classes": ["cross", "bar"], "images": {"type": "groups", "groups": ["lines"]}}
             ]}
            """;

    @TempDir Path dir;

    @Test
    void pipelineOnAFolderDatasetNamesResultsAfterTheTasksAndShowsForgetting() throws Exception {
        Path root = dir.resolve("shapes");
        writeShapes(root, 24, 12, 42);
        Path tasks = dir.resolve("tasks.json");
        Files.writeString(tasks, TASKS, StandardCharsets.UTF_8);
        Path out = dir.resolve("run");
        long t0 = System.nanoTime();
        // in a JVM of its own, as the launcher runs it: the PyTorch threads and convolution kernels
        // are then the command line's, not whatever earlier tests left in this JVM's engine
        ChildJvm run = ChildJvm.start(dir, List.of("pipeline", "--dataset", "folder", "--dataset-root",
                root.toString(), "--tasks", tasks.toString(), "--width", "64", "--height", "64",
                "--crop-width", "64", "--crop-height", "64", "--num-epochs", "14", "--output", out.toString(),
                "--leaderboard", dir.resolve("leaderboard.csv").toString(), "--no-progress"), (c, line) -> {});
        int exit = run.await(1200);
        System.out.println(run.transcript());
        System.out.printf("folder pipeline: %.0f s%n", (System.nanoTime() - t0) / 1e9);
        assertEquals(0, exit, run.transcript());
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
        Map<String, JsonObject> miou = new HashMap<>();
        for (JsonElement r : json.getAsJsonArray("rows")) {
            JsonObject row = r.getAsJsonObject();
            miou.put(row.get("model").getAsString(), row.getAsJsonObject("mIoU"));
        }
        assertEquals(List.of("distill", "finetune", "joint"), miou.keySet().stream().sorted().toList());
        for (JsonObject m : miou.values()) {
            assertEquals(List.of("round", "pointy", "round+pointy", "lines", "all"), List.copyOf(m.keySet()));
        }
        Map<String, JsonObject> methods = new HashMap<>();
        for (JsonElement m : json.getAsJsonArray("methods")) {
            methods.put(m.getAsJsonObject().get("model").getAsString(), m.getAsJsonObject());
            System.out.println(m.getAsJsonObject().get("model") + " R " + m.getAsJsonObject().get("accuracyMatrix")
                    + " classIoU " + m.getAsJsonObject().get("classIoU"));
        }
        // stage 1 learned the first task; after the last step fine-tuning has lost it: task 'round'
        // (its two classes among themselves) near chance, and among all classes not one pixel of
        // a disc or a square found
        double stage1 = r(methods.get("finetune"), 1, 1);
        double finetune = r(methods.get("finetune"), 3, 1);
        assertTrue(stage1 > 0.8, "stage 1 learned task 'round': " + stage1);
        assertTrue(finetune < 0.6 * stage1, "fine-tuning forgets task 'round': " + finetune + " after " + stage1);
        double finetuneKept = roundIoU(methods.get("finetune"));
        double distillKept = roundIoU(methods.get("distill"));
        assertTrue(finetuneKept < 0.05, "fine-tuning's final model finds no disc or square: " + finetuneKept);
        // distillation keeps clearly more of them (measured on an AMD EPYC: discs at IoU 0.32,
        // squares 0.05; fine-tuning 0 and 0), and more of every class
        assertTrue(distillKept > finetuneKept + 0.15, "distillation keeps more of task 'round': distill "
                + distillKept + ", finetune " + finetuneKept);
        assertTrue(miou.get("distill").get("all").getAsDouble() > miou.get("finetune").get("all").getAsDouble() + 0.03,
                "distill " + miou.get("distill") + " vs finetune " + miou.get("finetune"));
        assertFalse(Files.readString(out.resolve("report.html")).contains("ERFNet incremental"),
                "no paper reference row for a non-Cityscapes run");

        // unknown-task recognition (on by default): the final distilled model meets the folder's
        // val images (half calibrate, half join the stream) mixed with generated scenes of other kinds
        JsonObject rec = json.getAsJsonArray("recognition").get(0).getAsJsonObject();
        System.out.println("recognition " + rec);
        assertEquals("uncertainty", rec.get("method").getAsString());
        assertEquals(6, rec.get("knownSamples").getAsInt(), "the odd half of the 12 val images");
        assertTrue(rec.get("unknownSamples").getAsInt() > 0, rec.toString());
        double auroc = rec.get("auroc").getAsDouble();
        double ratio = rec.get("samplesTransferRatio").getAsDouble();
        assertTrue(auroc >= 0 && auroc <= 1 && ratio >= 0 && ratio <= 1, rec.toString());
        Path recognized = out.resolve("recognition/uncertainty");
        List<String> listed = new java.util.ArrayList<>();
        for (String file : new String[] {"seen.txt", "unseen.txt"}) {
            Files.readAllLines(recognized.resolve(file)).stream().filter(l -> !l.isBlank()).forEach(listed::add);
        }
        assertEquals(rec.get("knownSamples").getAsInt() + rec.get("unknownSamples").getAsInt(), listed.size(),
                "every sample of the stream is either seen or unseen: " + listed);
        assertTrue(Files.readString(out.resolve("report.html")).contains("samples_transfer_ratio"),
                "the recognition is reported");
    }

    @Test
    void trainCommandsLearnTheSplitsTasksByName() throws Exception {
        Path root = dir.resolve("shapes");
        writeShapes(root, 3, 2, 5);
        // classes.txt with colours: the colour maps draw each class in its shape's colour
        StringBuilder classLines = new StringBuilder();
        for (int c = 0; c < CLASSES.length; c++) {
            classLines.append(CLASSES[c]).append(' ').append(COLORS[c] >> 16).append(' ')
                    .append(COLORS[c] >> 8 & 0xFF).append(' ').append(COLORS[c] & 0xFF).append('\n');
        }
        Files.writeString(root.resolve("classes.txt"), classLines, StandardCharsets.UTF_8);
        Path tasks = dir.resolve("tasks.json");
        Files.writeString(tasks, TASKS, StandardCharsets.UTF_8);
        String[] common = {"--dataset", "folder", "--dataset-root", root.toString(), "--tasks", tasks.toString(),
            "--width", "64", "--height", "64", "--num-epochs", "1", "--batch-size", "2",
            "--checkpoint-root", dir.resolve("ck").toString(), "--no-progress"};
        CliRun first = CliRun.of(concat(new String[] {"train-static", "--model-name", "r", "--train-set", "round"}, common));
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("2 classes [disc, square]"), first.out());
        CliRun second = CliRun.of(concat(new String[] {"train-incremental", "--model-name", "rp", "--train-set",
            "pointy", "--teachers", "r", "0"}, common));
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("4 classes [disc, square, triangle, ring]"), second.out());
        CliRun joint = CliRun.of(concat(new String[] {"train-static", "--model-name", "j", "--train-set", "joint"}, common));
        assertEquals(0, joint.exitCode(), joint.err());
        assertTrue(joint.out().contains("6 classes"), joint.out());

        // evaluate the two-task model on the union of its tasks, at the size its checkpoint records
        CliRun eval = CliRun.of("evaluate", "--dataset", "folder", "--dataset-root", root.toString(), "--tasks",
                tasks.toString(), "--load-model-name", "rp", "--train-set", "pointy", "--weights-epoch", "0",
                "--task-to-val", "round+pointy", "--checkpoint-root", dir.resolve("ck").toString(), "--save-pred-to-disk",
                "--pred-frequency", "1");
        assertEquals(0, eval.exitCode(), eval.err());
        Path evalDir = dir.resolve("ck/rp/eval_shapes_task_to_valround+pointy");
        JsonObject result = JsonParser.parseString(Files.readString(evalDir.resolve("eval_0.json"))).getAsJsonObject();
        assertEquals("round+pointy", result.get("taskToVal").getAsString());
        assertEquals(2, result.get("images").getAsInt(), "the val split");
        assertEquals(List.of("disc", "square", "triangle", "ring"), List.copyOf(result.getAsJsonObject("class_IoU").keySet()));
        java.util.Set<Integer> gtColours = new java.util.TreeSet<>();
        BufferedImage gt = javax.imageio.ImageIO.read(evalDir.resolve("output_0/gt_val_0.png").toFile());
        for (int y = 0; y < gt.getHeight(); y++) {
            for (int x = 0; x < gt.getWidth(); x++) {
                gtColours.add(gt.getRGB(x, y) & 0xFFFFFF);
            }
        }
        gtColours.remove(0); // void and classes outside the evaluated tasks
        assertTrue(!gtColours.isEmpty() && java.util.stream.IntStream.of(COLORS).boxed().toList().containsAll(gtColours),
                "ground truth drawn in the colours of classes.txt: " + gtColours);
        CliRun notTrained = CliRun.of("evaluate", "--dataset", "folder", "--dataset-root", root.toString(), "--tasks",
                tasks.toString(), "--load-model-name", "r", "--train-set", "round", "--weights-epoch", "0",
                "--task-to-val", "lines", "--checkpoint-root", dir.resolve("ck").toString());
        assertEquals(CliErrors.USAGE, notTrained.exitCode(), notTrained.err());
        assertTrue(notTrained.firstErrLine().contains("--task-to-val lines needs classes a --train-set round model"
                + " does not have"), notTrained.err());

        // infer with the folder model: class ids (not Cityscapes trainIds) and a colour map in the
        // colours of classes.txt, which the checkpoint recorded (no dataset options needed)
        Path weights = dir.resolve("ck/rp/models/weights_0");
        JsonObject spec = JsonParser.parseString(Files.readString(weights.resolve("input.json"))).getAsJsonObject();
        assertEquals(List.of("disc", "square", "triangle", "ring"),
                List.copyOf(spec.getAsJsonObject("classColors").keySet()), "recorded in channel order");
        Path image = root.resolve("images/val/v_00.png");
        CliRun infer = CliRun.of("infer", "--weights", weights.resolve("model.safetensors").toString(),
                "--image", image.toString(), "--output-path", dir.resolve("pred").toString());
        assertEquals(0, infer.exitCode(), infer.err());
        byte[] ids = ImageFiles.readLabels(dir.resolve("pred/v_00_classIds.png")).values();
        BufferedImage color = javax.imageio.ImageIO.read(dir.resolve("pred/v_00_color.png").toFile());
        for (int y = 0; y < color.getHeight(); y++) {
            for (int x = 0; x < color.getWidth(); x++) {
                int c = ids[y * color.getWidth() + x];
                assertEquals(COLORS[c], color.getRGB(x, y) & 0xFFFFFF, "class " + CLASSES[c] + " at " + x + "," + y);
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** R[step][task] of a method (1-based): its mIoU on the task after the step. */
    private static double r(JsonObject method, int step, int task) {
        return method.getAsJsonArray("accuracyMatrix").get(step).getAsJsonArray().get(task - 1).getAsDouble();
    }

    /** The best IoU of the first task's classes in the final model's evaluation on every class. */
    private static double roundIoU(JsonObject method) {
        JsonObject iou = method.getAsJsonObject("classIoU");
        return Math.max(iou.get("disc").getAsDouble(), iou.get("square").getAsDouble());
    }

    /**
     * Writes the shapes dataset: classes.txt; train images {@code <task>_<i>.png} showing two or
     * three shapes, at least one of the task's classes, the others of the task's or earlier tasks'
     * classes; val images showing shapes of every class; the textured background is void (255).
     */
    static void writeShapes(Path root, int trainPerTask, int val, long seed) throws IOException {
        Files.createDirectories(root);
        Files.writeString(root.resolve("classes.txt"), String.join("\n", CLASSES) + "\n", StandardCharsets.UTF_8);
        Random rnd = new Random(seed);
        String[] tasks = {"round", "pointy", "lines"};
        for (int t = 0; t < tasks.length; t++) {
            // the task's shapes, and shapes of earlier tasks as a later task's images show them
            // (labelled in the files, unlabelled in the step: each step labels its own classes)
            int[] classes = new int[2 * t + 2];
            for (int c = 0; c < classes.length; c++) {
                classes[c] = c;
            }
            for (int i = 0; i < trainPerTask; i++) {
                writeImage(root, "train", String.format("%s_%02d", tasks[t], i), classes, 2 * t, rnd);
            }
        }
        int[] all = {0, 1, 2, 3, 4, 5};
        for (int i = 0; i < val; i++) {
            writeImage(root, "val", String.format("v_%02d", i), all, 0, rnd);
        }
    }

    /** An image of two or three shapes of {@code classes}, the first of class {@code first} or later. */
    private static void writeImage(Path root, String split, String id, int[] classes, int first, Random rnd)
            throws IOException {
        BufferedImage rgb = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        byte[] labels = new byte[SIZE * SIZE];
        // textured background: a grey-brown checker of random cell size with noise
        int cell = 4 + rnd.nextInt(6);
        int base = 70 + rnd.nextInt(60);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int v = base + (((x / cell) + (y / cell)) % 2 == 0 ? 25 : -25) + rnd.nextInt(21) - 10;
                rgb.setRGB(x, y, (clamp(v + 15) << 16) | (clamp(v) << 8) | clamp(v - 15));
                labels[y * SIZE + x] = (byte) 255;
            }
        }
        int shapes = 2 + rnd.nextInt(2);
        for (int s = 0; s < shapes; s++) {
            int c = s == 0 ? classes[first + rnd.nextInt(classes.length - first)] : classes[rnd.nextInt(classes.length)];
            int r = 9 + rnd.nextInt(5);
            int cx = r + rnd.nextInt(SIZE - 2 * r);
            int cy = r + rnd.nextInt(SIZE - 2 * r);
            for (int y = cy - r; y <= cy + r; y++) {
                for (int x = cx - r; x <= cx + r; x++) {
                    if (inside(c, x - cx, y - cy, r)) {
                        int col = COLORS[c];
                        int n = rnd.nextInt(31) - 15;
                        rgb.setRGB(x, y, (clamp((col >> 16 & 0xFF) + n) << 16)
                                | (clamp((col >> 8 & 0xFF) + n) << 8) | clamp((col & 0xFF) + n));
                        labels[y * SIZE + x] = (byte) c;
                    }
                }
            }
        }
        Path image = root.resolve("images").resolve(split).resolve(id + ".png");
        Files.createDirectories(image.getParent());
        ImageFiles.writePng(rgb, image);
        ImageFiles.writePng(ImageFiles.grayImage(labels, SIZE, SIZE),
                root.resolve("labels").resolve(split).resolve(id + ".png"));
    }

    /** Whether offset (dx, dy) from the centre lies inside shape {@code c} of radius r. */
    private static boolean inside(int c, int dx, int dy, int r) {
        return switch (c) {
            case 0 -> dx * dx + dy * dy <= r * r;                                   // disc
            case 1 -> Math.abs(dx) <= r * 3 / 4 && Math.abs(dy) <= r * 3 / 4;      // square
            case 2 -> dy >= -r && dy <= r && Math.abs(dx) * 2 <= dy + r;           // triangle
            case 3 -> dx * dx + dy * dy <= r * r && dx * dx + dy * dy >= (r / 2) * (r / 2); // ring
            case 4 -> Math.abs(dx) <= r / 4 || Math.abs(dy) <= r / 4;              // cross
            default -> Math.abs(dy) <= r / 3;                                        // bar
        };
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
