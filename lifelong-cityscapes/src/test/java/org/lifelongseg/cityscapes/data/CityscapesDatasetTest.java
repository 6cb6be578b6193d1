package org.lifelongseg.cityscapes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.data.transform.SegmentationTransform;
import org.lifelongseg.core.data.transform.TransformSettings;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.image.PngDecoder;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.SelectionMode;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.testing.SharedTestData;

@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class CityscapesDatasetTest {

    static final SegmentationTransform TRAIN =
            SegmentationTransform.training(TransformSettings.reference());
    static final SegmentationTransform EVAL =
            SegmentationTransform.evaluation(TransformSettings.reference());

    static CityscapesDataset.Builder stage(Path root, int step) {
        return CityscapesDataset.builder().optRoot(root).setSplit("train")
                .optTask(CityscapesProtocol.taskSequence(), step).optTransform(TRAIN);
    }

    static List<Integer> values(NDArray labels) {
        boolean[] seen = new boolean[256];
        for (int v : labels.toIntArray()) {
            seen[v] = true;
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            if (seen[i]) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void stagesSelectTheirCitiesAndLabelOnlyTheirClasses() {
        Path root = SharedTestData.require("data/cityscapes-mini");
        try (NDManager m = NDManager.newBaseManager()) {
            CityscapesDataset s1 = stage(root, 0).setSampling(2, true, false).optSeed(3).build();
            assertEquals(4, s1.size());
            assertTrue(s1.samples().stream().allMatch(p -> p.city().equals("aachen")));
            CityscapesDataset s2 = stage(root, 1).setSampling(2, true, false).optSeed(3).build();
            assertEquals(4, s2.size());
            assertTrue(s2.samples().stream().allMatch(p -> p.city().equals("bochum")));
            assertEquals(11, s2.classSpace().size());
            int batches = 0;
            for (Batch b : s2.getData(m)) {
                try (b) {
                    assertEquals(new Shape(2, 3, 192, 640), b.getData().head().getShape());
                    assertEquals(new Shape(2, 192, 640), b.getLabels().head().getShape());
                    for (int v : values(b.getLabels().head())) {
                        assertTrue(v == 255 || (v >= 5 && v < 11), "stage-2 label " + v);
                    }
                    batches++;
                }
            }
            assertEquals(2, batches);
            // stage 3 has no city in the mini set
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> stage(root, 2).setSampling(2, true, false).build());
            assertTrue(e.getMessage().contains("task3"), e.getMessage());
        }
    }

    @Test
    void evaluationKeepsFullResolutionLabelsOfTheEvaluatedClasses() throws Exception {
        Path root = SharedTestData.require("data/cityscapes-mini");
        try (NDManager m = NDManager.newBaseManager()) {
            CityscapesDataset val = CityscapesDataset.builder().optRoot(root).setSplit("val")
                    .optTrainSet(TrainSet.T12).optTransform(EVAL).setSampling(1, false, false).build();
            assertEquals(2, val.size());
            byte[] table = TrainSet.T12.labelIdTable();
            for (Batch b : val.getData(m)) {
                try (b) {
                    assertEquals(new Shape(1, 3, 512, 1024), b.getData().head().getShape());
                    NDArray lab = b.getLabels().head();
                    assertEquals(new Shape(1, 1024, 2048), lab.getShape());
                    long i = (Long) b.getIndices().get(0);
                    byte[] raw = PngDecoder.imageIo().decodeGray(val.samples().get((int) i).label()).pixels();
                    int[] got = lab.toIntArray();
                    for (int k = 0; k < raw.length; k++) {
                        assertEquals(table[raw[k] & 0xFF] & 0xFF, got[k]);
                    }
                    for (int v : values(lab)) {
                        assertTrue(v == 255 || v < 11, "T12 label " + v);
                    }
                }
            }
            // the image equals the Pillow-resized golden input, ImageNet-normalized
            CityscapesDataset one = CityscapesDataset.builder().optRoot(root).setSplit("val")
                    .optImages(ImageFilter.groups("lindau")).optTransform(EVAL)
                    .setSampling(1, false, false).build();
            float[] img = one.prepare(0, 0).image();
            byte[] golden = PngDecoder.imageIo().decodeRgb(SharedTestData.require(
                    "reference/metrics/inputs-1024x512/lindau_000000_000019_1024x512.png")).pixels();
            int n = 512 * 1024;
            int off = 0;
            for (int p = 0; p < n; p++) {
                for (int c = 0; c < 3; c++) {
                    float want = Normalization.IMAGENET.value(c, golden[p * 3 + c] & 0xFF);
                    if (want != img[c * n + p]) {
                        off++;
                    }
                }
            }
            assertEquals(0, off, "values differing from the Pillow-resized network input");
        }
    }

    @Test
    void sameSeedSameBatches() {
        Path root = SharedTestData.require("data/cityscapes-mini");
        try (NDManager m = NDManager.newBaseManager()) {
            List<float[]> first = new ArrayList<>();
            for (int run = 0; run < 2; run++) {
                CityscapesDataset ds = stage(root, 0).setSampling(2, true, true).optSeed(11)
                        .optNumWorkers(run + 1).build();
                int k = 0;
                for (Batch b : ds.getData(m, 4)) {
                    try (b) {
                        float[] v = b.getData().head().toFloatArray();
                        if (run == 0) {
                            first.add(v);
                        } else {
                            assertArrayEquals(first.get(k), v);
                        }
                        k++;
                    }
                }
                assertEquals(2, k);
            }
        }
    }

    @Test
    void disjointModeUsesTheClassesImagesShow() {
        Path root = SharedTestData.require("data/cityscapes-mini");
        // every mini frame shows road and a car: with "car" as a future class, disjoint mode
        // leaves no image for task a; overlapped mode keeps them all
        TaskSequence over = TaskSequence.builder()
                .addTask(Task.of("a", List.of("road"), ImageFilter.all()))
                .addTask(Task.of("b", List.of("car"), ImageFilter.all()))
                .optMode(SelectionMode.OVERLAPPED).build();
        CityscapesDataset o = CityscapesDataset.builder().optRoot(root).setSplit("train")
                .optTask(over, 0).optTransform(TRAIN).setSampling(1, false, false).build();
        assertEquals(8, o.size());
        TaskSequence disj = TaskSequence.builder()
                .addTask(Task.of("a", List.of("road"), ImageFilter.all()))
                .addTask(Task.of("b", List.of("car"), ImageFilter.all()))
                .optMode(SelectionMode.DISJOINT).build();
        assertThrows(IllegalArgumentException.class, () -> CityscapesDataset.builder()
                .optRoot(root).setSplit("train").optTask(disj, 0).optTransform(TRAIN)
                .setSampling(1, false, false).build());
        CityscapesDataset d1 = CityscapesDataset.builder().optRoot(root).setSplit("train")
                .optTask(disj, 1).optTransform(TRAIN).setSampling(1, false, false).build();
        assertEquals(8, d1.size());
    }

    @Test
    void unknownClassesAreRejectedByName() {
        Path root = SharedTestData.require("data/cityscapes-mini");
        TaskSequence bad = TaskSequence.builder()
                .addTask(Task.of("a", List.of("road", "lamp post"), ImageFilter.all())).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CityscapesDataset.builder().optRoot(root).setSplit("train").optTask(bad, 0));
        assertTrue(e.getMessage().contains("lamp post"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> CityscapesDataset.builder().setSplit("a").setSplit("b"));
        assertEquals(19, CityscapesLabels.incrementalOrder().size());
    }

    @Test
    void badSamplesFailOrAreSkippedAndReported(@TempDir Path dir) throws Exception {
        CityscapesLayoutTest.copyMini(dir);
        Path img = dir.resolve("leftImg8bit/val/lindau/lindau_000000_000019_leftImg8bit.png");
        byte[] bytes = Files.readAllBytes(img);
        Files.write(img, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path orphan = dir.resolve("leftImg8bit/val/lindau/lindau_000000_000042_leftImg8bit.png");
        Files.write(orphan, bytes);
        assertThrows(IllegalArgumentException.class, () -> CityscapesDataset.builder().optRoot(dir)
                .setSplit("val").optTransform(EVAL).setSampling(1, false, false).build());
        try (NDManager m = NDManager.newBaseManager()) {
            CityscapesDataset ds = CityscapesDataset.builder().optRoot(dir).setSplit("val")
                    .optTransform(EVAL).setSampling(1, false, false).optSkipBadSamples(true).build();
            assertEquals(2, ds.size());
            int seen = 0;
            for (Batch b : ds.getData(m)) {
                seen += b.getSize();
                b.close();
            }
            assertEquals(1, seen);
            assertEquals(2, ds.badSamples().entries().size(), ds.badSamples().toString());
            assertTrue(ds.badSamples().toString().contains("lindau_000000_000042"));
            assertTrue(ds.badSamples().toString().contains("lindau_000000_000019_leftImg8bit.png"));
        }
    }
}
