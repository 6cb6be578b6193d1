package org.lifelongseg.cityscapes.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.lifelongseg.core.data.BadSampleReport;
import org.lifelongseg.core.data.SplitScan;
import org.lifelongseg.core.util.EnvironmentVariables;

/**
 * Finds the image/ground-truth pairs of a dataset in the official Cityscapes layout:
 * {@code leftImg8bit/<split>/<city>/<stem>_leftImg8bit.png} with {@code
 * gtFine/<split>/<city>/<stem>_gtFine_labelIds.png}, or {@code _gtFine_labelTrainIds.png} where a
 * copy only has those.
 *
 * <pre>{@code
 * CityscapesLayout layout = CityscapesLayout.at(CityscapesLayout.defaultRoot()); // $CITYSCAPES_DATASET
 * List<CityscapesPair> train = layout.pairs("train");   // sorted by city, then id
 * SplitScan<CityscapesPair> scan = layout.scan("val"); // pairs + problems, for skipping bad ones
 * }</pre>
 */
public final class CityscapesLayout {

    /** The environment variable naming the default dataset root. */
    public static final String ENV = "CITYSCAPES_DATASET";

    private static final String IMAGE_SUFFIX = "_leftImg8bit.png";

    private final Path root;

    private CityscapesLayout(Path root) {
        this.root = root;
    }

    /**
     * The dataset root named by {@value #ENV}.
     *
     * @throws IllegalStateException if the variable is unset or empty
     */
    public static Path defaultRoot() {
        return EnvironmentVariables.get(ENV).map(Path::of).orElseThrow(() -> new IllegalStateException(
                "no Cityscapes root given and environment variable " + ENV + " is not set"));
    }

    /**
     * The layout under {@code root}.
     *
     * @throws IllegalArgumentException if {@code root/leftImg8bit} is no directory
     */
    public static CityscapesLayout at(Path root) {
        if (!Files.isDirectory(root.resolve("leftImg8bit"))) {
            throw new IllegalArgumentException(
                    "not a Cityscapes root (no leftImg8bit directory): " + root.toAbsolutePath());
        }
        return new CityscapesLayout(root);
    }

    /** The dataset root. */
    public Path root() {
        return root;
    }

    /**
     * The pairs of {@code split}, sorted by city then id.
     *
     * @throws IllegalArgumentException if the split is missing or empty, or an image has no ground
     *     truth or a ground-truth file no image (naming the file)
     */
    public List<CityscapesPair> pairs(String split) {
        return scan(split).samplesOrThrow();
    }

    /**
     * Pairs images with ground truth, collecting unpaired files as problems instead of failing.
     *
     * @throws IllegalArgumentException if the split directory is missing or holds no image
     */
    public SplitScan<CityscapesPair> scan(String split) {
        if (split == null || split.isBlank() || split.contains("/") || split.contains("..")) {
            throw new IllegalArgumentException("bad split name '" + split + "'");
        }
        Path imgDir = root.resolve("leftImg8bit").resolve(split);
        Path gtDir = root.resolve("gtFine").resolve(split);
        if (!Files.isDirectory(imgDir)) {
            throw new IllegalArgumentException(
                    "split '" + split + "' not found: no directory " + imgDir.toAbsolutePath());
        }
        Map<String, Path> images = list(imgDir, IMAGE_SUFFIX);
        if (images.isEmpty()) {
            throw new IllegalArgumentException(
                    "split '" + split + "' is empty: no *" + IMAGE_SUFFIX + " under " + imgDir);
        }
        Map<String, Path> labelIds = Files.isDirectory(gtDir)
                ? list(gtDir, LabelFormat.LABEL_IDS.suffix()) : Map.of();
        Map<String, Path> trainIds = Files.isDirectory(gtDir)
                ? list(gtDir, LabelFormat.TRAIN_IDS.suffix()) : Map.of();
        List<CityscapesPair> pairs = new ArrayList<>();
        List<BadSampleReport.Entry> problems = new ArrayList<>();
        for (Map.Entry<String, Path> e : images.entrySet()) {
            String key = e.getKey();
            String city = key.substring(0, key.indexOf('/'));
            String id = key.substring(key.indexOf('/') + 1);
            if (labelIds.containsKey(key)) {
                pairs.add(new CityscapesPair(split, city, id, e.getValue(), labelIds.get(key),
                        LabelFormat.LABEL_IDS));
            } else if (trainIds.containsKey(key)) {
                pairs.add(new CityscapesPair(split, city, id, e.getValue(), trainIds.get(key),
                        LabelFormat.TRAIN_IDS));
            } else {
                problems.add(new BadSampleReport.Entry(id, "image without ground truth: "
                        + e.getValue() + " (expected " + gtDir.resolve(city).resolve(
                                id + LabelFormat.LABEL_IDS.suffix()) + " or "
                        + LabelFormat.TRAIN_IDS.suffix() + ")"));
            }
        }
        for (Map<String, Path> gts : List.of(labelIds, trainIds)) {
            for (Map.Entry<String, Path> e : gts.entrySet()) {
                if (!images.containsKey(e.getKey())) {
                    String id = e.getKey().substring(e.getKey().indexOf('/') + 1);
                    BadSampleReport.Entry p = new BadSampleReport.Entry(id,
                            "ground truth without image: " + e.getValue() + " (expected "
                                    + imgDir.resolve(e.getKey()) + IMAGE_SUFFIX + ")");
                    if (problems.stream().noneMatch(x -> x.sampleId().equals(id))) {
                        problems.add(p);
                    }
                }
            }
        }
        pairs.sort(Comparator.comparing(CityscapesPair::city).thenComparing(CityscapesPair::id));
        return new SplitScan<>(root, split, pairs, problems);
    }

    /** Files {@code <dir>/<city>/<stem><suffix>} as "city/stem" -> path, sorted. */
    private static Map<String, Path> list(Path dir, String suffix) {
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> cities = Files.list(dir)) {
            for (Path cityDir : cities.filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.list(cityDir)) {
                    for (Path f : files.toList()) {
                        String name = f.getFileName().toString();
                        if (name.endsWith(suffix) && name.length() > suffix.length()) {
                            String stem = name.substring(0, name.length() - suffix.length());
                            out.put(cityDir.getFileName() + "/" + stem, f);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return out;
    }
}
