package org.lifelongseg.examples.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run of the command line in its own JVM, started as the {@code ./lifelong} launcher starts it
 * (with the test JVM's class path). Stdout and stderr are read on two threads, every line is kept
 * with the seconds since the start, and each stderr line is offered to a listener (on the reader
 * thread) so that a test can react to the trainer's log. A child JVM also isolates a run from the
 * test JVM's process-wide engine state (PyTorch's thread count, the convolution kernels admitted),
 * which earlier tests set, so its results are those of the command line run alone.
 */
public final class ChildJvm {

    private static final String MAIN = "org.lifelongseg.examples.cli.LifelongCommand";

    private final Process process;
    private final long startNanos;
    private final List<String> transcript = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();

    private ChildJvm(Process process, long startNanos) {
        this.process = process;
        this.startNanos = startNanos;
    }

    /** Reacts to the child's stderr lines; it is given the child so that it can kill it. */
    public interface Listener {
        /** Called on the reader thread for each stderr line. */
        void onErrLine(ChildJvm child, String line);
    }

    /**
     * Starts {@code LifelongCommand args} in {@code workDir}, where a crashing JVM writes its
     * {@code hs_err_pid<pid>.log}.
     */
    public static ChildJvm start(Path workDir, List<String> args, Listener listener) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Djava.awt.headless=true", "-Dai.djl.offline=true",
                "-XX:ErrorFile=" + workDir.resolve("hs_err_pid%p.log"),
                "-cp", System.getProperty("java.class.path"), MAIN));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        long start = System.nanoTime();
        ChildJvm child = new ChildJvm(pb.start(), start);
        child.read("out", child.process.getInputStream(), line -> {});
        child.read("err", child.process.getErrorStream(), line -> listener.onErrLine(child, line));
        return child;
    }

    private void read(String stream, InputStream in, Consumer<String> listener) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (transcript) {
                        transcript.add(String.format(Locale.ROOT, "%7.3f %s| %s", seconds(), stream, line));
                    }
                    listener.accept(line);
                }
            } catch (IOException e) {
                synchronized (transcript) {
                    transcript.add(String.format(Locale.ROOT, "%7.3f %s| (read failed: %s)", seconds(),
                            stream, e));
                }
            }
        }, "child-" + stream + "-" + process.pid());
        t.setDaemon(true);
        t.start();
        readers.add(t);
    }

    /** Seconds since the child was started. */
    public double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends SIGTERM (on Linux), as a Ctrl-C or {@code kill} would, through the process handle:
     * {@link Process#destroy()} would also close the streams, and the child's last words with them.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** Sends SIGKILL (on Linux; {@link Process#destroyForcibly()}). */
    public void kill() {
        process.destroyForcibly();
    }

    /**
     * Waits for the exit and for the readers to reach the end of the output.
     *
     * @return the exit code (137 after SIGKILL)
     * @throws AssertionError if the child is still running after {@code timeoutSeconds} (it is then
     *     killed)
     */
    public int await(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            joinReaders();
            throw new AssertionError("still running after " + timeoutSeconds + " s (killed):\n" + transcript());
        }
        joinReaders();
        return process.exitValue();
    }

    private void joinReaders() throws InterruptedException {
        for (Thread t : readers) {
            t.join(10_000);
        }
    }

    /** Every line read so far, stdout and stderr interleaved, with seconds since the start. */
    public String transcript() {
        synchronized (transcript) {
            return String.join("\n", transcript);
        }
    }
}
