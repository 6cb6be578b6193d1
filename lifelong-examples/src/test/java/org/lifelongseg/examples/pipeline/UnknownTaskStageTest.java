package org.lifelongseg.examples.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.cityscapes.synthetic.SyntheticStreetScenes;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.recognize.SamplesTransferRatio;
import org.lifelongseg.core.report.RecognitionResult;
import org.lifelongseg.erfnet.model.ErfNet;

/** The stage's files and numbers on tiny data (an untrained ERFNet: wiring, not separation). */
class UnknownTaskStageTest {

    @Test
    void calibratesRecognizesAndReportsEveryRecognizer(@TempDir Path dir) throws Exception {
        SyntheticStreetScenes gen = SyntheticStreetScenes.builder().optSeed(2).optSize(128, 64).build();
        List<RgbImage> known = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            LabeledImage f = gen.render("val", gen.valCities().get(i % 3), i);
            known.add(new RgbImage(f.width(), f.height(), f.rgb()));
        }
        Engine.getInstance().setRandomSeed(3);
        try (Model model = Model.newInstance("erfnet")) {
            ErfNet net = ErfNet.builder().setNumClasses(5).build();
            model.setBlock(net);
            net.initializeParameters(model.getNDManager());
            List<RecognitionResult> results = UnknownTaskStage.builder()
                    .setSegmentationModel(model, CityscapesLabels.incrementalOrder().subList(0, 5), "untrained")
                    .optInput(Normalization.IMAGENET, 128, 64)
                    .setKnownImages(known)
                    .optGeneratedUnknowns(2, 5, 128, 64)
                    .optProser(List.of("sim"), List.of(known)).optProserSteps(5)
                    .optTargetTpr(0.75)
                    .setOutputDirectory(dir)
                    .build().run();
            assertEquals(List.of("uncertainty", "placeholder"), results.stream().map(RecognitionResult::method).toList());
            for (RecognitionResult r : results) {
                assertEquals(4, r.knownSamples());
                assertEquals(12, r.unknownSamples());
                assertEquals(6, r.aurocPerKind().size());
                Path out = dir.resolve(r.method());
                int unseen = Files.readAllLines(out.resolve("unseen.txt")).size();
                assertEquals(16, unseen + Files.readAllLines(out.resolve("seen.txt")).size());
                assertEquals(SamplesTransferRatio.of(unseen, 16), r.samplesTransferRatio());
                assertTrue(Files.isRegularFile(out.resolve("recognition.json")));
                assertTrue(Files.isRegularFile(out.resolve("calibration.json")));
                assertTrue(r.auroc() >= 0 && r.auroc() <= 1 && r.fprAt95Tpr() >= 0 && r.fprAt95Tpr() <= 1);
            }
            assertEquals(16, Files.list(dir.resolve("stream")).count());
        }
        assertThrows(IllegalArgumentException.class,
                () -> UnknownTaskStage.builder().setUnknownImages(Map.of("known", List.of(known.get(0)))));
        assertThrows(IllegalStateException.class, () -> UnknownTaskStage.builder().setKnownImages(known).build());
    }
}
