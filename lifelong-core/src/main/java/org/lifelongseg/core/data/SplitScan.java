package org.lifelongseg.core.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The samples found in one split of a dataset on disk, and the files that could not be paired
 * (an image without label map, a label map without image, ...); the samples exclude those.
 *
 * <pre>{@code
 * SplitScan<FolderSample> scan = layout.scan("train");
 * List<FolderSample> ok = scan.samples();           // usable, in a fixed order
 * List<FolderSample> all = scan.samplesOrThrow();   // or the first problem as an error
 * }</pre>
 *
 * @param root the dataset folder
 * @param split the split
 * @param samples the usable samples (copied)
 * @param problems one entry per unusable file, its reason naming the file (copied)
 * @param <S> the sample type
 */
public record SplitScan<S extends SampleInfo>(
        Path root, String split, List<S> samples, List<BadSampleReport.Entry> problems) {

    /** Copies the lists. */
    public SplitScan {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(split, "split");
        samples = List.copyOf(samples);
        problems = List.copyOf(problems);
    }

    /**
     * The samples, if no file was left unpaired.
     *
     * @throws IllegalArgumentException naming the first problem's file and how many more there are
     */
    public List<S> samplesOrThrow() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0).reason() + (problems.size() > 1
                    ? " (and " + (problems.size() - 1) + " more problem(s) in split '" + split + "')"
                    : ""));
        }
        return samples;
    }
}
