package org.lifelongseg.cityscapes.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.image.ImageFiles;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.testing.SharedTestData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class OfficialPixelEvaluatorTest {

    private static final Logger LOG = LoggerFactory.getLogger(OfficialPixelEvaluatorTest.class);

    @Test
    void reproducesOfficialEvaluatorOnEnetPredictions() throws IOException {
        Path root = SharedTestData.require("data/cityscapes-mini");
        Path preds = SharedTestData.require("reference/metrics/enet-predictions");
        Path golden = SharedTestData.require("reference/metrics/cityscapes-official-eval.json");

        OfficialEvaluationResult r =
                OfficialPixelEvaluator.builder()
                        .setCityscapesRoot(root)
                        .setPredictionDir(preds)
                        .optSplits(List.of("train", "val"))
                        .build()
                        .evaluate();
        JsonObject ref = JsonParser.parseString(Files.readString(golden)).getAsJsonObject();

        double maxErr = 0;
        maxErr = Math.max(maxErr, compare(ref.getAsJsonObject("classScores"), r.classScores()));
        maxErr = Math.max(maxErr, compare(ref.getAsJsonObject("categoryScores"), r.categoryScores()));
        maxErr = Math.max(maxErr, Math.abs(ref.get("averageScoreClasses").getAsDouble() - r.averageScoreClasses()));
        maxErr = Math.max(
                maxErr, Math.abs(ref.get("averageScoreCategories").getAsDouble() - r.averageScoreCategories()));
        LOG.warn("official evaluator parity: max |d| over classes, categories and averages = {}", maxErr);
        assertTrue(maxErr < 1e-9, "official scores differ by " + maxErr);
        assertEquals(0.5719213830105385, r.averageScoreClasses(), 1e-9);

        JsonArray refCm = ref.getAsJsonArray("confMatrix");
        long[][] cm = r.confusion();
        for (int i = 0; i < cm.length; i++) {
            JsonArray row = refCm.get(i).getAsJsonArray();
            for (int j = 0; j < cm.length; j++) {
                assertEquals(row.get(j).getAsLong(), cm[i][j], "confMatrix[" + i + "][" + j + "]");
            }
        }

        // the JSON round-trips with NaN kept
        JsonObject back = JsonParser.parseString(r.toJson()).getAsJsonObject();
        assertTrue(Double.isNaN(back.getAsJsonObject("classScores").get("unlabeled").getAsDouble()));
        assertEquals(r.averageScoreClasses(), back.get("averageScoreClasses").getAsDouble(), 0);
    }

    private static double compare(JsonObject ref, Map<String, Double> actual) {
        assertEquals(ref.keySet(), actual.keySet());
        double max = 0;
        for (Map.Entry<String, JsonElement> e : ref.entrySet()) {
            double expected = e.getValue().getAsDouble();
            double got = actual.get(e.getKey());
            assertEquals(Double.isNaN(expected), Double.isNaN(got), e.getKey());
            if (!Double.isNaN(expected)) {
                max = Math.max(max, Math.abs(expected - got));
            }
        }
        return max;
    }

    @Test
    void handComputedIgnoreRules() {
        long[][] cm = new long[34][34];
        // gt road (7): 6 as road, 2 as sidewalk (8), 2 as parking (9, ignored in eval)
        cm[7][7] = 6;
        cm[7][8] = 2;
        cm[7][9] = 2;
        // gt unlabeled (0, ignored) predicted as road: no false positive for road
        cm[0][7] = 5;
        // gt sidewalk: 3 as sidewalk, 1 as road
        cm[8][8] = 3;
        cm[8][7] = 1;
        // gt car (26): 4 as car, 1 as truck (27)
        cm[26][26] = 4;
        cm[26][27] = 1;
        OfficialEvaluationResult r = OfficialEvaluationResult.fromConfusion(cm);
        // road: tp 6, fn 4, fp 1 -> 6/11
        assertEquals(6 / 11.0, r.classScores().get("road"), 1e-15);
        // sidewalk: tp 3, fn 1, fp 2 -> 3/6
        assertEquals(0.5, r.classScores().get("sidewalk"), 1e-15);
        // car: 4/5; truck: tp 0, fp 1 -> 0
        assertEquals(0.8, r.classScores().get("car"), 1e-15);
        assertEquals(0.0, r.classScores().get("truck"), 0);
        assertTrue(Double.isNaN(r.classScores().get("parking")));
        assertTrue(Double.isNaN(r.classScores().get("bus")));
        assertEquals((6 / 11.0 + 0.5 + 0.8 + 0) / 4, r.averageScoreClasses(), 1e-15);
        // flat = {road, sidewalk}: tp 6+2+3+1 = 12, rows 10+4 = 14 -> fn 2 (parking), fp 0 -> 12/14
        assertEquals(12 / 14.0, r.categoryScores().get("flat"), 1e-15);
        // vehicle = {car, truck, ...}: tp 5, fn 0, fp 0 -> 1
        assertEquals(1.0, r.categoryScores().get("vehicle"), 1e-15);
        assertTrue(Double.isNaN(r.categoryScores().get("void")));
        assertTrue(Double.isNaN(r.categoryScores().get("sky")));
        assertEquals((12 / 14.0 + 1.0) / 2, r.averageScoreCategories(), 1e-15);
    }

    @Test
    void badInputNamesTheFile(@TempDir Path tmp) throws IOException {
        Path root = tmp.resolve("cs");
        Path gtDir = Files.createDirectories(root.resolve("gtFine/val/lindau"));
        Path preds = Files.createDirectories(tmp.resolve("preds"));
        writeGray(gtDir.resolve("lindau_000000_000019_gtFine_labelIds.png"), 4, 3, 7);
        writeGray(gtDir.resolve("lindau_000001_000019_gtFine_labelIds.png"), 4, 3, 7);
        OfficialPixelEvaluator ev =
                OfficialPixelEvaluator.builder().setCityscapesRoot(root).setPredictionDir(preds).build();

        // missing predictions: both frames named
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ev::evaluate);
        assertTrue(e.getMessage().contains("lindau_000001_000019"), e.getMessage());

        // size mismatch
        writeGray(preds.resolve("lindau_000000_000019_pred_labelIds.png"), 4, 3, 7);
        Path wrongSize = preds.resolve("lindau_000001_000019_pred_labelIds.png");
        writeGray(wrongSize, 5, 3, 7);
        e = assertThrows(IllegalArgumentException.class, ev::evaluate);
        assertTrue(e.getMessage().contains(wrongSize.toString()), e.getMessage());

        // prediction id out of range
        writeGray(wrongSize, 4, 3, 40);
        e = assertThrows(IllegalArgumentException.class, ev::evaluate);
        assertTrue(e.getMessage().contains(wrongSize.toString()) && e.getMessage().contains("40"), e.getMessage());

        // unknown ground-truth id
        writeGray(wrongSize, 4, 3, 7);
        Path badGt = gtDir.resolve("lindau_000001_000019_gtFine_labelIds.png");
        writeGray(badGt, 4, 3, 200);
        e = assertThrows(IllegalArgumentException.class, ev::evaluate);
        assertTrue(e.getMessage().contains(badGt.toString()), e.getMessage());

        // all good: road everywhere
        writeGray(badGt, 4, 3, 7);
        OfficialEvaluationResult r = ev.evaluate();
        assertEquals(1.0, r.averageScoreClasses(), 0);
        assertEquals(24, r.confusion()[7][7]);

        // unknown split
        OfficialPixelEvaluator noSplit =
                OfficialPixelEvaluator.builder()
                        .setCityscapesRoot(root)
                        .setPredictionDir(preds)
                        .optSplits(List.of("test"))
                        .build();
        e = assertThrows(IllegalArgumentException.class, noSplit::evaluate);
        assertTrue(e.getMessage().contains("test"), e.getMessage());
    }

    @Test
    void rejectsMultiChannelLabelImages(@TempDir Path tmp) throws IOException {
        Path rgb = tmp.resolve("x.png");
        ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_3BYTE_BGR), "png", rgb.toFile());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.readLabels(rgb));
        assertTrue(e.getMessage().contains(rgb.toString()));
    }

    private static void writeGray(Path file, int w, int h, int value) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        int[] v = new int[w * h];
        java.util.Arrays.fill(v, value);
        img.getRaster().setSamples(0, 0, w, h, 0, v);
        ImageIO.write(img, "png", file.toFile());
        byte[] read = ImageFiles.readLabels(file).values();
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i], read[i] & 0xFF);
        }
    }
}
