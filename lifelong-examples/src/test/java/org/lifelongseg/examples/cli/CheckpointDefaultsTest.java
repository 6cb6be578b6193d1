package org.lifelongseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.modality.cv.output.CategoryMask;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.infer.InputSpec;
import org.lifelongseg.core.infer.SegmentationTranslator;
import org.lifelongseg.core.infer.Segmenter;
import org.lifelongseg.core.metrics.ConfusionMatrix;
import org.lifelongseg.core.recognize.SegmentationConfidenceScorer;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.train.Teacher;
import org.lifelongseg.erfnet.load.ErfNetModels;
import org.lifelongseg.erfnet.train.ErfNetTeachers;

/**
 * A checkpoint knows how it must be fed: a model trained here and then used through every entry
 * point with its defaults (the segmenter, {@code infer}, {@code evaluate}, the confidence scorer,
 * a teacher) gets the trained model's validation mIoU back. The same model fed RGB/255 instead of
 * the ImageNet normalization it was trained with scores far lower, so each check can fail.
 */
class CheckpointDefaultsTest {

    @TempDir static Path dir;

    private static Path weightsDir;
    private static Path data;
    private static double validationMiou;
    private static List<String> classes;

    @BeforeAll
    static void train() throws Exception {
        CliRun r = CliRun.of("train-static", "--model-name", "m", "--train-set", "1", "--city",
                "--validate", "--checkpoint-root", dir.resolve("ck").toString(), "--synthetic-dir",
                dir.resolve("data").toString(), "--synthetic-frames", "4", "--num-epochs", "8",
                "--batch-size", "2", "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        weightsDir = dir.resolve("ck/m/models/weights_7");
        try (Stream<Path> s = Files.list(dir.resolve("data"))) {
            data = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        JsonObject state = JsonParser.parseString(
                Files.readString(weightsDir.resolve("training-state.json"))).getAsJsonObject();
        JsonArray validations = state.getAsJsonArray("validations");
        validationMiou = validations.get(validations.size() - 1).getAsJsonObject()
                .get("taskMeanIoU").getAsDouble();
        classes = InputSpec.find(weightsDir).orElseThrow().classNames();
        assertEquals(List.of("road", "sidewalk", "vegetation", "terrain", "sky"), classes);
    }

    @Test
    void theCheckpointRecordsHowItIsFed() throws IOException {
        InputSpec spec = InputSpec.find(weightsDir.resolve("model.safetensors")).orElseThrow();
        assertEquals(Normalization.IMAGENET, spec.normalization());
        assertEquals(DatasetOptions.SYNTHETIC_NETWORK_WIDTH, spec.width());
        assertEquals(DatasetOptions.SYNTHETIC_NETWORK_HEIGHT, spec.height());
        assertEquals(255, spec.ignoreIndex());
        assertTrue(spec.dataset().startsWith("synthetic"), spec.dataset());
        assertTrue(validationMiou > 0.3, "the model must have learned something: " + validationMiou);
    }

    @Test
    void theSegmenterWithItsDefaultsReproducesTheValidationMiou() throws Exception {
        List<Path> frames = frames("train/erfurt");
        try (Model model = ErfNetModels.load(ErfNetModels.weightsFile(weightsDir), 0, Device.cpu())) {
            double defaults;
            try (Segmenter s = Segmenter.builder().setModel(model).build()) {
                defaults = meanIoU(s, frames);
            }
            assertEquals(validationMiou, defaults, 0.01, "segmenter defaults vs the trainer's validation");
            double dropped;
            try (Segmenter s = Segmenter.builder().setModel(model)
                    .optTranslator(SegmentationTranslator.builder().optClassNames(classes)
                            .optNormalization(Normalization.NONE).build())
                    .build()) {
                dropped = meanIoU(s, frames);
            }
            System.out.printf("validation mIoU %.4f, segmenter defaults %.4f, without the normalization %.4f%n",
                    validationMiou, defaults, dropped);
            assertTrue(defaults - dropped > 0.05,
                    "without the recorded normalization the model must do worse: " + defaults + " vs " + dropped);
        }
    }

    @Test
    void inferWritesWhatTheSegmenterComputesAsTrainIds() throws Exception {
        Path frame = frames("val").get(0);
        CliRun r = CliRun.of("infer", "--weights", weightsDir.resolve("model.safetensors").toString(),
                "--image", frame.toString(), "--output-path", dir.resolve("out").toString());
        assertEquals(0, r.exitCode(), r.err());
        String stem = frame.getFileName().toString().replace(".png", "");
        byte[] written = ImageFiles.readLabels(dir.resolve("out/" + stem + "_trainIds.png")).values();
        int[] toTrainId = CityscapesLabels.trainIdsOf(classes).orElseThrow();
        byte[] expected;
        try (Model model = ErfNetModels.load(ErfNetModels.weightsFile(weightsDir), 0, Device.cpu());
                Segmenter s = Segmenter.builder().setModel(model).build()) {
            int[] mask = flat(s.segment(frame));
            expected = new byte[mask.length];
            for (int i = 0; i < mask.length; i++) {
                expected[i] = (byte) toTrainId[mask[i]];
            }
        }
        assertArrayEquals(expected, written, "infer's defaults differ from the segmenter's");
        // scored as trainIds against the Cityscapes ground truth, the file gives the model's mIoU
        Path gt = Path.of(frame.toString().replace("leftImg8bit", "gtFine")
                .replace("_gtFine.png", "_gtFine_labelTrainIds.png"));
        byte[] truth = ImageFiles.readLabels(gt).values();
        int[] trainIds = {0, 1, 8, 9, 10};
        ConfusionMatrix cm = new ConfusionMatrix(trainIds.length);
        int[] t = new int[truth.length];
        int[] p = new int[truth.length];
        for (int i = 0; i < truth.length; i++) {
            t[i] = java.util.Arrays.binarySearch(trainIds, truth[i] & 0xFF);
            p[i] = java.util.Arrays.binarySearch(trainIds, written[i] & 0xFF);
        }
        double fromFile = cm.update(t, p).metrics(List.of("road", "sidewalk", "vegetation", "terrain", "sky")).meanIoU();
        double fromModel;
        try (Model model = ErfNetModels.load(ErfNetModels.weightsFile(weightsDir), 0, Device.cpu());
                Segmenter s = Segmenter.builder().setModel(model).build()) {
            fromModel = meanIoU(s, List.of(frame));
        }
        assertEquals(fromModel, fromFile, 1e-12, "the trainIds file scored against the ground truth");
        for (byte b : written) {
            assertTrue(List.of(0, 1, 8, 9, 10).contains(b & 0xFF), "not a trainId of task 1: " + (b & 0xFF));
        }
    }

    @Test
    void evaluateWithItsDefaultsMatchesTheSegmenter() throws Exception {
        String[] evaluate = {"evaluate", "--load-model-name", "m", "--train-set", "1", "--weights-epoch", "7",
            "--task-to-val", "1", "--checkpoint-root", dir.resolve("ck").toString(), "--synthetic-dir",
            dir.resolve("data").toString(), "--synthetic-frames", "4"};
        CliRun r = CliRun.of(evaluate);
        assertEquals(0, r.exitCode(), r.err());
        Path json;
        try (Stream<Path> s = Files.walk(dir.resolve("ck/m"))) {
            json = s.filter(p -> p.getFileName().toString().equals("eval_7.json")).findFirst().orElseThrow();
        }
        double evaluated = JsonParser.parseString(Files.readString(json)).getAsJsonObject()
                .get("mean_IoU").getAsDouble();
        double segmented;
        try (Model model = ErfNetModels.load(ErfNetModels.weightsFile(weightsDir), 0, Device.cpu());
                Segmenter s = Segmenter.builder().setModel(model).build()) {
            segmented = meanIoU(s, frames("val"));
        }
        System.out.printf("evaluate mIoU %.4f, segmenter on the same split %.4f%n", evaluated, segmented);
        assertEquals(segmented, evaluated, 0.01, "evaluate's defaults vs the segmenter's");
    }

    @Test
    void theScorerAndATeacherTakeTheRecordedSpec() throws Exception {
        InputSpec spec = InputSpec.find(weightsDir).orElseThrow();
        List<RgbImage> images = frames("val").stream().limit(3).map(ImageFiles::readRgb).toList();
        try (Model model = ErfNetModels.load(ErfNetModels.weightsFile(weightsDir), 0, Device.cpu())) {
            double[] defaults;
            try (SegmentationConfidenceScorer s = SegmentationConfidenceScorer.builder().setModel(model).build()) {
                defaults = s.score(images);
            }
            double[] explicit;
            try (SegmentationConfidenceScorer s = SegmentationConfidenceScorer.builder().setModel(model)
                    .optClassNames(classes).optNormalization(spec.normalization())
                    .optInputSize(spec.width(), spec.height()).build()) {
                explicit = s.score(images);
            }
            assertArrayEquals(explicit, defaults, 0.0, "scorer defaults vs the recorded spec");
            double[] dropped;
            try (SegmentationConfidenceScorer s = SegmentationConfidenceScorer.builder().setModel(model)
                    .optNormalization(Normalization.NONE).build()) {
                dropped = s.score(images);
            }
            assertTrue(!java.util.Arrays.equals(defaults, dropped), "normalization must matter");
        }
        try (Teacher t = ErfNetTeachers.fromCheckpoint(weightsDir, classes, Device.cpu())) {
            assertEquals(spec, t.inputSpec().orElseThrow());
        }
    }

    /** Frames of the synthetic dataset below leftImg8bit/{@code sub}. */
    private static List<Path> frames(String sub) throws IOException {
        try (Stream<Path> s = Files.walk(data.resolve("leftImg8bit").resolve(sub))) {
            return s.filter(p -> p.toString().endsWith("_leftImg8bit.png")).sorted().toList();
        }
    }

    /** mIoU over the model's classes of the segmenter's masks against the frames' trainIds. */
    private static double meanIoU(Segmenter s, List<Path> frames) throws IOException {
        int[] toTrainId = CityscapesLabels.trainIdsOf(classes).orElseThrow();
        int[] channelOf = new int[256];
        java.util.Arrays.fill(channelOf, -1);
        for (int c = 0; c < toTrainId.length; c++) {
            channelOf[toTrainId[c]] = c;
        }
        ConfusionMatrix cm = new ConfusionMatrix(classes.size());
        for (Path frame : frames) {
            Path gt = Path.of(frame.toString().replace("leftImg8bit", "gtFine")
                    .replace("_gtFine.png", "_gtFine_labelTrainIds.png"));
            byte[] labels = ImageFiles.readLabels(gt).values();
            int[] truth = new int[labels.length];
            for (int i = 0; i < labels.length; i++) {
                truth[i] = channelOf[labels[i] & 0xFF];
            }
            cm.update(truth, flat(s.segment(frame)));
        }
        return cm.metrics(classes).meanIoU();
    }

    private static int[] flat(CategoryMask mask) {
        int[][] rows = mask.getMask();
        int w = rows[0].length;
        int[] out = new int[rows.length * w];
        for (int y = 0; y < rows.length; y++) {
            System.arraycopy(rows[y], 0, out, y * w, w);
        }
        return out;
    }
}
