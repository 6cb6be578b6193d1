package org.lifelongseg.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.lifelongseg.core.util.EnvironmentVariables;

/** Runs the command line in-process, capturing its exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        return of(EnvironmentVariables.system(), args);
    }

    /** Runs with the given environment variables instead of the process's. */
    static CliRun withEnvironment(Map<String, String> environment, String... args) {
        return of(EnvironmentVariables.of(environment), args);
    }

    private static synchronized CliRun of(EnvironmentVariables environment, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = LifelongCommand.execute(environment, args);
            System.out.flush();
            System.err.flush();
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * {@code args} followed by the options of a tiny training run in {@code dir}: the synthetic
     * dataset with 2 frames per city (cached in dir/data), 1 epoch, batch 2, checkpoints in
     * dir/ck, no progress bar.
     */
    static String[] tinyTraining(java.nio.file.Path dir, String... args) {
        String[] base = {"--synthetic-dir", dir.resolve("data").toString(), "--synthetic-frames", "2",
            "--num-epochs", "1", "--batch-size", "2", "--checkpoint-root", dir.resolve("ck").toString(),
            "--no-progress"};
        String[] out = new String[args.length + base.length];
        System.arraycopy(args, 0, out, 0, args.length);
        System.arraycopy(base, 0, out, args.length, base.length);
        return out;
    }

    /** The first line of stderr. */
    String firstErrLine() {
        return err.lines().findFirst().orElse("");
    }
}
