package org.lifelongseg.cityscapes.recognize;

import org.lifelongseg.erfnet.recognize.ProserRecognizer;
import org.lifelongseg.erfnet.recognize.WideResNet;
import org.lifelongseg.erfnet.recognize.ProserLoss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.cityscapes.synthetic.OutOfDomainScenes;
import org.lifelongseg.cityscapes.synthetic.OutOfDomainScenes.Kind;
import org.lifelongseg.cityscapes.synthetic.SyntheticStreetScenes;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.recognize.CalibratedRecognizer;
import org.lifelongseg.core.recognize.Calibration;
import org.lifelongseg.core.recognize.OpenSetMetrics;
import org.lifelongseg.core.testing.SharedTestData;

/**
 * PROSER with K = 2 known scene kinds, as in the Ianvs example: real Cityscapes frames and
 * synthetic (simulator-like) street scenes. Trained on known data only (200 steps, about 25 s on
 * 2 cores); evaluated on held-out known images and the generated unknown kinds.
 *
 * <p>Measured (overall AUROC of the known-minus-placeholder gap vs 20 images of each of the 6
 * unknown kinds; seeds 1, 2, 3): 0.837, 0.888, 0.892 with the layout-shuffled placeholders; 0.385
 * with the paper's losses alone (same schedule, seed 1), 0.242 before (constant rate, 80 steps).
 */
class ProserRecognizerTest {

    static ProserRecognizer proser;
    static List<RgbImage> heldOutKnown;
    static double[] heldOutScores;
    static double overallAuroc;
    static Map<Kind, double[]> unknownScores;

    static List<RgbImage> synthetic(long seed, String split, int n) {
        SyntheticStreetScenes gen = SyntheticStreetScenes.builder().optSeed(seed).optSize(128, 64).build();
        List<String> cities = gen.trainCities();
        return IntStream.range(0, n).parallel().mapToObj(i -> {
            LabeledImage f = gen.render(split, cities.get(i % cities.size()), i);
            return new RgbImage(f.width(), f.height(), f.rgb()).resizeBilinear(64, 32);
        }).toList();
    }

    static List<RgbImage> real(String split) throws Exception {
        Path root = SharedTestData.require("data/cityscapes-mini/leftImg8bit/" + split);
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".png")).sorted()
                    .map(p -> ImageFiles.readRgb(p).resizeBilinear(128, 64)).toList();
        }
    }

    @BeforeAll
    static void train() throws Exception {
        List<RgbImage> realTrain = real("train");
        List<RgbImage> simTrain = synthetic(21, "train", 160);
        long t0 = System.nanoTime();
        proser = ProserRecognizer.trainer()
                .setClassNames(List.of("real", "sim"))
                .setTrainingImages(List.of(realTrain, simTrain))
                .optBatchSize(24).optSeed(1)
                .train();
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        heldOutKnown = new ArrayList<>(real("val"));
        heldOutKnown.addAll(synthetic(22, "val", 60));
        heldOutScores = proser.score(heldOutKnown);
        OutOfDomainScenes gen = OutOfDomainScenes.builder().optSeed(5).optSize(128, 64).build();
        unknownScores = new EnumMap<>(Kind.class);
        StringBuilder sb = new StringBuilder();
        double[] all = new double[0];
        for (Kind k : Kind.values()) {
            double[] u = proser.score(IntStream.range(0, 20).mapToObj(i -> gen.render(k, i)).toList());
            unknownScores.put(k, u);
            all = concat(all, u);
            sb.append(String.format(Locale.ROOT, "%n  %-18s AUROC %.3f  FPR@95TPR %.2f", k.key(),
                    OpenSetMetrics.auroc(heldOutScores, u), OpenSetMetrics.fprAtTpr(heldOutScores, u, 0.95)));
        }
        overallAuroc = OpenSetMetrics.auroc(heldOutScores, all);
        System.out.printf(Locale.ROOT, "PROSER %s trained in %.1f s; known held-out = 2 real val + 60 synthetic, 20 per unknown kind:%s%n"
                + "  %-18s AUROC %.3f  FPR@95TPR %.2f%n", proser.identity(), trainSeconds, sb, "overall",
                OpenSetMetrics.auroc(heldOutScores, all), OpenSetMetrics.fprAtTpr(heldOutScores, all, 0.95));
    }

    @AfterAll
    static void close() {
        if (proser != null) {
            proser.close();
        }
    }

    static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Known images score higher than the generated unknown kinds: overall AUROC >= 0.75 (measured
     * 0.84-0.89 over seeds 1-3, chance = 0.5).
     */
    @Test
    void separatesKnownFromGeneratedUnknownScenes() {
        assertTrue(overallAuroc >= 0.75, "overall AUROC " + overallAuroc);
    }

    /** The known logits alone learn the known classes (real vs synthetic on held-out frames). */
    @Test
    void learnsTheKnownClassesOnHeldOutFrames() {
        float[][] logits = proser.logits(heldOutKnown);
        int correct = 0;
        for (int i = 0; i < logits.length; i++) {
            int truth = i < 2 ? 0 : 1; // 2 real val frames, then synthetic
            int predicted = logits[i][0] >= logits[i][1] ? 0 : 1;
            correct += predicted == truth ? 1 : 0;
        }
        double accuracy = correct / (double) logits.length;
        System.out.printf(Locale.ROOT, "PROSER closed-set accuracy on held-out known: %.3f%n", accuracy);
        assertTrue(accuracy >= 0.9, "held-out known accuracy " + accuracy);
        for (double[] u : unknownScores.values()) {
            assertTrue(Arrays.stream(u).allMatch(Double::isFinite));
        }
    }

    /**
     * Calibrated on 1000 synthetic known images, the TPR on 1000 others is the target within three
     * standard errors of the two samples' fractions (sqrt(2 t (1 - t) / 1000): 0.040 at 0.9,
     * 0.029 at 0.95). Two points, as before, is about two standard errors at 0.9, which a model
     * trained alone in its JVM missed with 0.922.
     */
    @Test
    void calibratedThresholdHoldsOnHeldOutKnownData() {
        List<RgbImage> cal = synthetic(31, "val", 1000);
        List<RgbImage> test = synthetic(32, "val", 1000);
        for (double target : new double[] {0.9, 0.95}) {
            Calibration c = Calibration.fit(proser, cal, target);
            double tpr = OpenSetMetrics.acceptedFraction(proser.score(test), c.threshold());
            System.out.printf(Locale.ROOT, "PROSER calibration: target TPR %.2f, held-out TPR %.4f%n", target, tpr);
            double tolerance = 3 * Math.sqrt(2 * target * (1 - target) / test.size());
            assertEquals(target, tpr, tolerance, "held-out TPR for target " + target);
        }
    }

    @Test
    void saveLoadRoundTripAndIdentityCheck(@TempDir Path dir) throws Exception {
        Path saved = dir.resolve("proser");
        proser.save(saved);
        List<RgbImage> some = heldOutKnown.subList(0, 5);
        Calibration cal = Calibration.fit(proser, heldOutKnown, 0.95);
        try (ProserRecognizer again = ProserRecognizer.load(saved, Device.cpu())) {
            assertEquals(proser.identity(), again.identity());
            assertArrayEquals(proser.score(some), again.score(some), 0);
            try (CalibratedRecognizer r = CalibratedRecognizer.of(again, cal)) {
                assertEquals(heldOutKnown.size(), r.recognize(IntStream.range(0, heldOutKnown.size())
                        .mapToObj(i -> new org.lifelongseg.core.recognize.ImageSample("k" + i, heldOutKnown.get(i)))
                        .toList()).size());
            }
        }
        // a tampered parameter file is refused
        byte[] params = Files.readAllBytes(saved.resolve("proser.params"));
        params[params.length - 3] ^= 0x55;
        Files.write(saved.resolve("proser.params"), params);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProserRecognizer.load(saved, Device.cpu()));
        assertTrue(e.getMessage().contains("weights hash"), e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> ProserRecognizer.load(dir.resolve("none"), Device.cpu()));
    }

    @Test
    void calibrationOfAnotherClassSpaceIsRefused() {
        Calibration foreign = Calibration.fromScores("proser; net=WideResNet-10-1(4 outputs); classes=real,sim,night",
                proser.scoreName(), new double[] {1, 2, 3}, 0.95);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CalibratedRecognizer.of(proser, foreign));
        assertTrue(e.getMessage().contains("classes=real,sim,night") && e.getMessage().contains("classes=real,sim;"),
                e.getMessage());
    }

    @Test
    void trainerRejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> ProserRecognizer.trainer().setClassNames(List.of("only")));
        assertThrows(IllegalStateException.class, () -> ProserRecognizer.trainer().optSeed(1).optSeed(2));
        RgbImage img = new RgbImage(64, 32, new byte[64 * 32 * 3]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProserRecognizer.trainer()
                .setClassNames(List.of("a", "b")).setTrainingImages(List.of(List.of(img), List.of())).train());
        assertTrue(e.getMessage().contains("'b'"), e.getMessage());
    }
}
