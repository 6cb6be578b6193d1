package org.lifelongseg.core.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.report.RecognitionResult;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.testing.TinyConvFactory;

/** The stage's files and numbers on tiny data (an untrained tiny network: wiring, not separation). */
class UnknownTaskStageTest {

    @Test
    void calibratesRecognizesAndReportsEveryRecognizer(@TempDir Path dir) throws Exception {
        List<RgbImage> known = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            known.add(BrightnessScorer.gray(120 + 10 * i, 64, 32));
        }
        Map<String, List<RgbImage>> unknown = Map.of(
                "dark", List.of(BrightnessScorer.gray(5, 64, 32), BrightnessScorer.gray(10, 64, 32)),
                "night", List.of(BrightnessScorer.gray(20, 64, 32), BrightnessScorer.gray(25, 64, 32)));
        List<BrightnessScorer> made = new ArrayList<>();
        Engine.getInstance().setRandomSeed(3);
        try (Model model = Model.newInstance("tiny")) {
            TinyConvFactory factory = new TinyConvFactory();
            Block block = factory.newBlock(ClassSpace.of("a", "b"));
            block.initialize(model.getNDManager(), DataType.FLOAT32, factory.initializationShape());
            model.setBlock(block);
            List<RecognitionResult> results = UnknownTaskStage.builder()
                    .setSegmentationModel(model, List.of("a", "b"), "untrained")
                    .optInput(Normalization.IMAGENET, 64, 32)
                    .setKnownImages(known)
                    .setUnknownImages(unknown)
                    .addScorer("brightness", () -> {
                        BrightnessScorer s = new BrightnessScorer("mean brightness");
                        made.add(s);
                        return s;
                    })
                    .optTargetTpr(0.75)
                    .setOutputDirectory(dir)
                    .build().run();
            assertEquals(List.of("uncertainty", "brightness"), results.stream().map(RecognitionResult::method).toList());
            for (RecognitionResult r : results) {
                assertEquals(4, r.knownSamples());
                assertEquals(4, r.unknownSamples());
                assertEquals(2, r.aurocPerKind().size());
                Path out = dir.resolve(r.method());
                int unseen = Files.readAllLines(out.resolve("unseen.txt")).size();
                assertEquals(8, unseen + Files.readAllLines(out.resolve("seen.txt")).size());
                assertEquals(SamplesTransferRatio.of(unseen, 8), r.samplesTransferRatio());
                assertTrue(Files.isRegularFile(out.resolve("recognition.json")));
                assertTrue(Files.isRegularFile(out.resolve("calibration.json")));
                assertTrue(r.auroc() >= 0 && r.auroc() <= 1 && r.fprAt95Tpr() >= 0 && r.fprAt95Tpr() <= 1);
            }
            // brightness separates the dark kinds perfectly: the added scorer was really used
            assertEquals(1.0, results.get(1).auroc(), 0.0);
            assertEquals(1, made.size());
            assertTrue(made.get(0).closed, "the stage closes the scorers it made");
            try (Stream<Path> stream = Files.list(dir.resolve("stream"))) {
                assertEquals(8, stream.count());
            }
        }
    }

    @Test
    void badSettingsAreRefusedByName() {
        List<RgbImage> known = List.of(BrightnessScorer.gray(1, 8, 8), BrightnessScorer.gray(2, 8, 8),
                BrightnessScorer.gray(3, 8, 8), BrightnessScorer.gray(4, 8, 8));
        assertThrows(IllegalArgumentException.class,
                () -> UnknownTaskStage.builder().setUnknownImages(Map.of("known", List.of(known.get(0)))));
        assertThrows(IllegalArgumentException.class, () -> UnknownTaskStage.builder().setKnownImages(known.subList(0, 3)));
        assertThrows(IllegalStateException.class, () -> UnknownTaskStage.builder().setKnownImages(known).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnknownTaskStage.builder().addScorer("uncertainty", () -> new BrightnessScorer("x")));
        assertTrue(e.getMessage().contains("'uncertainty'"), e.getMessage());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> UnknownTaskStage.builder()
                .addScorer("b", () -> new BrightnessScorer("x")).addScorer("b", () -> new BrightnessScorer("y")));
        assertTrue(twice.getMessage().contains("'b'"), twice.getMessage());
    }
}
