package org.lifelongseg.core.recognize;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one {@link RecognitionPipeline#run} did: the verdicts, which files were seen and unseen, the
 * unseen copies collected for the next task, and Ianvs' transfer ratio.
 *
 * @param recognition the verdicts, ids = the input files' paths as given
 * @param seenFiles the inputs taken as known tasks (sent to the seen handler)
 * @param unseenFiles the inputs taken as unknown tasks
 * @param collectedFiles the copies of the unseen inputs in the output folder, same order
 * @param unreadableFiles inputs skipped because they could not be decoded (only when allowed)
 * @param outputDirectory the folder holding {@code seen.txt}, {@code unseen.txt}, {@code
 *     recognition.json} and the {@code unseen/} copies
 */
public record RecognitionRound(
        Recognition recognition,
        List<Path> seenFiles,
        List<Path> unseenFiles,
        List<Path> collectedFiles,
        List<Path> unreadableFiles,
        Path outputDirectory) {

    /** Copies the lists. */
    public RecognitionRound {
        seenFiles = ImmutableList.copyOf(seenFiles);
        unseenFiles = ImmutableList.copyOf(unseenFiles);
        collectedFiles = ImmutableList.copyOf(collectedFiles);
        unreadableFiles = ImmutableList.copyOf(unreadableFiles);
    }

    /** The number of samples inferred (recognized) in this round. */
    public int inferredCount() {
        return recognition.size();
    }

    /** Ianvs' {@code samples_transfer_ratio} of this round: round(unseen / (inferred + 1), 4). */
    public double samplesTransferRatio() {
        return SamplesTransferRatio.of(unseenFiles.size(), inferredCount());
    }

    /** Metrics for a results file, e.g. {@code RunResults.Builder#optExtraMetrics}. */
    public Map<String, Double> metrics() {
        return ImmutableMap.of(
                "samples_transfer_ratio", samplesTransferRatio(),
                "unseen_samples", (double) unseenFiles.size(),
                "inferred_samples", (double) inferredCount(),
                "recognition_threshold", recognition.threshold());
    }
}
