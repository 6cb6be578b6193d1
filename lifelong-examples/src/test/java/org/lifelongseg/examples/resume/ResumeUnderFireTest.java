package org.lifelongseg.examples.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.checkpoint.CheckpointLayout;
import org.lifelongseg.examples.testing.ChildJvm;

/**
 * Resume under fire (issue #12): a command-line training run, killed with SIGKILL at random moments
 * and resumed with {@code --resume} after every kill, finishes and ends bitwise identical to an
 * uninterrupted run.
 *
 * <p>For {@code train-static} (stage 1) and then {@code train-incremental} (task 2, distilled from
 * the stage-1 reference): one uninterrupted reference run, then runs in child JVMs that are killed
 * {@code lifelong.fire.kills} times (default 4) in all: at a uniformly random time of the remaining
 * epochs (scaled from the reference's measured time per epoch), as soon as the folder of a checkpoint
 * being written appears (its hidden temporary folder; the final folder itself if a write were not
 * atomic), and right after an {@code epoch N/M:} line while the epoch is validated. Every attempt
 * after a kill resumes; none may fail, crash (hs_err file, SIGSEGV, heap corruption) or leave an
 * unreadable checkpoint, and every checkpoint of the finished run must hold the same weights and
 * optimizer bytes and the same history (timing aside) as the reference's. A run that finishes before
 * all kills are spent (a random kill timed too late) is followed by a fresh one. Finally a resume of
 * the finished run, beside the temporary folders the kills left, must succeed and change nothing.
 *
 * <p>The kill plan comes from a printed seed; {@code -Dlifelong.fire.seed=S} replays it (the kill
 * times still depend on the machine's speed). The long version (README):
 * {@code mvn -pl lifelong-examples -am verify -Dtest=ResumeUnderFireTest -Dlifelong.fire.kills=10
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ResumeUnderFireTest {

    private static final int EPOCHS = 3;
    private static final int KILLS = Integer.getInteger("lifelong.fire.kills", 4);
    private static final long SEED = Long.getLong("lifelong.fire.seed", new SecureRandom().nextLong());
    private static final int SIGKILLED = 137;
    private static final Pattern TRAINING = Pattern.compile("for epochs (\\d+)\\.\\.(\\d+)");
    private static final Pattern EPOCH_END = Pattern.compile(" epoch (\\d+)/(\\d+): ");
    private static final Pattern VALIDATED = Pattern.compile(" epoch (\\d+): validation ");
    private static final Pattern SAVED = Pattern.compile("\\): checkpoint .*weights_(\\d+)$");
    private static final Pattern TEMPORARY = Pattern.compile("\\.weights_\\d+\\.tmp-.*");
    /** A checkpoint folder, temporary or final: its write has begun. */
    private static final Pattern WRITTEN = Pattern.compile("\\.?weights_(\\d+)(\\.tmp-.*)?");
    private static final List<String> CRASH_SIGNS = List.of("sigsegv", "corrupted", "double free");

    @TempDir static Path dir;

    private static Reference stageOne;

    /** An uninterrupted run: its model name and its measured time. */
    private record Reference(String name, double seconds, double secondsPerEpoch) {}

    /** One child JVM run of a model, and how it ended. */
    private record Attempt(String model, int number, boolean resumed, int startEpoch, Kill kill, String aim,
            boolean fired, String moment, int exit, String folderAfter, String transcript,
            double secondsPerEpoch) {

        boolean killed() {
            return fired && exit == SIGKILLED;
        }

        String describe() {
            return model + " attempt " + number + (resumed ? " (--resume" : " (fresh")
                    + ", starting at epoch " + startEpoch + ")"
                    + (kill == null ? "" : ": " + kill + " aimed " + aim
                            + (fired ? ", fired " + moment : ", not fired: the run finished first"));
        }
    }

    @BeforeAll
    static void stageOneReference() throws Exception {
        System.out.printf(Locale.ROOT, "[fire] seed %d (-Dlifelong.fire.seed=%d replays the plan), %d kills"
                + " per command, %d epochs%n", SEED, SEED, KILLS, EPOCHS);
        stageOne = reference("static-ref", ResumeUnderFireTest::staticArgs);
    }

    @Test
    void staticTrainingSurvivesKills() throws Exception {
        underFire("static", ResumeUnderFireTest::staticArgs, stageOne, 1);
    }

    @Test
    void incrementalTrainingSurvivesKills() throws Exception {
        Function<String, List<String>> args = ResumeUnderFireTest::incrementalArgs;
        underFire("incremental", args, reference("incremental-ref", args), 2);
    }

    private static List<String> staticArgs(String name) {
        return common("train-static", name, "--train-set", "1", "--city");
    }

    private static List<String> incrementalArgs(String name) {
        return common("train-incremental", name, "--train-set", "2",
                "--teachers", stageOne.name(), String.valueOf(EPOCHS - 1));
    }

    private static List<String> common(String command, String name, String... more) {
        List<String> out = new ArrayList<>(List.of(command, "--model-name", name));
        out.addAll(List.of(more));
        out.addAll(List.of("--checkpoint-root", dir.resolve("ck").toString(),
                "--synthetic-dir", dir.resolve("data").toString(), "--synthetic-frames", "2",
                "--num-epochs", String.valueOf(EPOCHS), "--batch-size", "2", "--save-frequency", "1",
                "--height", "64", "--width", "128", "--crop-height", "64", "--crop-width", "128",
                "--validate", "--no-progress"));
        return out;
    }

    private static Path models(String name) {
        return CheckpointLayout.of(dir.resolve("ck"), name).modelsDirectory();
    }

    /** Runs {@code name} uninterrupted and measures its time per epoch. */
    private static Reference reference(String name, Function<String, List<String>> args) throws Exception {
        double[] training = {Double.NaN};
        double[] saved = {Double.NaN};
        Path work = Files.createDirectories(dir.resolve("work-" + name));
        ChildJvm child = ChildJvm.start(work, args.apply(name), (c, line) -> {
            if (TRAINING.matcher(line).find()) {
                training[0] = c.seconds();
            } else if (SAVED.matcher(line).find()) {
                saved[0] = c.seconds();
            }
        });
        int exit = child.await(900);
        double seconds = child.seconds();
        assertEquals(0, exit, "reference run " + name + " failed:\n" + child.transcript());
        checkNoCrash(work, child.transcript(), "reference run " + name);
        assertTrue(saved[0] > training[0], "no training or checkpoint line:\n" + child.transcript());
        Reference r = new Reference(name, seconds, (saved[0] - training[0]) / EPOCHS);
        System.out.printf(Locale.ROOT, "[fire] reference %s: %.1f s, %.2f s per epoch%n", name, seconds,
                r.secondsPerEpoch());
        return r;
    }

    /** Spends the command's kill plan on runs of it and checks each finished run against the reference. */
    private static void underFire(String command, Function<String, List<String>> args, Reference ref, long salt)
            throws Exception {
        long start = System.nanoTime();
        Deque<Kill> plan = new ArrayDeque<>(Kill.plan(KILLS, new Random(SEED * 31 + salt)));
        List<Attempt> all = new ArrayList<>();
        int runs = 0;
        Reference pace = ref;
        boolean leftoversChecked = false;
        try {
            while (!plan.isEmpty()) {
                runs++;
                assertTrue(runs <= KILLS + 2, "seed " + SEED + ": " + command + " finished " + (runs - 1)
                        + " times before the kills " + plan + " could strike");
                String name = command + "-fire" + runs;
                List<Attempt> attempts = new ArrayList<>();
                try {
                    pace = runUnderFire(name, args, pace, plan, attempts);
                } finally {
                    all.addAll(attempts);
                }
                compareWithReference(name, ref.name(), attempts);
                if (!temporaries(models(name)).isEmpty()) {
                    resumeFinishedRun(name, args, attempts);
                    leftoversChecked = true;
                }
            }
            if (!leftoversChecked) {
                System.out.println("[fire] " + command + ": no temporary checkpoint folder was left, so no"
                        + " finished run was resumed beside one");
            }
        } finally {
            report(command, all, runs, start);
        }
    }

    /** Prints what every attempt met, also when the test fails. */
    private static void report(String command, List<Attempt> all, int runs, long start) {
        Map<Kill.Kind, Long> byKind = new EnumMap<>(Kill.Kind.class);
        all.stream().filter(Attempt::killed).forEach(a -> byKind.merge(a.kill().kind(), 1L, Long::sum));
        long missed = all.stream().filter(a -> a.kill() != null && !a.killed()).count();
        System.out.printf(Locale.ROOT, "[fire] %s: %d kills %s in %d attempts of %d run(s), %d aimed kill(s)"
                + " re-aimed at a fresh run because the run finished first; %.1f s (seed %d)%n", command,
                all.stream().filter(Attempt::killed).count(), byKind, all.size(), runs, missed,
                (System.nanoTime() - start) / 1e9, SEED);
        for (Attempt a : all) {
            System.out.println("[fire]   " + a.describe() + " -> "
                    + (a.killed() ? "killed; left " + summary(a.folderAfter()) : "exit " + a.exit()));
        }
    }

    /**
     * Runs {@code name} until it exits 0, aiming the next planned kill at every attempt and resuming
     * after each kill; adds the attempts to {@code attempts}. A random kill whose time came after the
     * run finished goes back to the plan, and the returned pace is that of the run it missed (later
     * runs, with warm file caches, can be faster than the reference).
     */
    private static Reference runUnderFire(String name, Function<String, List<String>> args, Reference ref,
            Deque<Kill> plan, List<Attempt> attempts) throws Exception {
        Attempt previous = null;
        while (true) {
            boolean complete = CheckpointLayout.of(dir.resolve("ck"), name).inspect().latest()
                    .filter(c -> c.epoch() == EPOCHS - 1).isPresent(); // killed after the last save
            Kill kill = complete ? null : plan.poll();
            Attempt a = attempt(name, attempts.size() + 1, previous != null, kill, args, ref);
            attempts.add(a);
            String context = "seed " + SEED + ", " + a.describe() + "; preceded by "
                    + (previous == null ? "no kill" : previous.describe());
            checkNoCrash(dir.resolve("work-" + name), a.transcript(), context);
            if (a.killed()) {
                CheckpointLayout.Inspection found = CheckpointLayout.of(dir.resolve("ck"), name).inspect();
                assertTrue(found.invalid().isEmpty(), context + ": the kill left an unreadable checkpoint "
                        + found.invalid() + "\nfolder after the kill:\n" + a.folderAfter());
                previous = a;
                continue;
            }
            assertEquals(0, a.exit(), context + ": the run failed (exit " + a.exit() + ")\nfolder now:\n"
                    + a.folderAfter() + "\nfolder after the preceding kill:\n"
                    + (previous == null ? "-" : previous.folderAfter()) + "\noutput:\n" + a.transcript());
            if (kill != null) {
                assertTrue(kill.kind() == Kill.Kind.RANDOM || a.fired(), context + ": the run finished without the event"
                        + " the kill waited for; does the test still recognize the trainer's checkpoint"
                        + " folders and log lines?\noutput:\n" + a.transcript());
                plan.addFirst(kill); // the run finished before its time came
                if (Double.isFinite(a.secondsPerEpoch())) {
                    System.out.printf(Locale.ROOT, "[fire] %s finished before %s; the next random kills"
                            + " use its pace, %.2f s per epoch%n", name, kill, a.secondsPerEpoch());
                    return new Reference(ref.name(), ref.seconds(), a.secondsPerEpoch());
                }
            }
            return ref;
        }
    }

    /** One child JVM run of {@code name}, with {@code kill} aimed at it. */
    private static Attempt attempt(String name, int number, boolean resume, Kill kill,
            Function<String, List<String>> args, Reference ref) throws Exception {
        Path models = models(name);
        int startEpoch = CheckpointLayout.of(dir.resolve("ck"), name).inspect().latest()
                .map(c -> c.epoch() + 1).orElse(0);
        int remaining = EPOCHS - startEpoch;
        List<String> argv = new ArrayList<>(args.apply(name));
        if (resume) {
            argv.add("--resume");
        }
        Path work = Files.createDirectories(dir.resolve("work-" + name));
        Marksman marksman = new Marksman(kill, remaining, ref.secondsPerEpoch(), models);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            ChildJvm child = ChildJvm.start(work, argv, (c, line) -> marksman.onErrLine(c, line, timer));
            if (kill != null && kill.kind() == Kill.Kind.CHECKPOINT) {
                Thread poller = new Thread(() -> marksman.watchCheckpoints(child), "checkpoint-watch");
                poller.setDaemon(true);
                poller.start();
            }
            int exit = child.await(Math.max(300, Math.round(6 * ref.seconds())));
            return new Attempt(name, number, resume, startEpoch, kill,
                    kill == null ? "" : kill.aim(remaining, ref.secondsPerEpoch()), marksman.fired.get(),
                    marksman.moment(), exit, folderState(models), child.transcript(),
                    (marksman.savedAt - marksman.trainingAt) / remaining);
        } finally {
            timer.shutdownNow();
        }
    }

    /** Fires one kill at the moment it is aimed at, and says what the child was doing then. */
    private static final class Marksman {
        final Kill kill;
        final int occurrence;
        final double delay;
        final Path models;
        final Set<String> earlierTemporaries;
        final Set<String> earlierFolders;
        final AtomicBoolean fired = new AtomicBoolean();
        volatile String doing = "starting (JVM, engine, data, restore)";
        volatile double firedAt;
        volatile double trainingAt = Double.NaN;
        volatile double savedAt = Double.NaN;
        volatile String writing = "";
        int epochEnds;

        Marksman(Kill kill, int remaining, double secondsPerEpoch, Path models) throws IOException {
            this.kill = kill;
            this.occurrence = kill == null ? 0 : kill.occurrence(remaining);
            this.delay = kill == null ? 0 : kill.delaySeconds(remaining, secondsPerEpoch);
            this.models = models;
            this.earlierTemporaries = temporaries(models);
            this.earlierFolders = entries(models);
        }

        void onErrLine(ChildJvm child, String line, ScheduledExecutorService timer) {
            Matcher m;
            if ((m = TRAINING.matcher(line)).find()) {
                trainingAt = child.seconds();
                doing = "training epoch " + (Integer.parseInt(m.group(1)) + 1);
                if (kill != null && kill.kind() == Kill.Kind.RANDOM) {
                    timer.schedule(() -> fire(child), Math.round(delay * 1000), TimeUnit.MILLISECONDS);
                }
            } else if ((m = EPOCH_END.matcher(line)).find()) {
                doing = "validating epoch " + m.group(1);
                epochEnds++;
                if (kill != null && kill.kind() == Kill.Kind.VALIDATION && epochEnds == occurrence) {
                    fire(child);
                }
            } else if ((m = VALIDATED.matcher(line)).find()) {
                doing = "saving the checkpoint of epoch " + m.group(1);
            } else if ((m = SAVED.matcher(line)).find()) {
                savedAt = child.seconds();
                int next = Integer.parseInt(m.group(1)) + 1;
                doing = next < EPOCHS ? "training epoch " + (next + 1) : "finishing, every epoch saved";
            }
        }

        /**
         * Polls every 2 ms for the models folder's new entries; kills as soon as the aimed checkpoint's
         * folder appears: its temporary folder when written atomically, else the folder itself.
         */
        void watchCheckpoints(ChildJvm child) {
            Set<String> epochs = new TreeSet<>();
            while (!fired.get() && child.isAlive()) {
                try {
                    for (String e : entries(models)) {
                        Matcher m = WRITTEN.matcher(e);
                        if (!earlierFolders.contains(e) && m.matches() && epochs.add(m.group(1))
                                && epochs.size() == occurrence) {
                            if (fire(child) && !TEMPORARY.matcher(e).matches()) {
                                writing += ", on seeing " + e + " (no temporary folder seen before it)";
                            }
                            return;
                        }
                    }
                    Thread.sleep(2);
                } catch (IOException e) {
                    // the folder is being created; look again
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Kills the child unless it has ended or was killed already; returns whether it did. */
        boolean fire(ChildJvm child) {
            if (!child.isAlive() || !fired.compareAndSet(false, true)) {
                return false;
            }
            child.kill();
            firedAt = child.seconds();
            try {
                Set<String> now = temporaries(models);
                now.removeAll(earlierTemporaries);
                writing = now.isEmpty() ? "" : ", with " + String.join(", ", now) + " being written";
            } catch (IOException e) {
                writing = ", (models folder unreadable: " + e + ")";
            }
            return true;
        }

        /**
         * When the kill struck and what the child was doing: its last log line is known only once
         * the output is read to the end (lines written just before the kill may still be in the pipe).
         */
        String moment() {
            return String.format(Locale.ROOT, "%.2f s after the start, %s%s", firedAt, doing, writing);
        }
    }

    private static Set<String> temporaries(Path models) throws IOException {
        Set<String> out = entries(models);
        out.removeIf(n -> !TEMPORARY.matcher(n).matches());
        return out;
    }

    /** The names in the models folder; none if it does not exist (yet). */
    private static Set<String> entries(Path models) throws IOException {
        Set<String> out = new TreeSet<>();
        if (Files.isDirectory(models)) {
            try (Stream<Path> s = Files.list(models)) {
                s.map(p -> p.getFileName().toString()).forEach(out::add);
            }
        }
        return out;
    }

    private static void checkNoCrash(Path work, String transcript, String context) throws IOException {
        try (Stream<Path> s = Files.list(work)) {
            List<Path> reports = s.filter(p -> p.getFileName().toString().startsWith("hs_err_pid")).toList();
            if (!reports.isEmpty()) {
                fail(context + ": the JVM crashed, " + reports + ":\n" + Files.readString(reports.get(0))
                        + "\noutput:\n" + transcript);
            }
        }
        String lower = transcript.toLowerCase(Locale.ROOT);
        for (String sign : CRASH_SIGNS) {
            assertTrue(!lower.contains(sign), context + ": '" + sign + "' in the output:\n" + transcript);
        }
    }

    /**
     * Every checkpoint of the finished run against the reference's: the same weights and optimizer
     * bytes, the same training-state.json apart from wall-clock seconds. The marker differs by its
     * provenance time stamp and is not compared.
     */
    private static void compareWithReference(String name, String referenceName, List<Attempt> attempts)
            throws IOException {
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            Path got = models(name).resolve(CheckpointLayout.PREFIX + epoch);
            Path want = models(referenceName).resolve(CheckpointLayout.PREFIX + epoch);
            String context = "seed " + SEED + ": " + got + " (" + writer(attempts, epoch) + ")";
            assertTrue(Files.isDirectory(got), context + " is missing; folder:\n" + folderState(models(name)));
            for (String file : List.of("model.safetensors", "optimizer.safetensors")) {
                byte[] a = Files.readAllBytes(got.resolve(file));
                byte[] b = Files.readAllBytes(want.resolve(file));
                int at = Arrays.mismatch(a, b);
                assertEquals(-1, at, context + ": " + file + " differs from the uninterrupted run's at byte "
                        + at + " (sizes " + a.length + ", " + b.length + ")");
            }
            JsonElement state = withoutTiming(JsonParser.parseString(
                    Files.readString(got.resolve("training-state.json"))));
            JsonElement expected = withoutTiming(JsonParser.parseString(
                    Files.readString(want.resolve("training-state.json"))));
            assertEquals(expected.toString(), state.toString(),
                    context + ": training-state.json (losses, learning rates, validations) differs");
        }
    }

    /** Which attempt wrote a checkpoint, and the kill before it. */
    private static String writer(List<Attempt> attempts, int epoch) {
        Pattern line = Pattern.compile("\\): checkpoint .*weights_" + epoch + "$", Pattern.MULTILINE);
        for (int i = 0; i < attempts.size(); i++) {
            if (line.matcher(attempts.get(i).transcript()).find()) {
                return "written by " + attempts.get(i).model() + " attempt " + (i + 1) + ", after "
                        + (i == 0 ? "no kill" : attempts.get(i - 1).describe());
            }
        }
        return "no attempt logged writing it";
    }

    /** The JSON with every "seconds" (wall-clock time, differing run to run) removed. */
    private static JsonElement withoutTiming(JsonElement e) {
        if (e.isJsonObject()) {
            JsonObject o = new JsonObject();
            for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
                if (!m.getKey().equals("seconds")) {
                    o.add(m.getKey(), withoutTiming(m.getValue()));
                }
            }
            return o;
        }
        if (e.isJsonArray()) {
            JsonArray a = new JsonArray();
            e.getAsJsonArray().forEach(x -> a.add(withoutTiming(x)));
            return a;
        }
        return e;
    }

    /**
     * A resume of the finished run, beside the temporary folders the kills left, succeeds and
     * changes no file.
     */
    private static void resumeFinishedRun(String name, Function<String, List<String>> args, List<Attempt> attempts)
            throws Exception {
        Map<String, String> before = hashes(models(name));
        Set<String> leftovers = temporaries(models(name));
        Attempt again = attempt(name, attempts.size() + 1, true, null, args,
                new Reference(name, 60, 1));
        String context = "seed " + SEED + ": resuming the finished " + name + " beside " + leftovers;
        checkNoCrash(dir.resolve("work-" + name), again.transcript(), context);
        assertEquals(0, again.exit(), context + " failed:\n" + again.transcript());
        assertTrue(again.transcript().contains("complete in checkpoint"), context + ":\n" + again.transcript());
        assertEquals(before, hashes(models(name)), context + " changed files");
        System.out.printf(Locale.ROOT, "[fire] %s: finished run resumed again beside %d temporary folder(s)"
                + " left by kills: exit 0, nothing changed%n", name, leftovers.size());
    }

    private static Map<String, String> hashes(Path folder) throws Exception {
        Map<String, String> out = new TreeMap<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(folder.relativize(p).toString(), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }

    /** The models folder: each entry, and the files (with sizes) of every subfolder. */
    private static String folderState(Path models) throws IOException {
        if (!Files.isDirectory(models)) {
            return "  (" + models + " does not exist)";
        }
        Map<String, String> entries = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(models).sorted()) {
            for (Path p : s.toList()) {
                StringBuilder files = new StringBuilder();
                if (Files.isDirectory(p)) {
                    try (Stream<Path> f = Files.list(p).sorted()) {
                        for (Path x : f.toList()) {
                            files.append(files.length() == 0 ? "" : ", ").append(x.getFileName())
                                    .append(' ').append(Files.isRegularFile(x) ? Files.size(x) : -1);
                        }
                    }
                }
                entries.put(p.getFileName().toString(), files.toString());
            }
        }
        StringBuilder sb = new StringBuilder();
        entries.forEach((k, v) -> sb.append("  ").append(k).append(" [").append(v).append("]\n"));
        return sb.toString();
    }

    /** The folder state in one line: names, and the files of temporary folders. */
    private static String summary(String folderState) {
        List<String> parts = new ArrayList<>();
        for (String line : folderState.strip().split("\n")) {
            String l = line.strip();
            parts.add(l.startsWith(".") ? l : l.replaceAll(" \\[.*", ""));
        }
        return String.join("; ", parts);
    }
}
