package org.lifelongseg.examples.resume;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One planned SIGKILL: its kind and a uniform number {@code u} in [0, 1) that places it, both drawn
 * in advance from a seeded {@link Random}, so that a seed reproduces the plan.
 *
 * @param number 1-based position in the plan
 * @param of the plan's length
 * @param kind when it strikes
 * @param u where it strikes within the attempt's remaining epochs
 */
record Kill(int number, int of, Kind kind, double u) {

    /** When a kill strikes. */
    enum Kind {
        /** At a uniformly random time of the remaining epochs (training, validation or saving). */
        RANDOM,
        /** As soon as the temporary folder of a checkpoint appears (while it is written). */
        CHECKPOINT,
        /** Right after an {@code epoch N/M:} log line, while the epoch is validated. */
        VALIDATION
    }

    /**
     * Plans {@code count} kills: the kinds in turn (random, checkpoint, validation, random, ...),
     * shuffled, so that every kind occurs once {@code count >= 3}.
     */
    static List<Kill> plan(int count, Random random) {
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            kinds.add(Kind.values()[i % Kind.values().length]);
        }
        Collections.shuffle(kinds, random);
        List<Kill> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new Kill(i + 1, count, kinds.get(i), random.nextDouble()));
        }
        return out;
    }

    /** Which of the attempt's checkpoints or validations (1-based) a targeted kill waits for. */
    int occurrence(int remainingEpochs) {
        return 1 + Math.min(remainingEpochs - 1, (int) (u * remainingEpochs));
    }

    /** The delay of a random kill after training starts: u times the reference's time for the remaining epochs. */
    double delaySeconds(int remainingEpochs, double referenceSecondsPerEpoch) {
        return u * remainingEpochs * referenceSecondsPerEpoch;
    }

    /** Where the kill is aimed, in words. */
    String aim(int remainingEpochs, double referenceSecondsPerEpoch) {
        return switch (kind) {
            case RANDOM -> String.format(Locale.ROOT, "%.2f s after training started (u=%.3f of the"
                    + " reference's %.2f s for the %d remaining epochs)",
                    delaySeconds(remainingEpochs, referenceSecondsPerEpoch), u,
                    remainingEpochs * referenceSecondsPerEpoch, remainingEpochs);
            case CHECKPOINT -> "as soon as the temporary folder of the attempt's checkpoint #"
                    + occurrence(remainingEpochs) + " (of " + remainingEpochs + ") appears";
            case VALIDATION -> "right after the attempt's 'epoch N/M:' line #" + occurrence(remainingEpochs)
                    + " (of " + remainingEpochs + "), while that epoch is validated";
        };
    }

    @Override
    public String toString() {
        return "kill #" + number + "/" + of + " (" + kind + ", u=" + String.format(Locale.ROOT, "%.3f", u) + ")";
    }
}
