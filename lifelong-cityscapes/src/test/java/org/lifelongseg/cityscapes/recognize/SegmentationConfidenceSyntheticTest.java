package org.lifelongseg.cityscapes.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.cityscapes.data.CityscapesProtocol;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.cityscapes.synthetic.OutOfDomainScenes;
import org.lifelongseg.cityscapes.synthetic.OutOfDomainScenes.Kind;
import org.lifelongseg.cityscapes.synthetic.SyntheticStreetScenes;
import org.lifelongseg.cityscapes.train.CityscapesTaskData;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.data.transform.TransformSettings;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.recognize.Calibration;
import org.lifelongseg.core.recognize.ConfidenceAggregation;
import org.lifelongseg.core.recognize.ConfidenceStatistic;
import org.lifelongseg.core.recognize.OpenSetMetrics;
import org.lifelongseg.core.recognize.SegmentationConfidenceScorer;
import org.lifelongseg.core.train.LifelongTrainer;
import org.lifelongseg.core.train.OptimizerSettings;
import org.lifelongseg.core.train.StepResult;
import org.lifelongseg.core.train.strategy.Strategies;
import org.lifelongseg.erfnet.train.ErfNetFactory;

/**
 * The training-free recognizer with an ERFNet trained in the test itself, briefly, on synthetic
 * street scenes: all 19 classes labelled, task 1's 4 cities, 10 frames each, 128x64, 20 epochs at
 * rate 2e-3 (about 30 s on 2 cores). Known = 30 held-out synthetic streets of the validation
 * cities, unknown = 20 of every generated kind (indoor, nature, noise, inverted, rotated and
 * hue-shifted streets).
 *
 * <p>Measured: per-class mean max-softmax (class_mean) overall AUROC 0.976, FPR@95TPR 0.11 (every
 * kind >= 0.948); pixel-mean max-softmax 0.832 (a model that knows only task 1's 5 classes gets
 * 0.72 there: buildings and vehicles are unknown content of known scenes). The pipeline's final
 * distilled model reaches 0.94-0.98 with the pixel mean. {@code -Drecognize.joint=false} trains
 * the 5-class model instead; {@code -Drecognize.epochs}, {@code .frames}, {@code .width},
 * {@code .height}, {@code .batch} change the training.
 */
class SegmentationConfidenceSyntheticTest {

    static final int W = Integer.getInteger("recognize.width", 128);
    static final int H = Integer.getInteger("recognize.height", 64);

    @Test
    void separatesSyntheticStreetsFromGeneratedNonStreetScenes(@TempDir Path tmp) throws Exception {
        int epochs = Integer.getInteger("recognize.epochs", 20);
        int frames = Integer.getInteger("recognize.frames", 10);
        SyntheticStreetScenes streets = SyntheticStreetScenes.builder().optSeed(3).optSize(W, H)
                .optFramesPerCity(frames, 1).build();
        // Trained on crops after a random downscale, the augmentation these bounds were measured
        // with: trained on whole frames (TransformSettings.forFrames, the small-frame default since
        // 2026-12-06), the same model's pixel-mean max-softmax gave AUROC 0.48 here, as it then
        // leans on where things are in the frame and is as sure of a non-street scene (seed 5).
        streets.writeTo(tmp.resolve("synthetic"));
        CityscapesTaskData data = CityscapesTaskData.builder().setRoot(tmp.resolve("synthetic"))
                .optTransform(TransformSettings.builder().optResize(W, H).optMaxDownscale(1.25)
                        .optCrop(Math.max(32, (int) (W / 1.25) / 32 * 32), Math.max(32, (int) (H / 1.25) / 32 * 32))
                        .optEvalResizeLabels(true).build())
                .build();
        long t0 = System.nanoTime();
        boolean joint = Boolean.parseBoolean(System.getProperty("recognize.joint", "true"));
        // joint: all 19 classes labelled, on task 1's cities only (a street model that knows every
        // part of a street scene, at a quarter of the joint baseline's cost)
        TaskSequence allClasses = TaskSequence.builder()
                .addTask(Task.of("streets", CityscapesLabels.incrementalOrder(),
                        ImageFilter.groups(CityscapesProtocol.STAGE1_CITIES)))
                .optValidationImages(ImageFilter.groups(CityscapesProtocol.VALIDATION_CITY))
                .build();
        try (StepResult step = LifelongTrainer.forTasks(joint ? allClasses : CityscapesProtocol.taskSequence())
                .optimizer(OptimizerSettings.builder().optLearningRate(2e-3).build())
                .model(new ErfNetFactory()).data(data)
                .strategy(joint ? Strategies.joint() : Strategies.staticTraining())
                .epochs(epochs).batchSize(Integer.getInteger("recognize.batch", 4))
                .seed(Long.getLong("recognize.seed", 5)).trainStep(0)) {
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            SyntheticStreetScenes heldOut = SyntheticStreetScenes.builder().optSeed(41).optSize(W, H).build();
            List<RgbImage> known = new ArrayList<>();
            List<RgbImage> calibration = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                LabeledImage f = heldOut.render("val", heldOut.valCities().get(i % 3), i);
                (i % 2 == 0 ? known : calibration).add(new RgbImage(f.width(), f.height(), f.rgb()));
            }
            OutOfDomainScenes gen = OutOfDomainScenes.builder().optSeed(5).optSize(W, H).build();
            Map<Kind, List<RgbImage>> unknown = new EnumMap<>(Kind.class);
            for (Kind k : Kind.values()) {
                unknown.put(k, IntStream.range(0, 20).mapToObj(i -> gen.render(k, i)).toList());
            }
            StringBuilder sb = new StringBuilder();
            double overallDefault = Double.NaN;
            double overallClassMean = Double.NaN;
            for (ConfidenceStatistic stat : ConfidenceStatistic.values()) {
                for (ConfidenceAggregation agg : ConfidenceAggregation.values()) {
                    try (SegmentationConfidenceScorer scorer = SegmentationConfidenceScorer.builder()
                            .setModel(step.model()).optClassNames(step.classSpace().names())
                            .optModelId("erfnet-synthetic-task1").optNormalization(Normalization.IMAGENET)
                            .optInputSize(W, H).optStatistic(stat).optAggregation(agg).build()) {
                        double[] ks = scorer.score(known);
                        double[] all = new double[0];
                        sb.append(String.format(Locale.ROOT, "%n  %s:", scorer.scoreName()));
                        for (Kind k : Kind.values()) {
                            double[] u = scorer.score(unknown.get(k));
                            all = ProserRecognizerTest.concat(all, u);
                            sb.append(String.format(Locale.ROOT, "%n    %-18s AUROC %.3f  FPR@95TPR %.2f", k.key(),
                                    OpenSetMetrics.auroc(ks, u), OpenSetMetrics.fprAtTpr(ks, u, 0.95)));
                        }
                        double auroc = OpenSetMetrics.auroc(ks, all);
                        sb.append(String.format(Locale.ROOT, "%n    %-18s AUROC %.3f  FPR@95TPR %.2f", "overall",
                                auroc, OpenSetMetrics.fprAtTpr(ks, all, 0.95)));
                        if (stat == ConfidenceStatistic.MAX_SOFTMAX && agg == ConfidenceAggregation.PIXEL_MEAN) {
                            overallDefault = auroc;
                        }
                        if (stat == ConfidenceStatistic.MAX_SOFTMAX && agg == ConfidenceAggregation.CLASS_MEAN) {
                            overallClassMean = auroc;
                        }
                        if (stat == ConfidenceStatistic.MAX_SOFTMAX && agg == ConfidenceAggregation.PIXEL_MEAN) {
                            // the threshold calibrated on other held-out streets keeps about its TPR
                            Calibration cal = Calibration.fit(scorer, calibration, 0.9);
                            double tpr = OpenSetMetrics.acceptedFraction(ks, cal.threshold());
                            sb.append(String.format(Locale.ROOT, "%n    calibrated for TPR 0.90 on 30 streets: TPR %.3f on 30 others", tpr));
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "ERFNet (" + step.classSpace().size() + " classes) trained %d epochs on %d synthetic frames in %.1f s;"
                    + " known = 30 held-out synthetic streets, 20 per unknown kind:%s%n", epochs,
                    CityscapesProtocol.STAGE1_CITIES.size() * frames, trainSeconds, sb);
            System.out.printf(Locale.ROOT, "  validation mIoU (erfurt) %.3f%n", step.validations().get(step.validations().size() - 1).taskMeanIoU());
            assertEquals(joint ? 19 : 5, step.classSpace().size());
            // Bounds that hold for every trained model, not for one lucky draw: over seeds 5 to 8
            // (-Drecognize.seed), with PyTorch's kernels and with oneDNN's, 16 trainings measured on
            // an AMD EPYC gave class-mean AUROC 0.71 to 0.99 and pixel-mean 0.76 to 0.98 (a 0.9
            // bound on the class mean failed for seed 7 with either kernel). Chance is 0.5.
            if (joint) {
                assertTrue(overallClassMean >= 0.7, "overall AUROC of per-class mean max-softmax " + overallClassMean);
            }
            assertTrue(overallDefault >= 0.7, "overall AUROC of pixel-mean max-softmax " + overallDefault);
        }
    }
}
