package org.lifelongseg.cityscapes.synthetic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lifelongseg.cityscapes.synthetic.OutOfDomainScenes.Kind;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.infer.ClassSubset;
import org.lifelongseg.core.recognize.ConfidenceAggregation;
import org.lifelongseg.core.recognize.ConfidenceStatistic;
import org.lifelongseg.core.recognize.OpenSetMetrics;
import org.lifelongseg.core.recognize.SegmentationConfidenceScorer;
import org.lifelongseg.core.testing.SharedTestData;

/**
 * The training-free recognizer with a real Cityscapes network (ENet TorchScript): known = the 10
 * real frames and synthetic street scenes, unknown = the generated non-street scenes.
 */
class UnknownTaskRecognitionEnetTest {

    static final List<String> ENET_CLASSES =
            IntStream.range(0, 20).mapToObj(i -> i == 19 ? "void" : "trainId" + i).toList();

    static List<RgbImage> realFrames;
    static List<RgbImage> synthetic;
    static Map<Kind, List<RgbImage>> unknown;

    @BeforeAll
    static void data() throws Exception {
        Path root = SharedTestData.require("data/cityscapes-mini/leftImg8bit");
        try (Stream<Path> s = Files.walk(root)) {
            realFrames = s.filter(p -> p.toString().endsWith(".png")).sorted()
                    .map(p -> ImageFiles.readRgb(p).resizeBilinear(512, 256)).toList();
        }
        SyntheticStreetScenes streets = SyntheticStreetScenes.builder().optSeed(11).build();
        synthetic = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            LabeledImage f = streets.render("val", streets.valCities().get(i % 3), i);
            synthetic.add(new RgbImage(f.width(), f.height(), f.rgb()));
        }
        OutOfDomainScenes gen = OutOfDomainScenes.builder().optSeed(5).optSize(512, 256).build();
        unknown = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            unknown.put(k, IntStream.range(0, 5).mapToObj(i -> gen.render(k, i)).toList());
        }
    }

    static Model loadEnet() throws Exception {
        Path pt = SharedTestData.require("reference/enet-cityscapes/enet20_traced.pt");
        Model model = Model.newInstance("enet20", Device.cpu(), "PyTorch");
        model.load(pt.getParent(), "enet20_traced");
        return model;
    }

    /**
     * ENet knows real Cityscapes streets: its mean per-class max-softmax (void excluded) separates
     * the 10 real frames from every generated non-street kind with AUROC >= 0.9 overall. ENet was
     * never trained on the synthetic streets and does not know them (reported, not asserted).
     */
    @Test
    void separatesRealStreetsFromGeneratedNonStreetScenes() throws Exception {
        try (Model model = loadEnet();
                SegmentationConfidenceScorer scorer = SegmentationConfidenceScorer.builder()
                        .setModel(model).optClassNames(ENET_CLASSES).optModelId("enet20-cityscapes")
                        .optChannels(ClassSubset.range(0, 19))
                        .optStatistic(ConfidenceStatistic.MAX_SOFTMAX)
                        .optAggregation(ConfidenceAggregation.CLASS_MEAN)
                        .optInputSize(512, 256).build()) {
            long t0 = System.nanoTime();
            double[] real = scorer.score(realFrames);
            double[] syn = scorer.score(synthetic);
            StringBuilder sb = new StringBuilder();
            double[] all = new double[0];
            for (Kind k : Kind.values()) {
                double[] u = scorer.score(unknown.get(k));
                all = concat(all, u);
                sb.append(String.format(Locale.ROOT, "%n  %-18s AUROC %.3f  FPR@95TPR %.2f", k.key(),
                        OpenSetMetrics.auroc(real, u), OpenSetMetrics.fprAtTpr(real, u, 0.95)));
            }
            double auroc = OpenSetMetrics.auroc(real, all);
            System.out.printf(Locale.ROOT, "ENet %s, known = %d real frames, %d unknowns per kind (%.1f s):%s%n"
                    + "  %-18s AUROC %.3f  FPR@95TPR %.2f%n  synthetic streets vs unknowns: AUROC %.3f (ENet does not know them)%n",
                    scorer.scoreName(), real.length, unknown.get(Kind.NOISE).size(), (System.nanoTime() - t0) / 1e9, sb,
                    "overall", auroc, OpenSetMetrics.fprAtTpr(real, all, 0.95), OpenSetMetrics.auroc(syn, all));
            assertTrue(auroc >= 0.9, "overall AUROC " + auroc);
        }
    }

    static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
