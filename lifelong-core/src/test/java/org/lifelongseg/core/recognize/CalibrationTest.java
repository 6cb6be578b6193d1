package org.lifelongseg.core.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.image.RgbImage;

class CalibrationTest {

    @Test
    void calibratesToTheTargetOnItsOwnDataAndRoundTrips(@TempDir Path dir) throws Exception {
        BrightnessScorer scorer = new BrightnessScorer("brightness; classes=a,b");
        List<RgbImage> known = new ArrayList<>();
        for (int v = 100; v < 200; v++) {
            known.add(BrightnessScorer.gray(v, 4, 2));
        }
        Calibration c = Calibration.fit(scorer, known, 0.95);
        assertEquals(105 / 255.0, c.threshold(), 1e-12); // the 95th largest of 100..199
        assertEquals(0.95, c.achievedTpr(), 0);
        assertEquals(100, c.sampleCount());
        Path f = dir.resolve("sub/cal.json");
        c.save(f);
        assertEquals(c, Calibration.load(f));
        try (CalibratedRecognizer r = CalibratedRecognizer.of(scorer, Calibration.load(f))) {
            Recognition rec = r.recognize(List.of(
                    new ImageSample("dark", BrightnessScorer.gray(104, 4, 2)),
                    new ImageSample("edge", BrightnessScorer.gray(105, 4, 2)),
                    new ImageSample("bright", BrightnessScorer.gray(250, 4, 2))));
            assertEquals(List.of("edge", "bright"), rec.seen().stream().map(SampleScore::id).toList());
            assertEquals(List.of("dark"), rec.unseen().stream().map(SampleScore::id).toList());
            assertEquals(c.threshold(), rec.threshold(), 0);
            assertEquals("brightness", rec.scoreName());
        }
        assertFalse(scorer.closed, "the recognizer borrows the scorer: closing it leaves the scorer open");
        try (CalibratedRecognizer r = CalibratedRecognizer.of(scorer, Calibration.load(f))) {
            assertEquals(1, r.recognize(List.of(new ImageSample("x", BrightnessScorer.gray(250, 4, 2)))).seen().size());
        }
        scorer.close(); // its creator closes it
    }

    /** On held-out data from the same distribution the TPR lands within 2 points of the target. */
    @Test
    void heldOutTprIsCloseToTheTarget() {
        Random rnd = new Random(42);
        for (double target : new double[] {0.8, 0.9, 0.95}) {
            double[] cal = new double[2000];
            double[] held = new double[2000];
            for (int i = 0; i < cal.length; i++) {
                cal[i] = rnd.nextGaussian();
                held[i] = rnd.nextGaussian();
            }
            Calibration c = Calibration.fromScores("id", "s", cal, target);
            double tpr = OpenSetMetrics.acceptedFraction(held, c.threshold());
            assertEquals(target, tpr, 0.02, "held-out TPR for target " + target);
        }
    }

    @Test
    void refusesAScorerOfAnotherModelOrClassSpace() {
        Calibration c = Calibration.fromScores("model=a; classes=road,car", "brightness", new double[] {1, 2, 3}, 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CalibratedRecognizer.of(new BrightnessScorer("model=a; classes=road,car,bus"), c));
        assertTrue(e.getMessage().contains("classes=road,car]") && e.getMessage().contains("classes=road,car,bus]"),
                e.getMessage());
    }

    @Test
    void badFilesGiveClearErrors(@TempDir Path dir) throws Exception {
        assertThrows(NoSuchFileException.class, () -> Calibration.load(dir.resolve("missing.json")));
        Path f = dir.resolve("c.json");
        Files.writeString(f, "{not json");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Calibration.load(f))
                .getMessage().contains("not valid JSON"));
        Files.writeString(f, "{\"format\":\"lifelongseg-recognizer-calibration\",\"version\":1,\"scorer\":\"x\","
                + "\"score\":\"s\",\"threshold\":\"high\",\"target_tpr\":0.95,\"achieved_tpr\":0.95,\"samples\":3}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Calibration.load(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("'threshold'"), e.getMessage());
        Files.writeString(f, "{\"format\":\"lifelongseg-recognizer-calibration\",\"version\":2}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Calibration.load(f))
                .getMessage().contains("version 2"));
        Files.writeString(f, "{\"format\":\"lifelongseg-recognizer-calibration\",\"version\":1,\"scorer\":\"x\","
                + "\"score\":\"s\",\"threshold\":1,\"target_tpr\":1.5,\"achieved_tpr\":0.95,\"samples\":3}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Calibration.load(f))
                .getMessage().contains("TPRs must be in"));
        assertThrows(IllegalArgumentException.class,
                () -> Calibration.fit(new BrightnessScorer("x"), List.of(), 0.95));
    }
}
