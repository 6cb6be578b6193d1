package org.lifelongseg.core.data.folder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifelongseg.core.data.folder.FolderFixtures.classes;
import static org.lifelongseg.core.data.folder.FolderFixtures.sample;
import static org.lifelongseg.core.data.folder.FolderFixtures.stripes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.data.BadSampleException;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.data.PreparedSample;
import org.lifelongseg.core.data.SegmentationDataset;
import org.lifelongseg.core.data.transform.SegmentationTransform;
import org.lifelongseg.core.data.transform.TransformSettings;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.SelectionMode;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.train.LabelScope;

/** The folder dataset: layout, errors that name the file, label remapping, augmentation. */
class FolderDatasetTest {

    static final int W = 16;
    static final int H = 8;

    @TempDir Path root;

    /** Classes a, b, c, d; park_* show a, b, void, c; yard_* show c, d, a, void. */
    @BeforeEach
    void writeDataset() throws IOException {
        classes(root, "a", "b", "c", "d");
        for (int i = 0; i < 3; i++) {
            sample(root, "train", "park_" + i, W, H, stripes(W, 0, 1, 255, 2));
            sample(root, "train", "yard_" + i, W, H, stripes(W, 2, 3, 0, 255));
        }
        sample(root, "val", "v0", W, H, stripes(W, 3, 2, 1, 0));
        sample(root, "val", "v1", W, H, stripes(W, 255, 0, 0, 1));
    }

    static TaskSequence parkThenYard() {
        return TaskSequence.builder()
                .addTask(Task.of("first", List.of("c", "a"), ImageFilter.groups("park")))
                .addTask(Task.of("second", List.of("d", "b"), ImageFilter.groups("yard")))
                .build();
    }

    @Test
    void layoutReadsTheClassListAndPairsTheFilesByName() {
        FolderLayout layout = FolderLayout.at(root);
        assertEquals(List.of("a", "b", "c", "d"), layout.classes().names());
        assertEquals(List.of("train", "val"), layout.splits());
        List<FolderSample> train = layout.samples("train");
        assertEquals(List.of("park_0", "park_1", "park_2", "yard_0", "yard_1", "yard_2"),
                train.stream().map(FolderSample::id).toList());
        assertEquals("yard", train.get(4).group());
        assertEquals(root.resolve("labels/train/yard_1.png"), train.get(4).label());
        assertEquals("v0", layout.samples("val").get(0).group());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layout.samples("test"));
        assertTrue(e.getMessage().contains(root.resolve("images/test").toString())
                && e.getMessage().contains("[train, val]"), e.getMessage());
    }

    @Test
    void classListProblemsNameTheFileAndLine() throws IOException {
        Path file = root.resolve("classes.txt");
        Files.delete(file);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> FolderLayout.at(root));
        assertTrue(missing.getMessage().contains(file.toString()) && missing.getMessage().contains("missing"),
                missing.getMessage());
        IllegalArgumentException viaData = assertThrows(IllegalArgumentException.class,
                () -> FolderTaskData.builder().setRoot(root).build());
        assertTrue(viaData.getMessage().contains(file.toString()), viaData.getMessage());

        Files.writeString(file, "a\n\nc\n");
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> FolderLayout.at(root));
        assertTrue(blank.getMessage().contains(file + ": line 2 is blank"), blank.getMessage());

        Files.writeString(file, "a\nb\na\n");
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> FolderLayout.at(root));
        assertTrue(twice.getMessage().contains("'a' appears on line 1 and line 3"), twice.getMessage());

        Files.writeString(file, "\n\n");
        assertThrows(IllegalArgumentException.class, () -> FolderLayout.at(root));

        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            many.append("k").append(i).append('\n');
        }
        Files.writeString(file, many);
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> FolderLayout.at(root));
        assertTrue(tooMany.getMessage().contains("256 classes"), tooMany.getMessage());

        Files.writeString(file, "\uFEFFa\r\n b \r\nc\r\nd\r\n\r\n", StandardCharsets.UTF_8);
        assertEquals(List.of("a", "b", "c", "d"), FolderLayout.at(root).classes().names());
    }

    @Test
    void anImageWithoutLabelIsNamedOrSkippedWhenAsked() throws IOException {
        Path label = root.resolve("labels/train/yard_1.png");
        Files.delete(label);
        FolderLayout layout = FolderLayout.at(root);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FolderDataset.builder()
                .setLayout(layout).setSplit("train").setSampling(2, false, false).build());
        assertTrue(e.getMessage().contains(root.resolve("images/train/yard_1.png").toString())
                && e.getMessage().contains("no label file " + label), e.getMessage());
        FolderDataset skipping = FolderDataset.builder().setLayout(layout).setSplit("train")
                .setSampling(2, false, false).optSkipBadSamples(true).build();
        assertEquals(5, skipping.size());
        assertEquals("yard_1", skipping.badSamples().entries().get(0).sampleId());
    }

    @Test
    void aLabelValueOutsideTheClassListIsNamedWithItsFile() throws IOException {
        sample(root, "train", "yard_1", W, H, (x, y) -> x == 5 && y == 3 ? 7 : 0);
        FolderDataset ds = FolderDataset.builder().setLayout(FolderLayout.at(root)).setSplit("train")
                .setSampling(6, false, false).optNumWorkers(1).build();
        Path label = root.resolve("labels/train/yard_1.png");
        BadSampleException e = assertThrows(BadSampleException.class, () -> ds.read(4));
        assertEquals(label, e.file().orElseThrow());
        assertTrue(e.getMessage().startsWith(label + ": label value 7 (at x=5, y=3; 1 pixel(s))")
                && e.getMessage().contains(root.resolve("classes.txt") + " lists 4 classes"), e.getMessage());
        try (NDManager m = NDManager.newBaseManager()) {
            UncheckedIOException during = assertThrows(UncheckedIOException.class, () -> {
                for (Batch b : ds.getData(m)) {
                    b.close();
                }
            });
            assertTrue(during.getMessage().contains(label.toString()), during.getMessage());
        }
    }

    @Test
    void checkFindsBadInputOfEveryTaskAndSplitBeforeTraining() throws IOException {
        FolderTaskData data = FolderTaskData.builder().setRoot(root).build();
        data.check(parkThenYard()); // all well
        // a task that selects no image
        TaskSequence noImages = TaskSequence.builder()
                .addTask(Task.of("first", List.of("a"), ImageFilter.groups("park")))
                .addTask(Task.of("second", List.of("b"), ImageFilter.groups("garden")))
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> data.check(noImages));
        assertTrue(e.getMessage().contains("task 'second'") && e.getMessage().contains("no image"), e.getMessage());
        // a bad label value in the val split, which no training step reads
        sample(root, "val", "v1", W, H, (x, y) -> x == 2 && y == 1 ? 9 : 0);
        e = assertThrows(IllegalArgumentException.class, () -> data.check(parkThenYard()));
        assertTrue(e.getMessage().startsWith(root.resolve("labels/val/v1.png") + ": label value 9"), e.getMessage());
        // an image without label in val
        sample(root, "val", "v1", W, H, stripes(W, 0));
        Files.delete(root.resolve("labels/val/v0.png"));
        e = assertThrows(IllegalArgumentException.class, () -> data.check(parkThenYard()));
        assertTrue(e.getMessage().contains(root.resolve("images/val/v0.png").toString()), e.getMessage());
        // and the reverse: a label without image
        sample(root, "val", "v0", W, H, stripes(W, 0));
        Files.delete(root.resolve("images/train/park_1.png"));
        e = assertThrows(IllegalArgumentException.class, () -> data.check(parkThenYard()));
        assertEquals(root.resolve("labels/train/park_1.png") + ": label file has no image in "
                + root.resolve("images/train"), e.getMessage());
    }

    @Test
    void anImageAndLabelOfDifferentSizesAreNamed() throws IOException {
        sample(root, "scratch", "x", 8, H, stripes(8, 0));
        Files.copy(root.resolve("labels/scratch/x.png"), root.resolve("labels/train/park_2.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        FolderDataset ds = FolderDataset.builder().setLayout(FolderLayout.at(root)).setSplit("train")
                .setSampling(1, false, false).build();
        BadSampleException e = assertThrows(BadSampleException.class, () -> ds.prepare(2, 0));
        assertTrue(e.getMessage().contains(root.resolve("labels/train/park_2.png") + ": label map is 8x8")
                && e.getMessage().contains(root.resolve("images/train/park_2.png") + " is 16x8"), e.getMessage());
    }

    @Test
    void aTaskClassMissingFromTheClassListIsNamed() {
        FolderTaskData data = FolderTaskData.builder().setRoot(root).build();
        TaskSequence seq = TaskSequence.builder()
                .addTask(Task.of("first", List.of("a"), ImageFilter.all()))
                .addTask(Task.of("second", List.of("zebra"), ImageFilter.all()))
                .build();
        for (LabelScope scope : LabelScope.values()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> data.trainingData(seq, 0, scope, 2, 1));
            assertTrue(e.getMessage().contains(root.resolve("classes.txt").toString())
                    && e.getMessage().contains("'zebra'") && e.getMessage().contains("'second'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> data.evaluationData("val", ClassSpace.of("a", "zebra"), 2));
    }

    @Test
    void stepLabelsAreTheNewClassesAsChannelsOfTheStepsClassSpace() throws IOException {
        FolderTaskData data = FolderTaskData.builder().setRoot(root).optHorizontalFlip(false)
                .optNormalization(Normalization.NONE).optNumWorkers(1).build();
        TaskSequence seq = parkThenYard();
        // step 1: classes [c, a, d, b]; only d (2) and b (3) labelled, on the yard images
        SegmentationDataset step1 = data.trainingData(seq, 1, LabelScope.NEW_CLASSES, 3, 5);
        assertEquals(List.of("yard_0", "yard_1", "yard_2"),
                ((FolderDataset) step1).samples().stream().map(FolderSample::id).toList());
        int[] expectedRow = row(255, 2, 255, 255); // yard raw stripes c, d, a, void
        checkLabels(step1, expectedRow);
        SegmentationDataset joint = data.trainingData(seq, 1, LabelScope.ALL_SEEN_CLASSES, 3, 5);
        checkLabels(joint, row(0, 2, 1, 255));
        SegmentationDataset step0 = data.trainingData(seq, 0, LabelScope.NEW_CLASSES, 3, 5);
        checkLabels(step0, row(1, 255, 255, 0)); // park raw stripes a, b, void, c in space [c, a]
    }

    @Test
    void theProvidersEvaluationDataIsTheValSplitWithTheGivenClassesLabelled(@TempDir Path noVal) throws IOException {
        FolderTaskData data = FolderTaskData.builder().setRoot(root).optNumWorkers(1).build();
        ClassSpace model = ClassSpace.of("c", "a");
        SegmentationDataset val = data.evaluationData(model, 2).orElseThrow();
        assertEquals(List.of("v0", "v1"), ((FolderDataset) val).samples().stream().map(FolderSample::id).toList());
        try (NDManager m = NDManager.newBaseManager()) {
            for (Batch b : val.getData(m, 0)) {
                try (b) {
                    int[] v = b.getLabels().head().toIntArray();
                    // v0 shows d, c, b, a; v1 void, a, a, b: c is channel 0, a channel 1, the rest 255
                    assertEquals(255, v[0]);
                    assertEquals(0, v[W / 4]);
                    assertEquals(1, v[3 * W / 4]);
                    assertEquals(1, v[W * H + W / 4]);
                }
            }
        }
        classes(noVal, "a");
        sample(noVal, "train", "t0", W, H, stripes(W, 0));
        // no val split: an error naming the missing folder, as FileTaskData.evaluationData documents
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FolderTaskData.builder().setRoot(noVal).build().evaluationData(model, 2));
        assertTrue(e.getMessage().contains(noVal.resolve("images/val").toString()), e.getMessage());
    }

    private static int[] row(int... stripeValues) {
        int[] r = new int[W];
        for (int x = 0; x < W; x++) {
            r[x] = stripeValues[x * stripeValues.length / W];
        }
        return r;
    }

    private static void checkLabels(SegmentationDataset ds, int[] expectedRow) {
        try (NDManager m = NDManager.newBaseManager()) {
            int batches = 0;
            for (Batch b : ds.getData(m, 0)) {
                try (b) {
                    NDArray labels = b.getLabels().head();
                    assertEquals(new Shape(3, H, W), labels.getShape());
                    int[] v = labels.toIntArray();
                    for (int i = 0; i < v.length; i++) {
                        assertEquals(expectedRow[i % W], v[i], "pixel " + i);
                    }
                    batches++;
                }
            }
            assertEquals(1, batches);
        }
    }

    @Test
    void augmentationIsSeededAndKeepsImageAndLabelsAligned() {
        FolderTaskData data = FolderTaskData.builder().setRoot(root).optCrop(9, 5)
                .optNormalization(Normalization.NONE).optNumWorkers(2).build();
        TaskSequence one = TaskSequence.builder()
                .addTask(Task.of("all", List.of("a", "b", "c", "d"), ImageFilter.all())).build();
        List<float[]> first = images(data.trainingData(one, 0, LabelScope.NEW_CLASSES, 2, 42), 0);
        List<float[]> again = images(data.trainingData(one, 0, LabelScope.NEW_CLASSES, 2, 42), 0);
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), again.get(i));
        }
        List<float[]> epoch1 = images(data.trainingData(one, 0, LabelScope.NEW_CLASSES, 2, 42), 1);
        boolean differs = false;
        for (int i = 0; i < first.size(); i++) {
            differs |= !java.util.Arrays.equals(first.get(i), epoch1.get(i));
        }
        assertTrue(differs, "another epoch draws other crops and flips");

        boolean flipped = false;
        boolean plain = false;
        try (NDManager m = NDManager.newBaseManager()) {
            for (int epoch = 0; epoch < 3; epoch++) {
                for (Batch b : data.trainingData(one, 0, LabelScope.NEW_CLASSES, 2, 7).getData(m, epoch)) {
                    try (b) {
                        float[] img = b.getData().head().toFloatArray();
                        int[] lab = b.getLabels().head().toIntArray();
                        int n = lab.length / (9 * 5);
                        for (int s = 0; s < n; s++) {
                            for (int y = 0; y < 5; y++) {
                                int g0 = Math.round(img[((s * 3 + 1) * 5 + y) * 9] * 255);
                                int g1 = Math.round(img[((s * 3 + 1) * 5 + y) * 9 + 1] * 255);
                                flipped |= g1 == g0 - 1;
                                plain |= g1 == g0 + 1;
                                for (int x = 0; x < 9; x++) {
                                    int red = Math.round(img[((s * 3) * 5 + y) * 9 + x] * 255);
                                    int green = Math.round(img[((s * 3 + 1) * 5 + y) * 9 + x] * 255);
                                    int label = lab[(s * 5 + y) * 9 + x];
                                    assertEquals(label == 255 ? 250 : 20 * label, red, "image and label agree");
                                    assertEquals(Math.abs(green - g0), x, "a contiguous window");
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(flipped && plain, "both flipped and unflipped crops occur");
    }

    private static Shape shape(PreparedSample s) {
        assertEquals(s.height(), s.labelHeight(), "labels resized with the image");
        return new Shape(s.height(), s.width());
    }

    private static List<float[]> images(SegmentationDataset ds, int epoch) {
        List<float[]> out = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            for (Batch b : ds.getData(m, epoch)) {
                try (b) {
                    out.add(b.getData().head().toFloatArray());
                }
            }
        }
        return out;
    }

    @Test
    void validationUsesItsSplitOrTheSequencesImagesAndLabelsEverySeenClass() throws IOException {
        TaskSequence seq = parkThenYard();
        FolderTaskData none = FolderTaskData.builder().setRoot(root).build();
        assertTrue(none.validationData(seq, 1, 2).isEmpty());

        FolderTaskData withVal = FolderTaskData.builder().setRoot(root).optResize(8, 4)
                .optCrop(4, 4).optValidationSplit("val").build();
        FolderDataset val = (FolderDataset) withVal.validationData(seq, 1, 2).orElseThrow();
        assertEquals(List.of("v0", "v1"), val.samples().stream().map(FolderSample::id).toList());
        assertEquals(List.of("c", "a", "d", "b"), val.labelledClasses());
        assertEquals(SegmentationTransform.evaluation(withVal.settings()), val.transform()); // no crop, no flip
        assertEquals(8, withVal.settings().resizeWidth());
        assertEquals(new Shape(4, 8), shape(val.prepare(0, 0)));

        TaskSequence declared = TaskSequence.builder()
                .addTask(Task.of("first", List.of("c", "a"), ImageFilter.groups("park")))
                .optValidationImages(ImageFilter.ids(List.of("yard_2")))
                .build();
        FolderDataset fromTrain = (FolderDataset) none.validationData(declared, 0, 2).orElseThrow();
        assertEquals(List.of("yard_2"), fromTrain.samples().stream().map(FolderSample::id).toList());

        IllegalArgumentException noSplit = assertThrows(IllegalArgumentException.class,
                () -> FolderTaskData.builder().setRoot(root).optValidationSplit("test").build());
        assertTrue(noSplit.getMessage().contains(root.resolve("images/test").toString()), noSplit.getMessage());
    }

    @Test
    void theWholeTransformCanReplaceTheShortcutsAndBringsColourJitter() throws IOException {
        TransformSettings plain = TransformSettings.builder().optKeepSize().optNoCrop().optMaxDownscale(1)
                .optFlipProbability(0).optColorJitter(0, 0, 0, 0).optNormalization(Normalization.NONE).build();
        TransformSettings darker = TransformSettings.builder().optKeepSize().optNoCrop().optMaxDownscale(1)
                .optFlipProbability(0).optColorJitter(0.5, 0, 0, 0).optNormalization(Normalization.NONE).build();
        assertThrows(IllegalStateException.class, () -> FolderTaskData.builder().optTransform(plain).optResize(8, 8));
        assertThrows(IllegalStateException.class, () -> FolderTaskData.builder().optCrop(8, 8).optTransform(plain));
        TaskSequence one = TaskSequence.builder()
                .addTask(Task.of("all", List.of("a", "b", "c", "d"), ImageFilter.all())).build();
        FolderTaskData a = FolderTaskData.builder().setRoot(root).optTransform(plain).optNoValidation().build();
        FolderTaskData b = FolderTaskData.builder().setRoot(root).optTransform(darker).build();
        assertEquals(darker, b.settings());
        PreparedSample unchanged = ((FolderDataset) a.trainingData(one, 0, LabelScope.NEW_CLASSES, 1, 9)).prepare(0, 0);
        PreparedSample jittered = ((FolderDataset) b.trainingData(one, 0, LabelScope.NEW_CLASSES, 1, 9)).prepare(0, 0);
        assertArrayEquals(unchanged.labels(), jittered.labels());
        assertFalse(java.util.Arrays.equals(unchanged.image(), jittered.image()), "brightness jitter");
        TaskSequence withValidation = TaskSequence.builder()
                .addTask(Task.of("all", List.of("a"), ImageFilter.all()))
                .optValidationImages(ImageFilter.ids(List.of("yard_2"))).build();
        assertTrue(a.validationData(withValidation, 0, 1).isEmpty());
        assertEquals("off", a.describe().get("validation"));
        assertEquals(1, b.validationData(withValidation, 0, 1).orElseThrow().size());
        assertEquals("sequence", b.describe().get("validation"));
    }

    @Test
    void jpegImagesAndPrefixGroupsWork() throws IOException {
        sample(root, "train", "shore_0", W, H, stripes(W, 1), "jpg");
        FolderLayout layout = FolderLayout.at(root);
        FolderDataset shore = FolderDataset.builder().setLayout(layout).setSplit("train")
                .optImages(ImageFilter.groups("shore")).setSampling(1, false, false).build();
        assertEquals(root.resolve("images/train/shore_0.jpg"), shore.samples().get(0).image());
        LabeledImage img = shore.read(0);
        assertEquals(W, img.width());
        assertEquals(20, img.rgb()[0] & 0xFF, 12.0, "JPEG is lossy but close");
    }

    @Test
    void disjointModeKeepsImagesWithoutFutureClasses() throws IOException {
        sample(root, "train", "lot_0", W, H, stripes(W, 2, 255)); // c only
        TaskSequence seq = TaskSequence.builder()
                .addTask(Task.of("first", List.of("c"), ImageFilter.all()))
                .addTask(Task.of("second", List.of("a", "b", "d"), ImageFilter.all()))
                .optMode(SelectionMode.DISJOINT)
                .build();
        FolderDataset step0 = FolderDataset.builder().setLayout(FolderLayout.at(root)).setSplit("train")
                .optTask(seq, 0).setSampling(1, false, false).build();
        assertEquals(List.of("lot_0"), step0.samples().stream().map(FolderSample::id).toList());
        FolderDataset step1 = FolderDataset.builder().setLayout(FolderLayout.at(root)).setSplit("train")
                .optTask(seq, 1).setSampling(1, false, false).build();
        assertEquals(6, step1.size());
        assertNotEquals(step0.classSpace(), step1.classSpace());
    }

    @Test
    void settingsAreGivenOnce() {
        assertThrows(IllegalStateException.class, () -> FolderTaskData.builder().optResize(8, 8).optResize(8, 8));
        assertThrows(IllegalStateException.class, () -> FolderTaskData.builder().setRoot(root).setRoot(root));
        assertThrows(IllegalArgumentException.class, () -> FolderTaskData.builder().setRoot(root)
                .optResize(8, 8).optCrop(16, 8).build());
        assertThrows(IllegalStateException.class, () -> FolderDataset.builder().setSplit("train")
                .setSampling(1, false, false).build());
        FolderTaskData.Builder b = FolderTaskData.builder().setRoot(root);
        assertEquals(b.build().settings(), b.build().settings());
    }
}
