package org.lifelongseg.core.recognize;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;

/**
 * The immutable result of recognizing a batch of samples: a score and a seen/unseen verdict per
 * sample, in input order, and the threshold that separated them.
 *
 * <pre>{@code
 * Recognition r = recognizer.recognize(samples);
 * for (SampleScore s : r.unseen()) { collect(s.id()); }
 * double ratio = SamplesTransferRatio.of(r.unseenCount(), r.size());
 * }</pre>
 */
public final class Recognition {

    private final ImmutableList<SampleScore> samples;
    private final double threshold;
    private final String scoreName;

    /**
     * Verdicts from scores: sample {@code i} is seen iff {@code scores[i] >= threshold}.
     *
     * @param ids sample ids
     * @param scores known-ness scores, one per id
     * @param threshold the acceptance threshold
     * @param scoreName what the score is (e.g. {@code mean_max_softmax})
     */
    public static Recognition of(List<String> ids, double[] scores, double threshold, String scoreName) {
        if (ids.size() != scores.length) {
            throw new IllegalArgumentException(ids.size() + " ids but " + scores.length + " scores");
        }
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        ImmutableList.Builder<SampleScore> b = ImmutableList.builderWithExpectedSize(ids.size());
        for (int i = 0; i < scores.length; i++) {
            b.add(new SampleScore(ids.get(i), scores[i], scores[i] >= threshold));
        }
        return new Recognition(b.build(), threshold, scoreName);
    }

    private Recognition(ImmutableList<SampleScore> samples, double threshold, String scoreName) {
        this.samples = samples;
        this.threshold = threshold;
        this.scoreName = Objects.requireNonNull(scoreName, "scoreName");
    }

    /** Every sample's verdict, in input order. */
    public List<SampleScore> samples() {
        return samples;
    }

    /** The samples taken as known tasks. */
    public List<SampleScore> seen() {
        return samples.stream().filter(SampleScore::seen).collect(ImmutableList.toImmutableList());
    }

    /** The samples taken as unknown tasks. */
    public List<SampleScore> unseen() {
        return samples.stream().filter(s -> !s.seen()).collect(ImmutableList.toImmutableList());
    }

    /** Number of samples. */
    public int size() {
        return samples.size();
    }

    /** Number of unseen samples. */
    public int unseenCount() {
        return (int) samples.stream().filter(s -> !s.seen()).count();
    }

    /** The acceptance threshold (seen iff score {@code >=} it). */
    public double threshold() {
        return threshold;
    }

    /** What the score measures. */
    public String scoreName() {
        return scoreName;
    }

    /** The scores in input order. */
    public double[] scores() {
        return samples.stream().mapToDouble(SampleScore::score).toArray();
    }

    @Override
    public String toString() {
        return "Recognition(" + size() + " samples, " + unseenCount() + " unseen, " + scoreName
                + " >= " + threshold + ")";
    }
}
