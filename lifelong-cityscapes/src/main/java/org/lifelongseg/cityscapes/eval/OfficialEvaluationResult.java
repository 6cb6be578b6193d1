package org.lifelongseg.cityscapes.eval;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableMap;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.lifelongseg.cityscapes.labels.CityscapesLabel;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;

/**
 * Immutable scores of the official Cityscapes pixel-level evaluation, computed from a 34×34
 * confusion matrix over labelIds ({@code [gt][pred]}).
 *
 * <pre>{@code
 * OfficialEvaluationResult r = OfficialEvaluationResult.fromConfusion(confusion);
 * double miou = r.averageScoreClasses();         // mean over the 19 evaluated classes
 * double car = r.classScores().get("car");
 * }</pre>
 *
 * <p>The official rules: labels with {@code ignoreInEval} get NaN. For an evaluated label l,
 * TP = C[l][l], FN = row sum of l − TP (so predicting an ignored label counts against the
 * ground-truth class), FP = column l summed over the rows of evaluated labels other than l (so
 * ground-truth pixels of ignored labels never produce a false positive); IoU = TP / (TP + FP +
 * FN), NaN when that is 0. A category merges its evaluated labels L: TP = Σ C[L][L], FN = Σ rows
 * of L − TP, FP = columns of L summed over the rows of evaluated labels of other categories. The
 * averages are means over the non-NaN scores.
 */
public final class OfficialEvaluationResult {

    /** Number of labelIds (0..33), the confusion matrix size. */
    public static final int NUM_IDS = 34;

    private final long[][] confusion;
    private final ImmutableMap<String, Double> classScores;
    private final ImmutableMap<String, Double> categoryScores;
    private final double averageScoreClasses;
    private final double averageScoreCategories;

    private OfficialEvaluationResult(long[][] confusion) {
        this.confusion = confusion;
        Map<String, Double> classes = new TreeMap<>();
        for (int id = 0; id < NUM_IDS; id++) {
            CityscapesLabel l = label(id);
            classes.put(l.name(), classIoU(id));
        }
        Set<String> categoryNames = new LinkedHashSet<>();
        for (CityscapesLabel l : CityscapesLabels.all()) {
            categoryNames.add(l.category());
        }
        Map<String, Double> categories = new TreeMap<>();
        for (String c : categoryNames) {
            categories.put(c, categoryIoU(c));
        }
        this.classScores = ImmutableMap.copyOf(classes);
        this.categoryScores = ImmutableMap.copyOf(categories);
        this.averageScoreClasses = nanMean(classScores);
        this.averageScoreCategories = nanMean(categoryScores);
    }

    /**
     * Scores a 34×34 labelId confusion matrix.
     *
     * @throws IllegalArgumentException if the matrix is not 34×34 or holds a negative count
     */
    public static OfficialEvaluationResult fromConfusion(long[][] confusion) {
        Preconditions.checkArgument(
                confusion.length == NUM_IDS, "confusion matrix must have %s rows, got %s", NUM_IDS, confusion.length);
        long[][] copy = new long[NUM_IDS][];
        for (int i = 0; i < NUM_IDS; i++) {
            Preconditions.checkArgument(
                    confusion[i].length == NUM_IDS,
                    "confusion matrix row %s has %s entries, expected %s", i, confusion[i].length, NUM_IDS);
            for (long v : confusion[i]) {
                Preconditions.checkArgument(v >= 0, "negative count %s in row %s", v, i);
            }
            copy[i] = confusion[i].clone();
        }
        return new OfficialEvaluationResult(copy);
    }

    /** Mean IoU over the evaluated classes with a score (the official 19-class mIoU). */
    public double averageScoreClasses() {
        return averageScoreClasses;
    }

    /** IoU per label name, sorted by name; NaN for ignored labels and classes never seen. */
    public Map<String, Double> classScores() {
        return classScores;
    }

    /** Mean IoU over the categories with a score. */
    public double averageScoreCategories() {
        return averageScoreCategories;
    }

    /** IoU per category name (flat, construction, ..., void = NaN), sorted by name. */
    public Map<String, Double> categoryScores() {
        return categoryScores;
    }

    /** A copy of the labelId confusion matrix {@code [gt][pred]}. */
    public long[][] confusion() {
        long[][] out = new long[NUM_IDS][];
        for (int i = 0; i < NUM_IDS; i++) {
            out[i] = confusion[i].clone();
        }
        return out;
    }

    /**
     * The result as JSON in the official layout: {@code averageScoreClasses}, {@code classScores},
     * {@code averageScoreCategories}, {@code categoryScores} (NaN written as {@code NaN}, as
     * Python's json module does) and {@code confMatrix}.
     */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("averageScoreCategories", averageScoreCategories);
        o.addProperty("averageScoreClasses", averageScoreClasses);
        JsonObject cats = new JsonObject();
        categoryScores.forEach(cats::addProperty);
        o.add("categoryScores", cats);
        JsonObject classes = new JsonObject();
        classScores.forEach(classes::addProperty);
        o.add("classScores", classes);
        JsonArray cm = new JsonArray();
        for (long[] row : confusion) {
            JsonArray r = new JsonArray();
            for (long v : row) {
                r.add(v);
            }
            cm.add(r);
        }
        o.add("confMatrix", cm);
        return new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create().toJson(o);
    }

    private static CityscapesLabel label(int id) {
        return CityscapesLabels.findById(id)
                .orElseThrow(() -> new IllegalStateException("no Cityscapes label with id " + id));
    }

    private static boolean evaluated(int id) {
        return !label(id).ignoreInEval();
    }

    private double classIoU(int id) {
        if (!evaluated(id)) {
            return Double.NaN;
        }
        long tp = confusion[id][id];
        long fn = rowSum(id) - tp;
        long fp = 0;
        for (int g = 0; g < NUM_IDS; g++) {
            if (g != id && evaluated(g)) {
                fp += confusion[g][id];
            }
        }
        long denom = tp + fp + fn;
        return denom == 0 ? Double.NaN : (double) tp / denom;
    }

    private double categoryIoU(String category) {
        List<Integer> ids = new ArrayList<>();
        for (int id = 0; id < NUM_IDS; id++) {
            if (evaluated(id) && label(id).category().equals(category)) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            return Double.NaN;
        }
        long tp = 0;
        long rows = 0;
        for (int i : ids) {
            rows += rowSum(i);
            for (int j : ids) {
                tp += confusion[i][j];
            }
        }
        long fn = rows - tp;
        long fp = 0;
        for (int g = 0; g < NUM_IDS; g++) {
            if (evaluated(g) && !label(g).category().equals(category)) {
                for (int j : ids) {
                    fp += confusion[g][j];
                }
            }
        }
        long denom = tp + fp + fn;
        return denom == 0 ? Double.NaN : (double) tp / denom;
    }

    private long rowSum(int id) {
        long s = 0;
        for (long v : confusion[id]) {
            s += v;
        }
        return s;
    }

    private static double nanMean(Map<String, Double> scores) {
        double sum = 0;
        int count = 0;
        for (double v : scores.values()) {
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
