package org.lifelongseg.core.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A thread-safe record of the samples a dataset skipped (when told to skip bad samples instead of
 * failing).
 *
 * <pre>{@code
 * for (BadSampleReport.Entry e : dataset.badSamples().entries()) {
 *     System.err.println(e.sampleId() + ": " + e.reason());
 * }
 * }</pre>
 */
public final class BadSampleReport {

    /** One skipped sample. */
    public record Entry(String sampleId, String reason) {}

    private final List<Entry> entries = new ArrayList<>();

    /** Records a skipped sample; a sample reported several times (e.g. each epoch) is kept once. */
    public synchronized void add(String sampleId, String reason) {
        Entry e = new Entry(sampleId, reason);
        if (!entries.contains(e)) {
            entries.add(e);
        }
    }

    /** A snapshot of the skipped samples, in the order they were found. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Whether nothing was skipped. */
    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public synchronized String toString() {
        return entries.size() + " bad sample(s)" + (entries.isEmpty() ? "" : ": " + entries);
    }
}
