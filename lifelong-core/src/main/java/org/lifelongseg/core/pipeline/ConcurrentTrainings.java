package org.lifelongseg.core.pipeline;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.lifelongseg.core.engine.GradientCollectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's concurrent trainings: threads with gradient recording off until a training opens
 * it; waiting for one training rethrows the first failure of any of them as the waiting thread's
 * own; {@link #close()} stops the trainings still running (they check for interruption between
 * batches) and waits until they have, so that nothing they read, such as the stage-1 model, is
 * closed under them, and no native code runs while the JVM exits.
 */
final class ConcurrentTrainings implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentTrainings.class);

    private final ExecutorService pool;
    private final BlockingQueue<Future<Object>> done = new LinkedBlockingQueue<>();
    private final CompletionService<Object> completion;

    /** A pool of {@code threads} training threads ({@code training-1}, ...). */
    ConcurrentTrainings(int threads) {
        this.pool = Executors.newFixedThreadPool(threads, threadFactory());
        this.completion = new ExecutorCompletionService<>(pool, done);
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

    /** Starts a training. */
    @SuppressWarnings("unchecked")
    <T> Future<T> submit(Callable<T> training) {
        return (Future<T>) completion.submit((Callable<Object>) training);
    }

    /**
     * The result of a training once it has ended; the failure of this or of any other training
     * that ends first is rethrown as this thread's.
     */
    <T> T result(Future<T> training) throws IOException {
        try {
            while (!training.isDone()) {
                Future<Object> ended = completion.take();
                if (ended != training) {
                    get(ended);
                }
            }
            return get(training);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a training");
        }
    }

    private static <T> T get(Future<T> f) throws IOException, InterruptedException {
        try {
            return f.get();
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

    /**
     * Interrupts the trainings still running and waits until every one has ended (a training
     * ends at its next batch); returns at once when all have ended. Idempotent.
     */
    @Override
    public void close() {
        pool.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(30, TimeUnit.SECONDS)) {
                    break;
                }
                LOG.warn("still waiting for the trainings to stop");
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
