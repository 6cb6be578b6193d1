package org.lifelongseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lifelongseg.core.data.folder.FolderFixtures;
import org.lifelongseg.core.testing.LargePngs;

/**
 * Bad input on every command gives one line on stderr that names the option or file and says what
 * is wrong (usage errors: exit code 2 and a pointer to the command's --help; failed runs: exit code
 * 1), with no stack trace and no Java type or method names.
 */
class BadInputMessagesTest {

    /** Words that are Java's, not the command line's. */
    private static final Pattern JAVA_WORDS = Pattern.compile(
            "Exception|java\\.|\\bint\\b|\\bdouble\\b|\\blong\\b|\\bnull\\b|\\tat |Usage:|\\w\\(\\)");

    @TempDir static Path dir;

    @BeforeAll
    static void fixtures() throws Exception {
        BufferedImage small = new BufferedImage(64, 32, BufferedImage.TYPE_3BYTE_BGR);
        Files.createDirectories(dir.resolve("imgs"));
        ImageIO.write(small, "png", dir.resolve("imgs/a.png").toFile());
        Files.copy(dir.resolve("imgs/a.png"), dir.resolve("image.png"));
        Files.writeString(dir.resolve("weights.pth"), "not a checkpoint");
        Files.writeString(dir.resolve("notes.txt"), "a file, not a folder");
        Files.createDirectories(dir.resolve("folder"));
        Files.createDirectories(dir.resolve("cs/leftImg8bit"));
        Files.createDirectories(dir.resolve("cs/gtFine"));
        Files.createDirectories(dir.resolve("big"));
        LargePngs.blackBilevel(dir.resolve("big/big.png"), 30000, 30000);
        Files.createDirectories(dir.resolve("ck/m/models/weights_0"));
        Files.writeString(dir.resolve("ck/m/models/weights_0/model.safetensors"), "not a checkpoint");
        folderDatasets();
    }

    /**
     * Folder datasets (classes a..d; train images g1_0 showing a, b and g2_0 showing c, d; one val
     * image) and task splits: fd is well-formed, each other one has one fault.
     */
    private static void folderDatasets() throws Exception {
        for (String name : List.of("fd", "fdbad", "fdnolabel", "fdorphan", "fdnoval", "fdsize", "fdcolor")) {
            Path root = dir.resolve(name);
            FolderFixtures.classes(root, "a", "b", "c", "d");
            FolderFixtures.sample(root, "train", "g1_0", 32, 32, FolderFixtures.stripes(32, 0, 1));
            FolderFixtures.sample(root, "train", "g2_0", 32, 32, FolderFixtures.stripes(32, 2, 3));
            if (!name.equals("fdnoval")) {
                FolderFixtures.sample(root, "val", "v0", 32, 32, FolderFixtures.stripes(32, 0, 1, 2, 3));
            }
        }
        FolderFixtures.sample(dir.resolve("fdbad"), "train", "g2_0", 32, 32, (x, y) -> x == 3 && y == 2 ? 7 : 2);
        FolderFixtures.sample(dir.resolve("fdnolabel"), "train", "g1_1", 32, 32, FolderFixtures.stripes(32, 0));
        Files.delete(dir.resolve("fdnolabel/labels/train/g1_1.png"));
        FolderFixtures.sample(dir.resolve("fdorphan"), "train", "g1_1", 32, 32, FolderFixtures.stripes(32, 0));
        Files.delete(dir.resolve("fdorphan/images/train/g1_1.png"));
        // a JPEG image whose label map is half its size
        FolderFixtures.sample(dir.resolve("fdsize"), "train", "g2_0", 32, 32, FolderFixtures.stripes(32, 2, 3), "jpg");
        Files.delete(dir.resolve("fdsize/images/train/g2_0.png"));
        FolderFixtures.sample(dir.resolve("fdsize"), "scratch", "x", 16, 16, FolderFixtures.stripes(16, 2));
        Files.copy(dir.resolve("fdsize/labels/scratch/x.png"), dir.resolve("fdsize/labels/train/g2_0.png"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("fdcolor/classes.txt"), "a 255 0 0\nb 0 255\nc 0 0 255\nd 9 9 9\n");
        tasks("tasks", "[\"a\", \"b\"]", "[\"c\", \"d\"]", "g2");
        tasks("tasks-zebra", "[\"a\", \"b\"]", "[\"c\", \"zebra\"]", "g2");
        tasks("tasks-twice", "[\"a\", \"b\"]", "[\"a\", \"c\"]", "g2");
        tasks("tasks-empty", "[\"a\", \"b\"]", "[\"c\", \"d\"]", "g9");
        Files.writeString(dir.resolve("tasks-broken.json"), "{\"format\": \"lifelong-task-sequence/1\", \"tasks\": [");
    }

    private static void tasks(String name, String classes1, String classes2, String group2) throws Exception {
        Files.writeString(dir.resolve(name + ".json"), "{\"format\": \"lifelong-task-sequence/1\","
                + " \"mode\": \"FILTER_ONLY\", \"tasks\": ["
                + "{\"name\": \"t1\", \"classes\": " + classes1 + ", \"images\": {\"type\": \"groups\", \"groups\": [\"g1\"]}},"
                + "{\"name\": \"t2\", \"classes\": " + classes2 + ", \"images\": {\"type\": \"groups\", \"groups\": [\"" + group2 + "\"]}}]}");
    }

    static Stream<Arguments> badInputs() {
        String infer = "infer --weights {dir}/weights.pth --image {dir}/image.png --output-path {dir}/out";
        String recognize = "recognize --images {dir}/imgs --output {dir}/rec --load-model-name m"
                + " --weights-epoch 0 --checkpoint-root {dir}/ck";
        String evaluate = "evaluate --load-model-name m --train-set 1 --weights-epoch 0 --task-to-val 1"
                + " --checkpoint-root {dir}/ck --synthetic-dir {dir}/data --synthetic-frames 2";
        String train = "train-static --model-name m2 --train-set 1 --checkpoint-root {dir}/ck"
                + " --synthetic-dir {dir}/data --synthetic-frames 2 --num-epochs 1 --batch-size 2 --no-progress";
        String pipeline = "pipeline --output {dir}/run --synthetic-dir {dir}/data --synthetic-frames 2"
                + " --num-epochs 1 --batch-size 2 --no-progress";
        String evalPred = "evaluate-predictions --predictions {dir}/folder --dataset-root {dir}/cs";
        String folder = "pipeline --output {dir}/frun --leaderboard {dir}/fboard.csv --no-recognition --no-progress"
                + " --dataset folder --width 32 --height 32";
        String fd = folder + " --dataset-root {dir}/fd";
        return Stream.of(
                // infer
                usage("--input-size 100000x100000|at most 16384", infer, "--input-size 100000x100000"),
                usage("--image {dir}/folder: is a folder, expected an image file",
                        "infer --weights {dir}/weights.pth --image {dir}/folder --output-path {dir}/out"),
                usage("--weights {dir}/folder: is a folder",
                        "infer --weights {dir}/folder --image {dir}/image.png --output-path {dir}/out"),
                usage("--output-path {dir}/notes.txt: is a file, expected a folder",
                        "infer --weights {dir}/weights.pth --image {dir}/image.png --output-path {dir}/notes.txt"),
                usage("--device banana|cpu, gpu or gpuN", infer, "--device banana"),
                usage("--device gpu99", infer, "--device gpu99"),
                usage("--classes must be at least 1", infer, "--classes 0"),
                usage("--classes must be at least 1", infer, "--classes -1"),
                usage("--classes|'abc' is not a whole number", infer, "--classes abc"),
                usage("--class-order", infer, "--class-order reverse"),
                usage("unexpected argument 'extra'", infer, "extra"),
                usage("unknown option '--input-sise'|did you mean", infer, "--input-sise 64x32"),
                usage("--input-size|only once", infer, "--input-size 64x32 --input-size 64x32"),
                usage("unknown command 'bogus'", "bogus"),
                // recognize
                usage("--images {dir}/image.png: is a file, expected a folder",
                        recognize.replace("{dir}/imgs", "{dir}/image.png")),
                usage("--output {dir}/notes.txt: is a file, expected a folder",
                        recognize.replace("{dir}/rec", "{dir}/notes.txt")),
                usage("--input-size", recognize, "--input-size 100000x100000"),
                usage("--calibration {dir}/folder: is a folder", recognize, "--calibration {dir}/folder"),
                usage("--images|{dir}/big/big.png: 30000x30000 pixels exceeds the limit of 268435456 pixels",
                        recognize.replace("{dir}/imgs", "{dir}/big")),
                usage("--device banana", recognize, "--device banana"),
                // evaluate
                usage("--height must be a positive multiple of 32", evaluate, "--height 100"),
                usage("--device banana", evaluate, "--device banana"),
                usage("--split must be train, val or test", evaluate, "--split banana"),
                usage("--batch-size must be at least 1", evaluate, "--batch-size 0"),
                usage("--checkpoint-root {dir}/notes.txt: is a file",
                        evaluate.replace("{dir}/ck", "{dir}/notes.txt")),
                // training
                usage("--checkpoint-root {dir}/notes.txt: is a file", train.replace("{dir}/ck", "{dir}/notes.txt")),
                usage("--model-name", train.replace("m2", "../up")),
                usage("--student-init must be fresh or previous", train, "--student-init warm"),
                usage("--new-class-init must be zero or random", train, "--new-class-init ones"),
                usage("--device banana", train, "--device banana"),
                usage("--synthetic-dir {dir}/notes.txt: is a file",
                        train.replace("{dir}/data", "{dir}/notes.txt")),
                usage("--crop-height must be a positive multiple of 32", train, "--crop-height 50"),
                usage("--lambda-gs must not be negative", train, "--lambda-gs -1"),
                usage("--learning-rate|'nan' is not a number", train, "--learning-rate nan"),
                usage("--temp|'Infinity' is not a finite number", train, "--temp Infinity"),
                usage("--teachers|not 'x'", "train-incremental --model-name m3 --train-set 2 --teachers m x"
                        + " --checkpoint-root {dir}/ck --synthetic-dir {dir}/data"),
                usage("--output {dir}/notes.txt: is a file", pipeline.replace("{dir}/run", "{dir}/notes.txt")),
                usage("--no-recognition and --recognize-placeholder exclude each other",
                        pipeline, "--no-recognition --recognize-placeholder"),
                // your own dataset (--dataset folder): every fault found before anything trains
                usage("--dataset folder needs --tasks FILE", fd),
                usage("--dataset folder needs --dataset-root DIR", folder, "--tasks {dir}/tasks.json"),
                usage("--dataset must be synthetic, cityscapes or folder, not 'mine'",
                        fd.replace("folder --width", "mine --width"), "--tasks {dir}/tasks.json"),
                usage("--dataset folder needs --width and --height", fd.replace(" --width 32", ""),
                        "--tasks {dir}/tasks.json"),
                usage("--width must be a positive multiple of 32|not 100", fd.replace("--width 32", "--width 100"),
                        "--tasks {dir}/tasks.json"),
                usage("--tasks {dir}/none.json: no such file", fd, "--tasks {dir}/none.json"),
                usage("--tasks {dir}/tasks-broken.json: task sequence: malformed JSON", fd,
                        "--tasks {dir}/tasks-broken.json"),
                usage("{dir}/fd/classes.txt: task 't2' names unknown class 'zebra'", fd,
                        "--tasks {dir}/tasks-zebra.json"),
                usage("--tasks {dir}/tasks-twice.json: class 'a' belongs to both task 't1' and task 't2'", fd,
                        "--tasks {dir}/tasks-twice.json"),
                usage("no image of split 'train'|is selected by task 't2'", fd, "--tasks {dir}/tasks-empty.json"),
                usage("{dir}/fdbad/labels/train/g2_0.png: label value 7 (at x=3, y=2",
                        folder, "--dataset-root {dir}/fdbad --tasks {dir}/tasks.json"),
                usage("{dir}/fdnolabel/images/train/g1_1.png: image has no label file",
                        folder, "--dataset-root {dir}/fdnolabel --tasks {dir}/tasks.json"),
                usage("{dir}/fdorphan/labels/train/g1_1.png: label file has no image",
                        folder, "--dataset-root {dir}/fdorphan --tasks {dir}/tasks.json"),
                usage("split 'val' of folder dataset {dir}/fdnoval has no image folder",
                        folder, "--dataset-root {dir}/fdnoval --tasks {dir}/tasks.json"),
                usage("--dataset-root {dir}/notes.txt: is a file, expected a folder",
                        folder, "--dataset-root {dir}/notes.txt --tasks {dir}/tasks.json"),
                usage("{dir}/fdsize/labels/train/g2_0.png: label map is 16x16 but its image"
                        + " {dir}/fdsize/images/train/g2_0.jpg is 32x32",
                        folder, "--dataset-root {dir}/fdsize --tasks {dir}/tasks.json"),
                usage("{dir}/fdcolor/classes.txt: line 2 'b 0 255': a colour is three whole numbers 0..255",
                        folder, "--dataset-root {dir}/fdcolor --tasks {dir}/tasks.json"),
                usage("ignore index 2 is class 'c' (line 3 of {dir}/fd/classes.txt)|(4..255)",
                        fd, "--tasks {dir}/tasks.json --ignore-index 2"),
                usage("ignore index must be 0..255, not 300", fd, "--tasks {dir}/tasks.json --ignore-index 300"),
                usage("{dir}/fdbad/labels/train/g2_0.png: label value 7 (at x=3, y=2|(values 0..3; 4 = void)",
                        folder, "--dataset-root {dir}/fdbad --tasks {dir}/tasks.json --ignore-index 4"),
                usage("split 'test' of folder dataset {dir}/fd has no image folder {dir}/fd/images/test",
                        fd, "--tasks {dir}/tasks.json --val-split test"),
                usage("--ignore-index applies to --dataset folder only", pipeline, "--ignore-index 0"),
                usage("--val-split applies to --dataset folder only", pipeline, "--val-split test"),
                usage("--split is for Cityscapes; with --dataset folder, --val-split NAME",
                        "evaluate --load-model-name m --train-set t2 --weights-epoch 0 --task-to-val t1"
                                + " --checkpoint-root {dir}/ck --dataset folder --dataset-root {dir}/fd"
                                + " --tasks {dir}/tasks.json --split val"),
                usage("--train-set: no task named 'nope'; tasks: [t1, t2] (in --tasks)",
                        "train-static --model-name f1 --train-set nope --checkpoint-root {dir}/ck --dataset folder"
                                + " --dataset-root {dir}/fd --tasks {dir}/tasks.json --width 32 --height 32"),
                usage("--train-set t1 is the first task of --tasks",
                        "train-incremental --model-name f2 --train-set t1 --teachers m 0 --checkpoint-root {dir}/ck"
                                + " --dataset folder --dataset-root {dir}/fd --tasks {dir}/tasks.json --width 32 --height 32"),
                usage("--task-to-val: no task named 'nope'; tasks: [t1, t2] (in --tasks); or all",
                        "evaluate --load-model-name m --train-set t2 --weights-epoch 0 --task-to-val nope"
                                + " --checkpoint-root {dir}/ck --dataset folder --dataset-root {dir}/fd"
                                + " --tasks {dir}/tasks.json"),
                // data commands
                usage("--dataset-root {dir}/folder is not a Cityscapes tree",
                        "evaluate-predictions --predictions {dir}/folder --dataset-root {dir}/folder"),
                usage("--predictions {dir}/notes.txt: is a file",
                        "evaluate-predictions --predictions {dir}/notes.txt --dataset-root {dir}/cs"),
                usage("--output {dir}/folder: is a folder, expected a file", evalPred, "--output {dir}/folder"),
                usage("--split must be train, val or test", evalPred, "--split banana"),
                usage("--split", evalPred, "--split ,"),
                usage("--dataset-root {dir}/folder is not a Cityscapes tree",
                        "dataset-info --dataset-root {dir}/folder --split train"),
                usage("--dataset-root {dir}/notes.txt: is a file, expected a folder",
                        "dataset-info --dataset-root {dir}/notes.txt --split train"),
                usage("--split train|val|test is required on Cityscapes", "dataset-info --dataset-root {dir}/cs"),
                usage("--train-set is for Cityscapes", "dataset-info --dataset folder --dataset-root {dir}/fd --train-set 1"),
                usage("{dir}/fdsize/labels/train/g2_0.png: label map is 16x16",
                        "dataset-info --dataset folder --dataset-root {dir}/fdsize --tasks {dir}/tasks.json"),
                // failed runs: one line, exit code 1
                failure("{dir}/big/big.png: 30000x30000 pixels exceeds the limit of 268435456 pixels",
                        infer.replace("{dir}/image.png", "{dir}/big/big.png")),
                failure("{dir}/weights.pth", infer, "--input-size 64x32"));
    }

    static Stream<Arguments> environments() {
        String train = "train-static --model-name m4 --train-set 1 --checkpoint-root {dir}/ck --num-epochs 1";
        return Stream.of(
                // set but empty means unset: the same message as without the variable
                Arguments.of(Map.of("CITYSCAPES_DATASET", ""),
                        "--dataset cityscapes needs --dataset-root DIR or env CITYSCAPES_DATASET",
                        train + " --dataset cityscapes"),
                Arguments.of(Map.of("CITYSCAPES_DATASET", " "),
                        "--dataset cityscapes needs --dataset-root DIR or env CITYSCAPES_DATASET",
                        train + " --dataset cityscapes"),
                // a root from the environment is blamed on the environment, not on --dataset-root
                Arguments.of(Map.of("CITYSCAPES_DATASET", "{dir}/folder"),
                        "env CITYSCAPES_DATASET={dir}/folder is not a Cityscapes tree", train));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("badInputs")
    void oneClearLine(int exitCode, String fragments, String args) {
        check(exitCode, fragments, CliRun.of(split(args)));
    }

    @ParameterizedTest(name = "[{index}] {0} {2}")
    @MethodSource("environments")
    void environmentVariables(Map<String, String> env, String fragment, String args) {
        Map<String, String> resolved = new HashMap<>();
        env.forEach((k, v) -> resolved.put(k, fill(v)));
        check(CliErrors.USAGE, fragment, CliRun.withEnvironment(resolved, split(args)));
    }

    private static void check(int exitCode, String fragments, CliRun run) {
        String err = run.err();
        List<String> lines = err.lines().toList();
        assertEquals(exitCode, run.exitCode(), err);
        String command = run.firstErrLine().substring(0, Math.max(0, run.firstErrLine().indexOf(": ")));
        if (exitCode == CliErrors.USAGE) {
            assertEquals(2, lines.size(), "one line and the --help pointer:\n" + err);
            String help = command.equals("lifelong") ? "lifelong" : "lifelong " + command;
            assertEquals("Try './" + help + " --help' for the " + (command.equals("lifelong") ? "commands." : "options."),
                    lines.get(1));
        } else {
            assertEquals(1, lines.size(), "one line:\n" + err);
        }
        for (String f : fragments.split("\\|")) {
            assertTrue(lines.get(0).contains(fill(f)), "'" + fill(f) + "' in: " + lines.get(0));
        }
        assertFalse(JAVA_WORDS.matcher(err).find(), "no Java words or stack trace: " + err);
    }

    private static Arguments usage(String fragments, String... args) {
        return Arguments.of(CliErrors.USAGE, fragments, String.join(" ", args));
    }

    private static Arguments failure(String fragments, String... args) {
        return Arguments.of(CliErrors.FAILED, fragments, String.join(" ", args));
    }

    private static String fill(String s) {
        return s.replace("{dir}", dir.toString());
    }

    private static String[] split(String args) {
        return fill(args).split(" ");
    }
}
