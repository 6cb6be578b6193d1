package org.lifelongseg.examples.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Runs a command so that a termination signal (Ctrl-C, SIGTERM) stops it in order: a shutdown hook
 * interrupts the command's thread, whose training stops after its current batch (the pipeline also
 * stops its concurrent trainings and waits for them), and the JVM exits once the command has
 * returned, at most {@value #GRACE_SECONDS} s later. Without it the JVM could tear libtorch down
 * while a training was still inside it (a crash report instead of an exit). Checkpoints are
 * written atomically, so what was saved stays whole either way.
 */
final class OrderlyStop {

    /** How long a signalled JVM waits for the command to stop. */
    static final int GRACE_SECONDS = 60;

    private OrderlyStop() {}

    /** Runs {@code command} on this thread and returns its exit code. */
    static int run(IntSupplier command) {
        Thread commandThread = Thread.currentThread();
        CountDownLatch returned = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (returned.getCount() == 0) {
                return; // an ordinary exit
            }
            System.err.println("lifelong: stopping on a signal; the running trainings end after their current batch");
            commandThread.interrupt();
            try {
                if (!returned.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
                    System.err.println("lifelong: the command did not stop within " + GRACE_SECONDS + " s; exiting");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lifelong-orderly-stop"));
        try {
            return command.getAsInt();
        } finally {
            returned.countDown();
        }
    }
}
