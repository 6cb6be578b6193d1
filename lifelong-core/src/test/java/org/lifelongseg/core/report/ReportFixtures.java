package org.lifelongseg.core.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.lifelongseg.core.checkpoint.Provenance;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.infer.ColorMap;
import org.lifelongseg.core.metrics.AccuracyMatrix;
import org.lifelongseg.core.metrics.LifelongMetrics.OldNewScores;
import org.lifelongseg.core.metrics.SegmentationMetrics;

/** Made-up but realistic results of a 3-task Cityscapes run with three methods. */
final class ReportFixtures {

    static final List<List<String>> TASK_CLASSES = List.of(
            List.of("road", "sidewalk", "vegetation", "terrain", "sky"),
            List.of("building", "wall", "fence", "pole", "traffic light", "traffic sign"),
            List.of("person", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle"));

    /** The Cityscapes colours of the 19 classes above, in the same order. */
    static final ColorMap CITYSCAPES = ColorMap.of(
            0x804080, 0xF423E8, 0x6B8E23, 0x98FB98, 0x4682B4,
            0x464646, 0x66669C, 0xBE9999, 0x999999, 0xFAAA1E, 0xDCDC00,
            0xDC143C, 0xFF0000, 0x00008E, 0x000046, 0x003C64, 0x005064, 0x0000E6, 0x770B20);

    static final Instant START = Instant.parse("2025-03-01T08:00:00Z");
    static final Instant END = Instant.parse("2025-03-01T14:31:07Z");

    private ReportFixtures() {}

    static List<String> classNames() {
        List<String> out = new ArrayList<>();
        TASK_CLASSES.forEach(out::addAll);
        return out;
    }

    static Map<String, Double> scores(double t1, double t2, double t12, double t3, double t123) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("task1", t1);
        m.put("task2", t2);
        m.put("task12", t12);
        m.put("task3", t3);
        m.put("task123", t123);
        return m;
    }

    static RunResults run() {
        return run(true);
    }

    static RunResults run(boolean withSamples) {
        RunResults.Builder b = RunResults.builder()
                .setDataset("cityscapes")
                .setNumTasks(3)
                .optTaskClasses(TASK_CLASSES)
                .optConfiguration(Map.of("epochs", "10", "batchSize", "6", "lambda", "1.0"))
                .optProvenance(Provenance.builder()
                        .optSeed(1234)
                        .optDevice("cpu()")
                        .optTimestamp(END)
                        .build())
                .optStartTime(START)
                .optEndTime(END)
                .optColorMap(CITYSCAPES)
                .optExtraMetrics(Map.of("samples_transfer_ratio", 0.1234));
        b.addMethod(method("finetune", 0.0, scores(0.021, 0.004, 0.089, 0.702, 0.301), 0.18, withSamples));
        b.addMethod(method("distill", 1.0, scores(0.812, 0.553, 0.621, 0.664, 0.598), 0.05, withSamples));
        b.addMethod(method("joint", 2.0, scores(0.871, 0.648, 0.702, 0.655, 0.641), 0.02, withSamples));
        return b.build();
    }

    /**
     * A two-task run whose tasks have names of their own ("ground", "things"): keys ground,
     * things, all.
     */
    static RunResults namedRun() {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("ground", 0.71);
        scores.put("things", 0.42);
        scores.put("all", 0.55);
        return RunResults.builder()
                .setDataset("garden")
                .setNumTasks(2)
                .optTaskNames(List.of("ground", "things"))
                .optTaskClasses(List.of(List.of("grass", "path"), List.of("ball", "dog")))
                .addMethod(MethodResult.builder("distill")
                        .setTaskScores(scores)
                        .optClassIoU(Map.of("grass", 0.8, "path", 0.62, "ball", 0.4, "dog", 0.44))
                        .optAccuracyMatrix(AccuracyMatrix.of(new double[][] {{0, 0}, {0.8, 0.01}, {0.71, 0.42}}))
                        .addConfusion("all", SegmentationMetrics.of(List.of("grass", "path", "ball", "dog"),
                                new long[][] {{9, 1, 0, 0}, {1, 9, 0, 0}, {0, 0, 5, 5}, {0, 0, 5, 5}}))
                        .build())
                .build();
    }

    private static MethodResult method(
            String name, double kind, Map<String, Double> scores, double noise, boolean withSamples) {
        Random rnd = new Random(name.hashCode());
        List<String> classes = classNames();
        Map<String, Double> iou = new LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            int task = i < 5 ? 1 : i < 11 ? 2 : 3;
            double base = task == 1 ? scores.get("task1") : task == 2 ? scores.get("task2") : scores.get("task3");
            iou.put(classes.get(i), Math.max(0, Math.min(1, base + 0.12 * (rnd.nextDouble() - 0.5))));
        }
        double[][] r = {
            {0.02, 0.01, 0.00},
            {0.90, 0.03, 0.02},
            {kind == 0 ? 0.10 : kind == 1 ? 0.84 : 0.88, 0.62, 0.04},
            {scores.get("task1"), scores.get("task2"), scores.get("task3")},
        };
        MethodResult.Builder m = MethodResult.builder(name)
                .setTaskScores(scores)
                .optClassIoU(iou)
                .optAccuracyMatrix(AccuracyMatrix.of(r))
                .addStepScores(1, new OldNewScores(Double.NaN, 0.90, 0.90))
                .addStepScores(2, new OldNewScores(r[2][0], 0.62, (5 * r[2][0] + 6 * 0.62) / 11))
                .addStepScores(3, new OldNewScores(scores.get("task12"), scores.get("task3"), scores.get("task123")))
                .optExtraMetrics(extras(0.9 - noise, 0.2 + noise));
        for (int step = 1; step <= 3; step++) {
            List<EpochStats> epochs = new ArrayList<>();
            for (int e = 1; e <= 10; e++) {
                double ce = 1.6 * Math.exp(-0.25 * e) + 0.2 + 0.02 * rnd.nextDouble();
                double kd = step == 1 || kind != 1 ? Double.NaN : 0.4 * Math.exp(-0.15 * e) + 0.1;
                double loss = ce + (Double.isNaN(kd) ? 0 : kd);
                double val = Math.min(1, 0.35 + 0.5 * (1 - Math.exp(-0.35 * e)) - 0.05 * step);
                epochs.add(new EpochStats(e, loss, ce, kd, val));
            }
            m.addCurve(step, epochs);
        }
        long[][] cm = new long[19][19];
        for (int i = 0; i < 19; i++) {
            for (int j = 0; j < 19; j++) {
                cm[i][j] = i == j ? 9000 + rnd.nextInt(1000) : rnd.nextInt(200);
            }
        }
        m.addConfusion("task123", SegmentationMetrics.of(classes, cm));
        if (withSamples) {
            for (int s = 0; s < 2; s++) {
                m.addSample(sample("frankfurt_00000" + s + "_000294", s, noise, rnd));
            }
        }
        return m.build();
    }

    private static Map<String, Double> extras(double auroc, double fpr) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("AUROC", auroc);
        m.put("FPR@95TPR", fpr);
        return m;
    }

    /** A 64×32 street-like scene: sky, buildings, vegetation, a car, road and sidewalk. */
    static SamplePrediction sample(String name, int variant, double noise, Random rnd) {
        int w = 64;
        int h = 32;
        int[] gt = new int[w * h];
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c;
                if (y < 9) {
                    c = 4; // sky
                } else if (y < 17) {
                    c = (x + 8 * variant) % 32 < 20 ? 5 : 2; // building / vegetation
                } else if (y < 21) {
                    c = x < 10 ? 1 : (x > 30 + 6 * variant && x < 46 + 6 * variant) ? 13 : 0; // car on road
                } else {
                    c = x < 8 - (y - 21) / 2 ? 1 : 0;
                }
                if (x == 52 && y >= 6 && y < 21) {
                    c = 8; // pole
                }
                if (x >= 12 && x < 15 && y >= 13 && y < 22 && variant == 1) {
                    c = 11; // person
                }
                gt[y * w + x] = c;
                int rgb = CITYSCAPES.colorOf(c);
                int shade = (int) (18 * Math.sin(x * 0.3 + y * 0.2));
                px[(y * w + x) * 3] = (byte) clamp(((rgb >> 16) & 255) / 2 + 50 + shade);
                px[(y * w + x) * 3 + 1] = (byte) clamp(((rgb >> 8) & 255) / 2 + 50 + shade);
                px[(y * w + x) * 3 + 2] = (byte) clamp((rgb & 255) / 2 + 50 + shade);
            }
        }
        gt[0] = 255; // a void pixel
        int[] pred = gt.clone();
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == 255) {
                pred[i] = 0;
            }
            if (rnd.nextDouble() < noise) {
                pred[i] = rnd.nextInt(19);
            }
        }
        return new SamplePrediction(name, new RgbImage(w, h, px), gt, pred);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
