package org.lifelongseg.cityscapes.data;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.data.ClassPixels;

/**
 * Statistics of a split: pairs, pairs per city and labelled pixels per class at full resolution
 * (labelId -> trainId through the official table; void excluded).
 *
 * <pre>{@code
 * String json = DatasetInfo.toJson(root, "train", Optional.of(TrainSet.T1));
 * // {"split": "train", "trainSet": 1, "pairs": 4, "cities": {"aachen": 4},
 * //  "classPixels": {"road": ..., "sidewalk": ..., "vegetation": ..., "terrain": ..., "sky": ...}}
 * }</pre>
 *
 * <p>Without a train set all 19 classes are listed in the protocol's order. With a train set only
 * its classes are listed, and on the train split only its cities are counted (on other splits all
 * images, as for evaluation). Every ground-truth file is decoded and checked; a bad file fails the
 * computation with a message naming it.
 */
public final class DatasetInfo {

    private DatasetInfo() {}

    /** The statistics as a JSON tree. */
    public static JsonObject compute(Path root, String split, Optional<TrainSet> trainSet) {
        List<CityscapesPair> pairs = CityscapesLayout.at(root).pairs(split);
        if (trainSet.isPresent() && split.equals("train")) {
            pairs = trainSet.get().images().select(pairs);
        }
        List<String> classes = trainSet.map(TrainSet::classes)
                .orElse(CityscapesLabels.incrementalOrder());
        long[] perTrainId = ClassPixels.count(pairs, p -> p.format().encoding(),
                p -> p.format().toTrainIdTable(), 19);
        Map<String, Integer> cities = new TreeMap<>();
        pairs.forEach(p -> cities.merge(p.city(), 1, Integer::sum));
        JsonObject o = new JsonObject();
        o.addProperty("split", split);
        trainSet.ifPresent(t -> o.addProperty("trainSet", t.code()));
        o.addProperty("pairs", pairs.size());
        JsonObject jc = new JsonObject();
        cities.forEach(jc::addProperty);
        o.add("cities", jc);
        JsonObject px = new JsonObject();
        for (String c : classes) {
            px.addProperty(c, perTrainId[CityscapesLabels.byName(c).trainId()]);
        }
        o.add("classPixels", px);
        return o;
    }

    /** The statistics as pretty-printed JSON. */
    public static String toJson(Path root, String split, Optional<TrainSet> trainSet) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(compute(root, split, trainSet));
    }
}
