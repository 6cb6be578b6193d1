package org.lifelongseg.core.checkpoint;

import java.util.concurrent.Callable;

/**
 * Every loader of weights checks a checkpoint's files against the SHA-256 the checkpoint
 * recorded ({@link CheckpointLayout#verifyFile}, {@link CheckpointLayout#verify}) and refuses a
 * file that differs. For files changed on purpose (e.g. weights edited by hand), the check can be
 * skipped explicitly for the loads made inside one call, on the calling thread:
 *
 * <pre>{@code
 * Model model = IntegrityChecks.skipping(() -> ErfNetModels.load(editedWeights, 19, Device.cpu()));
 * }</pre>
 */
public final class IntegrityChecks {

    private static final ThreadLocal<Integer> SKIPPING = ThreadLocal.withInitial(() -> 0);

    private IntegrityChecks() {}

    /**
     * Runs {@code body} with the hash checks of checkpoint files skipped on this thread.
     *
     * @return what {@code body} returns
     * @throws Exception what {@code body} throws
     */
    public static <T> T skipping(Callable<T> body) throws Exception {
        SKIPPING.set(SKIPPING.get() + 1);
        try {
            return body.call();
        } finally {
            SKIPPING.set(SKIPPING.get() - 1);
        }
    }

    /** @return whether the current thread is inside {@link #skipping} */
    public static boolean skipped() {
        return SKIPPING.get() > 0;
    }
}
