package org.lifelongseg.core.train.listen;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.lifelongseg.core.train.EpochRecord;
import org.lifelongseg.core.train.StepResult;
import org.lifelongseg.core.train.ValidationRecord;

/**
 * A console progress bar (on stderr by default), updated in place with carriage returns: epoch,
 * batch, images per second, the losses and the remaining time of the step.
 *
 * <pre>{@code
 * LifelongTrainer.forTasks(seq)...listeners(new ProgressBar()).train();
 * // task2 ep 3/200 [#########-----------]  12/156  9.8 img/s  loss 0.5321 ce 0.21 kd 0.32  ETA 5:12:09
 * }</pre>
 */
public final class ProgressBar implements TrainerListener {

    private static final int WIDTH = 20;

    private final PrintStream out;
    private String task = "";
    private int epochs;
    private int batchesPerEpoch;
    private long stepStartNanos;
    private long batchesDone;
    private long images;

    /** A progress bar on {@code System.err}. */
    public ProgressBar() {
        this(System.err);
    }

    /** A progress bar on {@code out}. */
    public ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onStepStart(StepStart start) {
        task = start.taskName();
        epochs = start.epochs();
        batchesPerEpoch = start.batchesPerEpoch();
        stepStartNanos = System.nanoTime();
        batchesDone = 0;
        images = 0;
    }

    @Override
    public void onBatchEnd(BatchReport b) {
        batchesDone++;
        images += b.images();
        double elapsed = (System.nanoTime() - stepStartNanos) / 1e9;
        long remainingBatches = (long) (epochs - b.epoch()) * batchesPerEpoch - (b.batch() + 1);
        double perBatch = elapsed / Math.max(1, batchesDone);
        int filled = batchesPerEpoch == 0 ? WIDTH : (b.batch() + 1) * WIDTH / batchesPerEpoch;
        StringBuilder sb = new StringBuilder("\r");
        sb.append(task).append(" ep ").append(b.epoch() + 1).append('/').append(epochs).append(" [");
        for (int i = 0; i < WIDTH; i++) {
            sb.append(i < filled ? '#' : '-');
        }
        sb.append("] ").append(String.format(Locale.ROOT, "%4d/%d", b.batch() + 1, batchesPerEpoch));
        sb.append(String.format(Locale.ROOT, "  %.1f img/s", images / Math.max(elapsed, 1e-9)));
        for (Map.Entry<String, Double> e : b.losses().entrySet()) {
            sb.append(String.format(Locale.ROOT, "  %s %.4f", e.getKey(), e.getValue()));
        }
        sb.append("  ETA ").append(duration(remainingBatches * perBatch)).append("   ");
        out.print(sb);
        out.flush();
    }

    @Override
    public void onEpochEnd(EpochRecord e) {
        if (e.epoch() == epochs - 1) {
            out.println();
        }
    }

    @Override
    public void onValidation(ValidationRecord v) {
        out.printf(Locale.ROOT, "%n%s epoch %d validation: mIoU task %.4f, all seen %.4f%n",
                task, v.epoch() + 1, v.taskMeanIoU(), v.seenMeanIoU());
    }

    @Override
    public void onStepEnd(StepResult result) {
        out.printf(Locale.ROOT, "%s done in %s%n", task, duration((System.nanoTime() - stepStartNanos) / 1e9));
        out.flush();
    }

    static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
