package org.lifelongseg.cityscapes.eval;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.LabelMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pixel-level evaluation of label-id predictions against a Cityscapes tree, following the
 * official cityscapesScripts evaluator ({@code evalPixelLevelSemanticLabeling}).
 *
 * <pre>{@code
 * OfficialEvaluationResult r = OfficialPixelEvaluator.builder()
 *         .setCityscapesRoot(Path.of("cityscapes"))          // holds gtFine/<split>/<city>/...
 *         .setPredictionDir(Path.of("predictions"))          // <frame>_pred_labelIds.png, any depth
 *         .optSplits(List.of("val"))                         // default: val
 *         .build()
 *         .evaluate();
 * double miou = r.averageScoreClasses();
 * String json = r.toJson();
 * }</pre>
 *
 * <p>Every {@code gtFine/<split>/<city>/<frame>_gtFine_labelIds.png} is paired with the one PNG
 * under the prediction directory whose name starts with {@code <frame>} (the official rule); a
 * frame without or with several predictions is an error. Both images hold labelIds (0..33). The
 * pairs are accumulated into one 34×34 confusion matrix over labelIds, scored by {@link
 * OfficialEvaluationResult#fromConfusion}.
 */
public final class OfficialPixelEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(OfficialPixelEvaluator.class);
    private static final String GT_SUFFIX = "_gtFine_labelIds.png";

    private final Path root;
    private final Path predictions;
    private final ImmutableList<String> splits;

    private OfficialPixelEvaluator(Builder b) {
        this.root = b.root;
        this.predictions = b.predictions;
        this.splits = b.splits == null ? ImmutableList.of("val") : b.splits;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Evaluates every ground-truth frame of the splits.
     *
     * @throws IllegalArgumentException naming the file on missing or duplicate predictions,
     *     differing image sizes, unknown ground-truth ids or prediction ids outside 0..33
     * @throws UncheckedIOException if a directory or file cannot be read
     */
    public OfficialEvaluationResult evaluate() {
        List<Path> gtFiles = groundTruthFiles();
        Map<String, List<Path>> predIndex = predictionIndex();
        List<String> missing = new ArrayList<>();
        List<Path[]> pairs = new ArrayList<>();
        for (Path gt : gtFiles) {
            String name = gt.getFileName().toString();
            String frame = name.substring(0, name.length() - GT_SUFFIX.length());
            List<Path> preds = matching(predIndex, frame);
            if (preds.isEmpty()) {
                missing.add(frame);
            } else if (preds.size() > 1) {
                throw new IllegalArgumentException(
                        "found several predictions for ground truth " + gt + ": " + preds);
            } else {
                pairs.add(new Path[] {preds.get(0), gt});
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "no prediction in " + predictions + " for " + missing.size() + " of "
                            + gtFiles.size() + " ground-truth frames: " + missing
                            + " (expected files named <frame>*.png, e.g. " + missing.get(0)
                            + "_pred_labelIds.png)");
        }
        long[][] confusion = new long[OfficialEvaluationResult.NUM_IDS][OfficialEvaluationResult.NUM_IDS];
        for (Path[] pair : pairs) {
            addPair(confusion, ImageFiles.readLabels(pair[0]), ImageFiles.readLabels(pair[1]));
        }
        LOG.debug("evaluated {} frames of {} in {}", pairs.size(), splits, root);
        return OfficialEvaluationResult.fromConfusion(confusion);
    }

    /**
     * Adds one prediction/ground-truth pair (labelIds) to a 34×34 confusion matrix {@code
     * [gt][pred]}.
     *
     * @throws IllegalArgumentException naming the files on differing sizes, a ground-truth id
     *     that is no labelId (0..33) or a prediction id outside 0..33
     */
    public static void addPair(long[][] confusion, LabelMap prediction, LabelMap groundTruth) {
        int n = OfficialEvaluationResult.NUM_IDS;
        Preconditions.checkArgument(
                confusion.length == n, "confusion matrix must be %sx%s", n, n);
        if (prediction.width() != groundTruth.width() || prediction.height() != groundTruth.height()) {
            throw new IllegalArgumentException(
                    "prediction " + prediction.file() + " is " + prediction.width() + "x"
                            + prediction.height() + " but ground truth " + groundTruth.file() + " is "
                            + groundTruth.width() + "x" + groundTruth.height());
        }
        long[] local = new long[n * n];
        byte[] p = prediction.values();
        byte[] g = groundTruth.values();
        for (int i = 0; i < g.length; i++) {
            int gt = g[i] & 0xFF;
            int pred = p[i] & 0xFF;
            if (gt < 0 || gt >= n) {
                throw new IllegalArgumentException(
                        "ground truth " + groundTruth.file() + " holds unknown label id " + gt
                                + " at pixel (" + (i % groundTruth.width()) + ", "
                                + (i / groundTruth.width()) + ")");
            }
            if (pred < 0 || pred >= n) {
                throw new IllegalArgumentException(
                        "prediction " + prediction.file() + " holds label id " + pred
                                + " at pixel (" + (i % prediction.width()) + ", "
                                + (i / prediction.width()) + "); label ids must be in 0.." + (n - 1));
            }
            local[gt * n + pred]++;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                confusion[i][j] += local[i * n + j];
            }
        }
    }

    private List<Path> groundTruthFiles() {
        List<Path> files = new ArrayList<>();
        for (String split : splits) {
            Path dir = root.resolve("gtFine").resolve(split);
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException(
                        "split '" + split + "': ground-truth directory " + dir + " does not exist");
            }
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(GT_SUFFIX))
                        .filter(Files::isRegularFile)
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(
                    "no *" + GT_SUFFIX + " files under " + root.resolve("gtFine") + " for splits " + splits);
        }
        return files;
    }

    /** PNG files under the prediction directory, keyed by their first two '_'-separated fields. */
    private Map<String, List<Path>> predictionIndex() {
        if (!Files.isDirectory(predictions)) {
            throw new IllegalArgumentException(
                    "prediction directory " + predictions + " does not exist");
        }
        Map<String, List<Path>> index = new TreeMap<>();
        try (Stream<Path> s = Files.walk(predictions)) {
            s.filter(p -> p.getFileName().toString().endsWith(".png"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .forEach(p -> index.computeIfAbsent(key(p.getFileName().toString()), k -> new ArrayList<>()).add(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + predictions, e);
        }
        return index;
    }

    private static String key(String fileName) {
        int first = fileName.indexOf('_');
        int second = first < 0 ? -1 : fileName.indexOf('_', first + 1);
        return second < 0 ? fileName : fileName.substring(0, second);
    }

    private static List<Path> matching(Map<String, List<Path>> index, String frame) {
        List<Path> out = new ArrayList<>();
        for (Path p : index.getOrDefault(key(frame), List.of())) {
            if (p.getFileName().toString().startsWith(frame)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Builder of {@link OfficialPixelEvaluator}. */
    public static final class Builder {
        private Path root;
        private Path predictions;
        private ImmutableList<String> splits;

        private Builder() {}

        /** The Cityscapes root holding {@code gtFine/<split>/<city>/}. */
        public Builder setCityscapesRoot(Path root) {
            Preconditions.checkState(this.root == null, "Cityscapes root given twice");
            this.root = root;
            return this;
        }

        /** The directory holding the predictions (searched recursively). */
        public Builder setPredictionDir(Path predictions) {
            Preconditions.checkState(this.predictions == null, "prediction directory given twice");
            this.predictions = predictions;
            return this;
        }

        /** The splits to evaluate, e.g. {@code ["train", "val"]} (default {@code ["val"]}). */
        public Builder optSplits(List<String> splits) {
            Preconditions.checkState(this.splits == null, "splits given twice");
            Preconditions.checkArgument(!splits.isEmpty(), "splits must not be empty");
            this.splits = ImmutableList.copyOf(splits);
            return this;
        }

        /** Validates the settings and builds the evaluator. */
        public OfficialPixelEvaluator build() {
            Preconditions.checkState(root != null, "setCityscapesRoot is required");
            Preconditions.checkState(predictions != null, "setPredictionDir is required");
            return new OfficialPixelEvaluator(this);
        }
    }
}
