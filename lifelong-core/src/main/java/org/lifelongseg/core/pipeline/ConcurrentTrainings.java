package org.lifelongseg.core.pipeline;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.lifelongseg.core.engine.GradientCollectors;

/**
 * The threads of the pipeline's concurrent trainings: gradient recording off until a training
 * opens it, daemon threads, and a training's failure rethrown on the waiting thread as its own.
 */
final class ConcurrentTrainings {

    private ConcurrentTrainings() {}

    /** A pool of {@code threads} training threads ({@code training-1}, ...). */
    static ExecutorService pool(int threads) {
        return Executors.newFixedThreadPool(threads, threadFactory());
    }

    private static ThreadFactory threadFactory() {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(() -> {
                GradientCollectors.stopRecordingOnThisThread();
                task.run();
            }, "training-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The result of a concurrent training, its failure rethrown as this thread's. */
    static <T> T result(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a training");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
