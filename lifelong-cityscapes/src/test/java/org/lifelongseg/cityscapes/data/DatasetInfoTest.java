package org.lifelongseg.cityscapes.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.testing.SharedTestData;

class DatasetInfoTest {

    /** Counts pixels per class name independently: ImageIO rasters and the CSV's id -> trainId. */
    static Map<String, Long> independentCounts(Path root, String split, List<String> cities)
            throws Exception {
        Map<Integer, String> trainIdToName = new HashMap<>();
        Map<Integer, Integer> idToTrainId = new HashMap<>();
        for (String line : Files.readAllLines(
                SharedTestData.require("reference/labels/cityscapes-labels.csv")).subList(1, 36)) {
            String[] f = line.split(",");
            idToTrainId.put(Integer.parseInt(f[1]), Integer.parseInt(f[2]));
            int t = Integer.parseInt(f[2]);
            if (t >= 0 && t < 19) {
                trainIdToName.put(t, f[0]);
            }
        }
        Map<String, Long> counts = new HashMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root.resolve("gtFine").resolve(split))) {
            s.filter(p -> p.toString().endsWith("_gtFine_labelIds.png"))
                    .filter(p -> cities == null || cities.contains(p.getParent().getFileName().toString()))
                    .forEach(files::add);
        }
        for (Path f : files) {
            BufferedImage img = ImageIO.read(f.toFile());
            int[] v = img.getRaster().getSamples(0, 0, img.getWidth(), img.getHeight(), 0, (int[]) null);
            for (int x : v) {
                int t = idToTrainId.get(x);
                if (t >= 0 && t < 19) {
                    counts.merge(trainIdToName.get(t), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    @Test
    void countsAgreeWithAnIndependentComputation() throws Exception {
        Path root = SharedTestData.require("data/cityscapes-mini");
        JsonObject info = DatasetInfo.compute(root, "train", Optional.empty());
        assertEquals("train", info.get("split").getAsString());
        assertEquals(8, info.get("pairs").getAsInt());
        assertEquals(4, info.getAsJsonObject("cities").get("aachen").getAsInt());
        assertEquals(4, info.getAsJsonObject("cities").get("bochum").getAsInt());
        JsonObject px = info.getAsJsonObject("classPixels");
        assertEquals(List.of("road", "sidewalk", "vegetation", "terrain", "sky", "building", "wall",
                "fence", "pole", "traffic light", "traffic sign", "person", "rider", "car", "truck",
                "bus", "train", "motorcycle", "bicycle"), new ArrayList<>(px.keySet()));
        Map<String, Long> want = independentCounts(root, "train", null);
        long total = 0;
        for (String c : px.keySet()) {
            assertEquals(want.getOrDefault(c, 0L), px.get(c).getAsLong(), c);
            total += px.get(c).getAsLong();
        }
        assertTrue(total > 8L * 2048 * 1024 / 2, "most pixels are labelled: " + total);

        JsonObject t1 = DatasetInfo.compute(root, "train", Optional.of(TrainSet.T1));
        assertEquals(4, t1.get("pairs").getAsInt()); // aachen only: stage 1 city
        assertEquals(List.of("aachen"), new ArrayList<>(t1.getAsJsonObject("cities").keySet()));
        assertEquals(List.of("road", "sidewalk", "vegetation", "terrain", "sky"),
                new ArrayList<>(t1.getAsJsonObject("classPixels").keySet()));
        Map<String, Long> wantAachen = independentCounts(root, "train", List.of("aachen"));
        assertEquals(wantAachen.get("road"), t1.getAsJsonObject("classPixels").get("road").getAsLong());

        JsonObject val = DatasetInfo.compute(root, "val", Optional.of(TrainSet.T12));
        assertEquals(2, val.get("pairs").getAsInt());
        assertEquals(11, val.getAsJsonObject("classPixels").size());
        Map<String, Long> wantVal = independentCounts(root, "val", null);
        assertEquals(wantVal.get("building"),
                val.getAsJsonObject("classPixels").get("building").getAsLong());
        assertTrue(DatasetInfo.toJson(root, "val", Optional.empty()).contains("\"bicycle\""));
    }
}
