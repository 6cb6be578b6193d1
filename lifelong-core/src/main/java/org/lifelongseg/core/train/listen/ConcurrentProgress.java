package org.lifelongseg.core.train.listen;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.lifelongseg.core.train.EpochRecord;
import org.lifelongseg.core.train.StepResult;
import org.lifelongseg.core.train.ValidationRecord;

/**
 * One console line (on stderr by default, updated in place) for trainings that run at the same
 * time: per training its task, epoch and batch; a finished step gets a line of its own.
 *
 * <pre>{@code
 * ConcurrentProgress progress = new ConcurrentProgress();
 * trainerA.listeners(progress.track("finetune"));
 * trainerB.listeners(progress.track("distill"));
 * // finetune task2 ep 3/17 12/28 | distill task2 ep 2/17 27/28 | joint ep 5/17 40/68
 * }</pre>
 */
public final class ConcurrentProgress {

    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final Map<String, String> states = new LinkedHashMap<>();
    private long lastDraw;
    private int lastLength;

    /** Progress on {@code System.err}. */
    public ConcurrentProgress() {
        this(System.err);
    }

    /** Progress on {@code out}. */
    public ConcurrentProgress(PrintStream out) {
        this.out = out;
    }

    /** A listener that reports the training called {@code name} on the shared line. */
    public TrainerListener track(String name) {
        return new Tracker(name);
    }

    private synchronized void update(String name, String state, boolean force) {
        states.put(name, state);
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = String.join(" | ", states.values());
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        out.flush();
        lastLength = line.length();
    }

    private synchronized void message(String name, String text) {
        out.print("\r" + " ".repeat(lastLength) + "\r");
        out.println(name + ": " + text);
        out.flush();
        lastLength = 0;
        lastDraw = 0;
    }

    private synchronized void remove(String name) {
        states.remove(name);
    }

    private final class Tracker implements TrainerListener {
        private final String name;
        private String task = "";
        private int epochs;
        private int batches;
        private long stepStart;

        Tracker(String name) {
            this.name = name;
        }

        @Override
        public void onStepStart(StepStart start) {
            task = start.taskName();
            epochs = start.epochs();
            batches = start.batchesPerEpoch();
            stepStart = System.nanoTime();
            update(name, name + " " + task + " ep " + (start.startEpoch() + 1) + "/" + epochs, true);
        }

        @Override
        public void onBatchEnd(BatchReport b) {
            update(name, String.format(Locale.ROOT, "%s %s ep %d/%d %d/%d", name, task, b.epoch() + 1,
                    epochs, b.batch() + 1, batches), false);
        }

        @Override
        public void onEpochEnd(EpochRecord e) {
            // the next batch redraws the line
        }

        @Override
        public void onValidation(ValidationRecord v) {
            message(name, String.format(Locale.ROOT, "%s epoch %d validation: mIoU task %.4f, all seen"
                    + " %.4f", task, v.epoch() + 1, v.taskMeanIoU(), v.seenMeanIoU()));
        }

        @Override
        public void onStepEnd(StepResult result) {
            remove(name);
            message(name, task + " done in "
                    + ProgressBar.duration((System.nanoTime() - stepStart) / 1e9));
        }
    }
}
