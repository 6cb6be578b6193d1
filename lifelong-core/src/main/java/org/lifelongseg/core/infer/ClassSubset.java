package org.lifelongseg.core.infer;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.List;

/**
 * The logit channels an argmax may choose from: a task's classes, or a union of tasks.
 *
 * <pre>{@code
 * ClassSubset task2 = ClassSubset.range(5, 11);   // channels 5..10
 * ClassSubset all = ClassSubset.all(19);
 * }</pre>
 *
 * @param channels distinct channel indices in increasing order
 */
public record ClassSubset(ImmutableList<Integer> channels) {

    /** Validates the channels. */
    public ClassSubset {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a class subset needs at least one channel");
        }
        for (int i = 0; i < channels.size(); i++) {
            if (channels.get(i) < 0 || (i > 0 && channels.get(i) <= channels.get(i - 1))) {
                throw new IllegalArgumentException(
                        "class subset channels must be distinct, non-negative and increasing: " + channels);
            }
        }
    }

    /** The channels {@code from} (inclusive) to {@code to} (exclusive). */
    public static ClassSubset range(int from, int to) {
        ImmutableList.Builder<Integer> b = ImmutableList.builder();
        for (int c = from; c < to; c++) {
            b.add(c);
        }
        return new ClassSubset(b.build());
    }

    /** All channels of a model with {@code numClasses} outputs. */
    public static ClassSubset all(int numClasses) {
        return range(0, numClasses);
    }

    /** The given channels (sorted, duplicates rejected). */
    public static ClassSubset of(int... channels) {
        int[] sorted = channels.clone();
        Arrays.sort(sorted);
        return new ClassSubset(ImmutableList.copyOf(Arrays.stream(sorted).boxed().toList()));
    }

    /** The given channels (sorted, duplicates rejected). */
    public static ClassSubset of(List<Integer> channels) {
        return of(channels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The number of channels. */
    public int size() {
        return channels.size();
    }

    /** The largest channel index + 1. */
    public int requiredChannels() {
        return channels.get(channels.size() - 1) + 1;
    }

    /** Whether the subset is the contiguous range {@code [0, n)}. */
    public boolean isAllOf(int n) {
        return channels.size() == n && channels.get(n - 1) == n - 1;
    }

    /** The channels as an array. */
    public int[] toArray() {
        return channels.stream().mapToInt(Integer::intValue).toArray();
    }
}
