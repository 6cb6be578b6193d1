package org.lifelongseg.cityscapes.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.LabelMap;
import org.lifelongseg.core.engine.NativeArrays;
import org.lifelongseg.core.engine.TorchRuntime;
import org.lifelongseg.core.metrics.SegmentationMetrics;
import org.lifelongseg.core.infer.Upsampling;
import org.lifelongseg.core.metrics.TaskEvaluator;
import org.lifelongseg.core.testing.SharedTestData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class-incremental protocol's task evaluation of the real ENet (TorchScript, standard trainId
 * channels) on the 10 mini-Cityscapes frames reproduces the reference's mIoU, class IoU and
 * confusion matrices for tasks 1, 2, 3, 1∪2 and 1∪2∪3.
 *
 * <p>The confusion matrices are equal up to near-ties: a pixel whose two best (task) logits lie
 * within {@value #TIE} of each other may take the other class when the convolutions sum in
 * another order (PyTorch's own kernels instead of oneDNN's, see TorchRuntime). Each such pixel
 * moves one count between two cells, so the matrices may differ by at most twice the number of
 * near-tie pixels (after the 2x nearest upsampling), and by nothing elsewhere.
 */
class EnetTaskEvaluationParityTest {

    private static final Logger LOG = LoggerFactory.getLogger(EnetTaskEvaluationParityTest.class);

    /** Logit margin under which float32 summation order can flip the argmax. */
    private static final float TIE = 1e-3f;

    @Test
    void reproducesReferenceTaskMetrics() throws Exception {
        Path modelDir = SharedTestData.require("reference/enet-cityscapes");
        SharedTestData.require("reference/enet-cityscapes/enet20_traced.pt");
        Path inputs = SharedTestData.require("reference/metrics/inputs-1024x512");
        Path golden = SharedTestData.require("reference/metrics/enet-task-metrics.json");
        Path gtRoot = SharedTestData.require("data/cityscapes-mini/gtFine");

        JsonObject tasks =
                JsonParser.parseString(Files.readString(golden)).getAsJsonObject().getAsJsonObject("tasks");
        Map<String, TaskEvaluator> evaluators = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : tasks.entrySet()) {
            List<String> names = new ArrayList<>();
            e.getValue().getAsJsonObject().getAsJsonArray("classes").forEach(n -> names.add(n.getAsString()));
            // the task's classes (incremental order) live in ENet's standard trainId channels
            int[] channels = names.stream().mapToInt(n -> CityscapesLabels.byName(n).trainId()).toArray();
            evaluators.put(
                    e.getKey(),
                    TaskEvaluator.builder().optName(e.getKey()).setChannels(channels).setClassNames(names).build());
        }

        // the reference's extra check: 19 class channels (void excluded), bilinear upsampling
        List<String> std = CityscapesLabels.trainClasses().stream().map(l -> l.name()).toList();
        TaskEvaluator bilinear =
                TaskEvaluator.builder()
                        .optName("all19-bilinear")
                        .setChannels(java.util.stream.IntStream.range(0, 19).toArray())
                        .setClassNames(std)
                        .optUpsampling(Upsampling.BILINEAR)
                        .build();
        double bilinearRef =
                JsonParser.parseString(Files.readString(golden))
                        .getAsJsonObject()
                        .getAsJsonObject("all19_bilinear_unrestricted_void_excluded")
                        .get("mIoU")
                        .getAsDouble();

        List<Path> frames;
        try (Stream<Path> s = Files.list(inputs)) {
            frames = s.filter(p -> p.toString().endsWith("_1024x512.png")).sorted().toList();
        }
        assertEquals(10, frames.size());
        byte[] toTrainId = CityscapesLabels.labelIdToTrainIdTable();

        TorchRuntime.ensureReady(); // as every model of the library: the same kernels in any test order
        Map<String, Long> nearTies = new LinkedHashMap<>();
        try (Model model = Model.newInstance("enet", Device.cpu(), "PyTorch")) {
            model.load(modelDir, "enet20_traced");
            for (Path frame : frames) {
                String name = frame.getFileName().toString().replace("_1024x512.png", "");
                Path gtFile = findGroundTruth(gtRoot, name);
                LabelMap gt = ImageFiles.readLabels(gtFile);
                byte[] trainIds = new byte[gt.values().length];
                for (int i = 0; i < trainIds.length; i++) {
                    trainIds[i] = toTrainId[gt.values()[i] & 0xFF];
                }
                try (NDManager manager = model.getNDManager().newSubManager()) {
                    NDArray x = readRgb(manager, frame);
                    NDArray logits =
                            model.getBlock()
                                    .forward(new ParameterStore(manager, false), new NDList(x), false)
                                    .singletonOrThrow();
                    assertEquals(new Shape(1, 20, 512, 1024), logits.getShape());
                    NDArray labels =
                            manager.create(trainIds, new Shape(1, gt.height(), gt.width()))
                                    .toType(DataType.UINT8, false);
                    for (Map.Entry<String, TaskEvaluator> e : evaluators.entrySet()) {
                        e.getValue().update(logits, labels);
                        nearTies.merge(e.getKey(), 4 * nearTies(logits, e.getValue().channels()), Long::sum);
                    }
                    bilinear.update(logits, labels);
                }
            }
        }

        double maxMiou = 0;
        double maxClass = 0;
        for (Map.Entry<String, TaskEvaluator> e : evaluators.entrySet()) {
            JsonObject ref = tasks.getAsJsonObject(e.getKey());
            SegmentationMetrics m = e.getValue().metrics();
            maxMiou = Math.max(maxMiou, Math.abs(m.meanIoU() - ref.get("mIoU").getAsDouble()));
            for (Map.Entry<String, JsonElement> c : ref.getAsJsonObject("classIoU").entrySet()) {
                maxClass = Math.max(maxClass, Math.abs(m.classIoU(c.getKey()) - c.getValue().getAsDouble()));
            }
            long[][] expected = toLongMatrix(ref.getAsJsonArray("confusion"));
            long moved = 0;
            long total = 0;
            for (int i = 0; i < expected.length; i++) {
                for (int j = 0; j < expected[i].length; j++) {
                    moved += Math.abs(expected[i][j] - m.confusion()[i][j]);
                    total += expected[i][j];
                }
            }
            long ties = nearTies.get(e.getKey());
            LOG.warn("task {}: confusion differs by {} counts of {} pixels; {} near-tie pixels",
                    e.getKey(), moved, total, ties);
            assertTrue(moved <= 2 * ties, "task " + e.getKey() + ": confusion matrices differ by "
                    + moved + " counts, more than the " + ties + " near-tie pixels can explain");
            // the bound must stay tight: near ties are a small fraction of all pixels
            assertTrue(ties < 1e-3 * frames.size() * 2048 * 1024,
                    "task " + e.getKey() + ": " + ties + " near ties");
        }
        double bilinearErr = Math.abs(bilinear.metrics().meanIoU() - bilinearRef);
        LOG.warn(
                "ENet task parity: max |d mIoU| = {}, max |d class IoU| = {}; bilinear 19-class |d mIoU| = {}",
                maxMiou, maxClass, bilinearErr);
        assertTrue(bilinearErr < 1e-4, "bilinear 19-class mIoU differs by " + bilinearErr);
        assertTrue(maxMiou < 1e-4, "mIoU differs by " + maxMiou);
        assertTrue(maxClass < 1e-4, "class IoU differs by " + maxClass);
    }

    /** Pixels of {@code (1, C, h, w)} logits whose two best channels among {@code channels} are within {@link #TIE}. */
    private static long nearTies(NDArray logits, int[] channels) {
        if (channels.length < 2) {
            return 0;
        }
        try (NDManager scope = logits.getManager().newSubManager()) {
            NDArray index = NativeArrays.of(scope, java.util.Arrays.stream(channels).asLongStream().toArray());
            NDArray sorted = logits.get(new ai.djl.ndarray.index.NDIndex(":, {}", index)).sort(1);
            long c = channels.length;
            NDArray margin = sorted.get(":, " + (c - 1)).sub(sorted.get(":, " + (c - 2)));
            margin.attach(scope);
            return margin.lt(TIE).sum().toType(DataType.INT64, false).getLong();
        }
    }

    private static Path findGroundTruth(Path gtRoot, String frame) throws IOException {
        try (Stream<Path> s = Files.walk(gtRoot)) {
            return s.filter(p -> p.getFileName().toString().equals(frame + "_gtFine_labelIds.png"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no ground truth for " + frame + " under " + gtRoot));
        }
    }

    /** RGB / 255 as a (1, 3, H, W) float array. */
    static NDArray readRgb(NDManager manager, Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        float[] chw = new float[3 * w * h];
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            int v = argb[i];
            chw[i] = ((v >> 16) & 0xFF) / 255f;
            chw[plane + i] = ((v >> 8) & 0xFF) / 255f;
            chw[2 * plane + i] = (v & 0xFF) / 255f;
        }
        return manager.create(chw, new Shape(1, 3, h, w));
    }

    private static long[][] toLongMatrix(JsonArray rows) {
        long[][] out = new long[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonArray r = rows.get(i).getAsJsonArray();
            out[i] = new long[r.size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = r.get(j).getAsLong();
            }
        }
        return out;
    }
}
