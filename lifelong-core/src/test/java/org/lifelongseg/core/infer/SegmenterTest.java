package org.lifelongseg.core.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.MalformedModelException;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.CategoryMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.LabelMap;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.testing.SharedTestData;

/** The inference path with a real Cityscapes-trained network (ENet TorchScript, 19 classes + void). */
class SegmenterTest {

    private static final List<String> ENET_CLASSES =
            IntStream.range(0, 20).mapToObj(i -> i == 19 ? "void" : "trainId" + i).toList();

    static Model loadEnet() throws IOException, MalformedModelException {
        Path pt = SharedTestData.require("reference/enet-cityscapes/enet20_traced.pt");
        Model model = Model.newInstance("enet", Device.cpu(), "PyTorch");
        model.load(pt.getParent(), "enet20_traced");
        return model;
    }

    private static Segmenter enetSegmenter(Model model, ClassSubset subset) {
        return Segmenter.builder()
                .setModel(model)
                .optTranslator(SegmentationTranslator.builder()
                        .optClassNames(ENET_CLASSES)
                        .optClassSubset(subset)
                        .build())
                .build();
    }

    /** Pixel accuracy of the real ENet against the real ground truth, frame by frame, >= 0.90. */
    @Test
    void realNetworkSegmentsRealFramesAccurately() throws Exception {
        Path inputs = SharedTestData.require("reference/metrics/inputs-1024x512");
        Path gtRoot = SharedTestData.require("data/cityscapes-mini/gtFine/train");
        List<Path> frames;
        try (Stream<Path> s = Files.list(inputs)) {
            frames = s.sorted().toList();
        }
        List<String> report = new ArrayList<>();
        int checked = 0;
        try (Model model = loadEnet();
                Segmenter segmenter = enetSegmenter(model, ClassSubset.range(0, 19))) {
            for (Path input : frames) {
                String frame = input.getFileName().toString().replace("_1024x512.png", "");
                String city = frame.substring(0, frame.indexOf('_'));
                Path gt = gtRoot.resolve(city).resolve(frame + "_gtFine_labelTrainIds.png");
                if (!Files.exists(gt)) {
                    continue; // val frames: only the train frames carry the 0.90 requirement
                }
                CategoryMask mask = segmenter.segment(input);
                LabelMap labels = ImageFiles.readLabels(gt);
                int[] size = {labels.width(), labels.height()};
                byte[] truth = labels.values();
                int[][] pred = upsampleNearest(mask.getMask(), size[0], size[1]);
                long correct = 0;
                long total = 0;
                for (int y = 0; y < size[1]; y++) {
                    for (int x = 0; x < size[0]; x++) {
                        int t = truth[y * size[0] + x] & 0xFF;
                        if (t != 255) {
                            total++;
                            correct += pred[y][x] == t ? 1 : 0;
                        }
                    }
                }
                double acc = (double) correct / total;
                report.add(frame + "=" + String.format("%.4f", acc));
                assertTrue(acc >= 0.90, "pixel accuracy of " + frame + " is " + acc);
                checked++;
            }
        }
        assertEquals(8, checked, "train frames checked");
        System.out.println("ENet pixel accuracy per train frame: " + report);
    }

    /** A restricted argmax only ever yields the subset's channels, at the image's own size. */
    @Test
    void restrictedArgmaxStaysInSubsetAndKeepsImageSize() throws Exception {
        Path input = SharedTestData.require(
                "reference/metrics/inputs-1024x512/aachen_000000_000019_1024x512.png");
        RgbImage small = ImageFiles.readRgb(input).resizeBilinear(512, 256);
        Image image = ImageFactory.getInstance().fromImage(small.toBufferedImage());
        try (Model model = loadEnet();
                Segmenter segmenter = enetSegmenter(model, ClassSubset.range(5, 11))) {
            CategoryMask mask = segmenter.segment(image);
            assertEquals(256, mask.getMask().length);
            assertEquals(512, mask.getMask()[0].length);
            for (int[] row : mask.getMask()) {
                for (int v : row) {
                    assertTrue(v >= 5 && v < 11, "channel " + v + " outside task 2");
                }
            }
        }
    }

    /** 1,000 inference calls leave the model's live NDArrays and the heap flat. */
    @Test
    void noResourceLeakOverManyCalls() throws Exception {
        Path input = SharedTestData.require(
                "reference/metrics/inputs-1024x512/aachen_000000_000019_1024x512.png");
        RgbImage tiny = ImageFiles.readRgb(input).resizeBilinear(64, 32);
        Image image = ImageFactory.getInstance().fromImage(tiny.toBufferedImage());
        try (Model model = loadEnet();
                Segmenter segmenter = Segmenter.builder()
                        .setModel(model)
                        
                        .optTranslator(SegmentationTranslator.builder()
                                .optClassNames(ENET_CLASSES)
                                .optInputSize(64, 32)
                                .build())
                        .build()) {
            for (int i = 0; i < 50; i++) {
                segmenter.segment(image);
            }
            int arraysBefore = model.getNDManager().getManagedArrays().size();
            long heapBefore = usedHeapAfterGc();
            for (int i = 0; i < 1000; i++) {
                segmenter.segment(image);
            }
            int arraysAfter = model.getNDManager().getManagedArrays().size();
            long heapAfter = usedHeapAfterGc();
            assertEquals(arraysBefore, arraysAfter, "live NDArrays under the model's manager");
            assertTrue(heapAfter - heapBefore < 16L << 20,
                    "heap grew by " + (heapAfter - heapBefore) + " bytes over 1,000 calls");
        }
    }

    @Test
    void unreadableImageNamesTheFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path bad = dir.resolve("truncated.png");
        Path good = SharedTestData.require(
                "reference/metrics/inputs-1024x512/aachen_000000_000019_1024x512.png");
        byte[] bytes = Files.readAllBytes(good);
        Files.write(bad, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        try (Model model = loadEnet();
                Segmenter segmenter = enetSegmenter(model, ClassSubset.all(20))) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> segmenter.segment(bad));
            assertTrue(e.getMessage().contains("truncated.png"), e.getMessage());
        }
    }

    private static int[][] upsampleNearest(int[][] mask, int width, int height) {
        int h = mask.length;
        int w = mask[0].length;
        int[][] out = new int[height][width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[y][x] = mask[(int) ((long) y * h / height)][(int) ((long) x * w / width)];
            }
        }
        return out;
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
