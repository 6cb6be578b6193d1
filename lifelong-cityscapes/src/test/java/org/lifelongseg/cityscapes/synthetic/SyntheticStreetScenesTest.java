package org.lifelongseg.cityscapes.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.cityscapes.data.CityscapesLayout;
import org.lifelongseg.cityscapes.data.CityscapesPair;
import org.lifelongseg.cityscapes.data.CityscapesProtocol;
import org.lifelongseg.cityscapes.labels.CityscapesLabel;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.data.SampleReader;
import org.lifelongseg.core.image.PngDecoder;
import org.lifelongseg.core.task.TaskSequence;

class SyntheticStreetScenesTest {

    static List<byte[]> allFiles(Path root) throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        List<byte[]> out = new ArrayList<>();
        for (Path f : files) {
            out.add(root.relativize(f).toString().getBytes());
            out.add(Files.readAllBytes(f));
        }
        return out;
    }

    @Test
    void sameSeedGivesIdenticalBytes(@TempDir Path dir) throws Exception {
        SyntheticStreetScenes a = SyntheticStreetScenes.builder().optSeed(5).optFramesPerCity(1, 1).build();
        assertEquals(21, a.writeTo(dir.resolve("a")));
        SyntheticStreetScenes.builder().optSeed(5).optFramesPerCity(1, 1).build().writeTo(dir.resolve("b"));
        SyntheticStreetScenes.builder().optSeed(6).optFramesPerCity(1, 1).build().writeTo(dir.resolve("c"));
        List<byte[]> fa = allFiles(dir.resolve("a"));
        List<byte[]> fb = allFiles(dir.resolve("b"));
        List<byte[]> fc = allFiles(dir.resolve("c"));
        assertEquals(21 * 3 * 2, fa.size());
        assertEquals(fa.size(), fb.size());
        for (int i = 0; i < fa.size(); i++) {
            assertArrayEquals(fa.get(i), fb.get(i));
        }
        boolean differs = false;
        for (int i = 1; i < fa.size(); i += 2) {
            differs |= !Arrays.equals(fa.get(i), fc.get(i));
        }
        assertTrue(differs, "another seed gives other frames");
    }

    @Test
    void everyFrameShowsAll19ClassesAndRarelyNeedsRepainting() {
        SyntheticStreetScenes g = SyntheticStreetScenes.builder().optSeed(11).build();
        int repaints = 0;
        int frames = 0;
        for (String city : List.of("aachen", "bochum", "zurich", "lindau", "ulm", "jena")) {
            for (int i = 0; i < 40; i++) {
                StreetSceneRenderer r = new StreetSceneRenderer(256, 128, 1000L * city.hashCode() + i);
                LabeledImage f = r.render("x");
                repaints += r.fallbacks;
                frames++;
                boolean[] seen = new boolean[256];
                for (byte b : f.labels()) {
                    seen[b & 0xFF] = true;
                }
                for (CityscapesLabel l : CityscapesLabels.trainClasses()) {
                    assertTrue(seen[l.id()], city + " frame " + i + " lacks " + l.name());
                }
                for (int v = 0; v < 256; v++) {
                    assertTrue(!seen[v] || CityscapesLabels.findById(v).isPresent(), "label " + v);
                }
                LabeledImage viaApi = g.render("train", city, i);
                assertEquals(256 * 128, viaApi.labels().length);
            }
        }
        System.out.println("hidden classes repainted: " + repaints + " in " + frames + " frames");
        assertTrue(repaints <= frames * 2, "hidden classes repainted: " + repaints + " in " + frames + " frames");
    }

    @Test
    void readsAsCityscapesAndTheCitySplitGivesDisjointStages(@TempDir Path dir) throws Exception {
        SyntheticStreetScenes.builder().optSeed(3).optFramesPerCity(2, 2).build().writeTo(dir);
        CityscapesLayout layout = CityscapesLayout.at(dir);
        List<CityscapesPair> train = layout.pairs("train");
        List<CityscapesPair> val = layout.pairs("val");
        assertEquals(18 * 2, train.size());
        assertEquals(3 * 2, val.size());
        TaskSequence seq = CityscapesProtocol.taskSequence();
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int step = 0; step < 3; step++) {
            List<CityscapesPair> stage = seq.trainingImages(step, train);
            assertEquals(2 * CityscapesProtocol.taskCities(step + 1).size(), stage.size());
            for (CityscapesPair p : stage) {
                assertTrue(seen.add(p.id()), p.id() + " in two stages");
            }
            total += stage.size();
        }
        assertEquals(34, total);
        List<CityscapesPair> erfurt = seq.validationImages().orElseThrow().select(train);
        assertEquals(2, erfurt.size());
        assertFalse(seen.contains(erfurt.get(0).id()));
        SampleReader reader = new SampleReader(PngDecoder.fastest());
        LabeledImage f = reader.read(train.get(0), train.get(0).format().encoding());
        assertEquals(256, f.width());
        // the written labelIds equal the in-memory rendering
        LabeledImage mem = SyntheticStreetScenes.builder().optSeed(3).build()
                .render("train", train.get(0).city(), 0);
        assertArrayEquals(mem.labels(), f.labels());
        assertArrayEquals(mem.rgb(), f.rgb());
    }

    /**
     * Colour alone is not enough: classifying pixels by the nearest per-class mean colour (fitted
     * on other frames) leaves the mean IoU low, so a network has to use shape and context.
     */
    @Test
    void colourAloneDoesNotSolveTheTask() {
        SyntheticStreetScenes g = SyntheticStreetScenes.builder().optSeed(21).build();
        List<CityscapesLabel> classes = CityscapesLabels.trainClasses();
        double[][] sum = new double[19][3];
        long[] n = new long[19];
        byte[] toTrain = CityscapesLabels.labelIdToTrainIdTable();
        for (int i = 0; i < 20; i++) {
            LabeledImage f = g.render("train", "aachen", i);
            for (int p = 0; p < f.labels().length; p++) {
                int t = toTrain[f.labels()[p] & 0xFF] & 0xFF;
                if (t < 19) {
                    for (int k = 0; k < 3; k++) {
                        sum[t][k] += f.rgb()[p * 3 + k] & 0xFF;
                    }
                    n[t]++;
                }
            }
        }
        long[][] conf = new long[19][19];
        for (int i = 0; i < 10; i++) {
            LabeledImage f = g.render("val", "lindau", i);
            for (int p = 0; p < f.labels().length; p++) {
                int t = toTrain[f.labels()[p] & 0xFF] & 0xFF;
                if (t >= 19) {
                    continue;
                }
                int best = 0;
                double bestD = Double.MAX_VALUE;
                for (int c = 0; c < 19; c++) {
                    double d = 0;
                    for (int k = 0; k < 3; k++) {
                        double m = sum[c][k] / Math.max(1, n[c]);
                        double v = (f.rgb()[p * 3 + k] & 0xFF) - m;
                        d += v * v;
                    }
                    if (d < bestD) {
                        bestD = d;
                        best = c;
                    }
                }
                conf[t][best]++;
            }
        }
        double miou = 0;
        for (int c = 0; c < 19; c++) {
            long tp = conf[c][c];
            long row = 0;
            long col = 0;
            for (int k = 0; k < 19; k++) {
                row += conf[c][k];
                col += conf[k][c];
            }
            miou += (double) tp / Math.max(1, row + col - tp);
        }
        miou /= 19;
        assertEquals(19, classes.size());
        assertTrue(miou < 0.35, "nearest-colour mIoU " + miou);
        System.out.println("nearest-mean-colour mIoU on synthetic val: " + miou);
    }

    /** In Cityscapes' proportions the three tasks hold about as many frames, as on Cityscapes. */
    @Test
    void cityscapesProportionsBalanceTheTasks() {
        SyntheticStreetScenes g = SyntheticStreetScenes.builder().optCityscapesProportions().build();
        int[] perTask = new int[3];
        int total = 0;
        for (int t = 1; t <= 3; t++) {
            for (String city : CityscapesProtocol.taskCities(t)) {
                perTask[t - 1] += g.trainFrames(city);
            }
            total += perTask[t - 1];
        }
        total += g.trainFrames(CityscapesProtocol.VALIDATION_CITY);
        assertEquals(18 * 12, total, 3, "about the mean of 12 per city");
        for (int t = 0; t < 3; t++) {
            // uniform frames would give task 1 (4 cities) 48 and task 2 (7 cities) 84
            assertTrue(perTask[t] >= 64 && perTask[t] <= 74, Arrays.toString(perTask));
        }
        assertEquals(27, g.trainFrames("strasbourg"), "365 of 2975 Cityscapes frames: 26.5");
        assertEquals(12, SyntheticStreetScenes.builder().build().trainFrames("strasbourg"), "uniform by default");

        SyntheticStreetScenes tiny = SyntheticStreetScenes.builder().optFramesPerCity(1, 0)
                .optCityscapesProportions().build();
        for (String city : tiny.trainCities()) {
            assertTrue(tiny.trainFrames(city) >= 1, city);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticStreetScenes.builder().optCities(List.of("gotham"), List.of())
                        .optCityscapesProportions().build());
        assertTrue(e.getMessage().contains("'gotham'"), e.getMessage());
    }
}
