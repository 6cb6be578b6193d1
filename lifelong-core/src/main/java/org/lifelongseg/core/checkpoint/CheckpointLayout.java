package org.lifelongseg.core.checkpoint;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.io.BaseEncoding;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference trainer's checkpoint folders, {@code <root>/<model-name>/models/weights_<epoch>/}
 * (epoch 0-based), written atomically and validated by a marker file.
 *
 * <pre>{@code
 * CheckpointLayout layout = CheckpointLayout.of(Path.of("checkpoints"), "erfnet_incremental_set1");
 * layout.write(9, provenance, dir -> {
 *     AtomicFiles.write(dir.resolve("model.params"), out -> model.save(out));
 *     AtomicFiles.write(dir.resolve("optim.ndlist"), optimizerState.encode());
 * });
 * Optional<Checkpoint> latest = layout.latest();  // the highest valid epoch
 * }</pre>
 *
 * <p>Every checkpoint folder holds, written last, the marker {@value #MARKER}: the epoch, each
 * file's size and SHA-256, and the {@link Provenance}. A folder counts as a checkpoint only if
 * its name is {@code weights_<epoch>}, its marker parses, names the same epoch and every listed
 * file exists with its recorded size; {@link #verify(Checkpoint)} also checks the hashes. Since
 * the folder is renamed into place only when complete, a crash leaves at most a hidden temporary
 * folder ({@code .weights_<epoch>.tmp-…}) that is never listed.
 */
public final class CheckpointLayout {

    /** The marker file that makes a folder a valid checkpoint. */
    public static final String MARKER = "checkpoint.json";

    /** The folder name prefix, followed by the 0-based epoch. */
    public static final String PREFIX = "weights_";

    private static final int FORMAT = 1;
    private static final Pattern NAME = Pattern.compile(PREFIX + "(0|[1-9][0-9]{0,8})");
    /** The hidden folders of AtomicFiles.writeDirectory: {@code .weights_<epoch>.(tmp|old)-<uuid>}. */
    private static final Pattern LEFTOVER =
            Pattern.compile("\\." + PREFIX + "(0|[1-9][0-9]{0,8})\\.(tmp|old)-[0-9a-f-]{36}");
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointLayout.class);

    private final Path root;
    private final String modelName;

    private CheckpointLayout(Path root, String modelName) {
        this.root = root;
        this.modelName = modelName;
    }

    /**
     * Returns the layout of one model's checkpoints.
     *
     * @param root the checkpoint root (the reference's {@code $IFN_DIR_CHECKPOINT/erfnet})
     * @param modelName the run's name, a single path element
     * @return the layout
     * @throws IllegalArgumentException if the model name is not a plain folder name
     */
    public static CheckpointLayout of(Path root, String modelName) {
        if (modelName == null
                || modelName.isBlank()
                || modelName.equals(".")
                || modelName.equals("..")
                || modelName.contains("/")
                || modelName.contains("\\")) {
            throw new IllegalArgumentException(
                    "model name must be a plain folder name, got '" + modelName + "'");
        }
        return new CheckpointLayout(root.toAbsolutePath().normalize(), modelName);
    }

    /** @return the checkpoint root */
    public Path root() {
        return root;
    }

    /** @return the model name */
    public String modelName() {
        return modelName;
    }

    /** @return {@code <root>/<model-name>} */
    public Path modelDirectory() {
        return root.resolve(modelName);
    }

    /** @return {@code <root>/<model-name>/models}, the parent of the checkpoint folders */
    public Path modelsDirectory() {
        return modelDirectory().resolve("models");
    }

    /**
     * Returns where the checkpoint of an epoch lives (whether or not it exists).
     *
     * @param epoch the 0-based epoch
     * @return {@code <root>/<model-name>/models/weights_<epoch>}
     */
    public Path directory(int epoch) {
        checkEpoch(epoch);
        return modelsDirectory().resolve(PREFIX + epoch);
    }

    /**
     * Writes the checkpoint of an epoch atomically: {@code contents} fills a temporary folder,
     * the marker is added last, and the folder is renamed to {@code weights_<epoch>} (replacing
     * an existing one).
     *
     * @param epoch the 0-based epoch
     * @param provenance where the checkpoint comes from
     * @param contents writes the checkpoint's files (not named {@value #MARKER})
     * @return the written checkpoint
     * @throws IOException naming the folder if anything fails; nothing partial becomes visible
     *     and other checkpoints are untouched
     */
    public Checkpoint write(int epoch, Provenance provenance, AtomicFiles.DirectoryWriter contents)
            throws IOException {
        Path target = directory(epoch);
        Checkpoint[] written = new Checkpoint[1];
        AtomicFiles.writeDirectory(target, dir -> {
            contents.write(dir);
            if (Files.exists(dir.resolve(MARKER))) {
                throw new IOException("checkpoint contents must not contain a file named " + MARKER);
            }
            ImmutableSortedMap<String, Checkpoint.FileEntry> files = describe(dir);
            JsonObject marker = new JsonObject();
            marker.addProperty("format", FORMAT);
            marker.addProperty("epoch", epoch);
            JsonObject fileJson = new JsonObject();
            files.forEach((name, f) -> {
                JsonObject o = new JsonObject();
                o.addProperty("size", f.size());
                o.addProperty("sha256", f.sha256());
                fileJson.add(name, o);
            });
            marker.add("files", fileJson);
            marker.add("provenance", provenance.toJsonObject());
            AtomicFiles.writeString(
                    dir.resolve(MARKER),
                    new GsonBuilder().setPrettyPrinting().create().toJson(marker));
            written[0] = new Checkpoint(epoch, target, files, provenance);
        });
        return written[0];
    }

    /**
     * Lists the valid checkpoints, by ascending epoch. Invalid folders are skipped (logged); {@link
     * #inspect()} returns them too.
     *
     * @return the checkpoints; empty if the models folder does not exist
     * @throws IOException naming the folder if it cannot be read
     */
    public ImmutableList<Checkpoint> list() throws IOException {
        Inspection found = inspect();
        for (InvalidCheckpoint bad : found.invalid()) {
            LOG.warn("ignoring invalid checkpoint {}: {}", bad.directory(), bad.problem());
        }
        return found.valid();
    }

    /** A {@code weights_<epoch>} folder that is not a valid checkpoint, and why. */
    public record InvalidCheckpoint(int epoch, Path directory, String problem) {}

    /** Every {@code weights_<epoch>} folder of a model, valid or not, by ascending epoch. */
    public record Inspection(ImmutableList<Checkpoint> valid, ImmutableList<InvalidCheckpoint> invalid) {

        /** @return the valid checkpoint with the highest epoch, or empty */
        public Optional<Checkpoint> latest() {
            return valid.isEmpty() ? Optional.empty() : Optional.of(valid.get(valid.size() - 1));
        }

        /** @return whether there is no checkpoint folder at all */
        public boolean isEmpty() {
            return valid.isEmpty() && invalid.isEmpty();
        }
    }

    /**
     * Reads every {@code weights_<epoch>} folder: the valid checkpoints and, with the reason, the
     * folders that are not (marker missing or malformed, a listed file missing or of the wrong
     * size). Hashes are not checked here ({@link #verify(Checkpoint)}).
     *
     * @return what the models folder holds; empty if it does not exist
     * @throws IOException naming the folder if it cannot be read
     */
    public Inspection inspect() throws IOException {
        Path models = modelsDirectory();
        if (!Files.isDirectory(models)) {
            return new Inspection(ImmutableList.of(), ImmutableList.of());
        }
        List<Checkpoint> found = new ArrayList<>();
        List<InvalidCheckpoint> invalid = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(models)) {
            for (Path entry : entries) {
                Matcher m = NAME.matcher(entry.getFileName().toString());
                if (m.matches() && Files.isDirectory(entry)) {
                    int epoch = Integer.parseInt(m.group(1));
                    try {
                        found.add(read(entry, epoch));
                    } catch (IOException e) {
                        invalid.add(new InvalidCheckpoint(epoch, entry, e.getMessage()));
                    }
                }
            }
        } catch (IOException e) {
            throw new IOException("cannot list checkpoints in " + models + ": " + e, e);
        }
        found.sort(Comparator.comparingInt(Checkpoint::epoch));
        invalid.sort(Comparator.comparingInt(InvalidCheckpoint::epoch));
        return new Inspection(ImmutableList.copyOf(found), ImmutableList.copyOf(invalid));
    }

    /**
     * Cleans up after writes that were interrupted (a killed process): removes the hidden
     * temporary folders {@code .weights_<epoch>.tmp-…} (never complete checkpoints) and puts back
     * a {@code .weights_<epoch>.old-…} folder if its checkpoint is missing (the process died while
     * replacing it), else removes it. Valid checkpoints are never touched.
     *
     * @return the leftovers removed or restored, for the log
     * @throws IOException naming the folder that could not be removed or restored
     */
    public List<String> removeLeftovers() throws IOException {
        Path models = modelsDirectory();
        List<String> done = new ArrayList<>();
        if (!Files.isDirectory(models)) {
            return done;
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(models)) {
            entries = s.sorted().collect(Collectors.toList());
        }
        for (Path entry : entries) {
            Matcher m = LEFTOVER.matcher(entry.getFileName().toString());
            if (!m.matches() || !Files.isDirectory(entry)) {
                continue;
            }
            Path checkpoint = models.resolve(PREFIX + m.group(1));
            try {
                if (m.group(2).equals("old") && !Files.exists(checkpoint)) {
                    Files.move(entry, checkpoint, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    done.add("restored " + checkpoint.getFileName() + " from " + entry.getFileName());
                } else {
                    deleteTree(entry);
                    done.add("removed " + entry.getFileName());
                }
            } catch (IOException e) {
                throw new IOException("cannot clean up the interrupted write " + entry + ": " + e, e);
            }
        }
        return done;
    }

    private static void deleteTree(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        }
        for (Path p : paths) {
            Files.delete(p);
        }
    }

    /**
     * Moves the model's folder ({@code <root>/<model-name>}, with every checkpoint) aside to
     * {@code <root>/<model-name>.replaced-<yyyyMMdd-HHmmss>} so that training can start afresh
     * without losing anything. Does nothing if the folder does not exist.
     *
     * @return where the folder went, or empty if there was none
     * @throws IOException naming both paths if the rename fails
     */
    public Optional<Path> moveAside() throws IOException {
        Path dir = modelDirectory();
        if (!Files.exists(dir)) {
            return Optional.empty();
        }
        String stamp = java.time.LocalDateTime.now()
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path target = dir.resolveSibling(modelName + ".replaced-" + stamp);
        for (int i = 2; Files.exists(target); i++) {
            target = dir.resolveSibling(modelName + ".replaced-" + stamp + "-" + i);
        }
        try {
            Files.move(dir, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IOException("cannot move " + dir + " aside to " + target + ": " + e, e);
        }
        return Optional.of(target);
    }

    /**
     * Returns the valid checkpoint with the highest epoch.
     *
     * @return the latest checkpoint, or empty
     * @throws IOException if the models folder cannot be read
     */
    public Optional<Checkpoint> latest() throws IOException {
        List<Checkpoint> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * Reads the checkpoint of an epoch.
     *
     * @param epoch the 0-based epoch
     * @return the checkpoint
     * @throws IOException naming the folder if it is missing or not a valid checkpoint
     */
    public Checkpoint get(int epoch) throws IOException {
        return read(directory(epoch), epoch);
    }

    /**
     * Reads a checkpoint folder given directly, e.g. the last one of a finished run.
     *
     * <pre>{@code
     * Checkpoint c = CheckpointLayout.open(Path.of("checkpoints/erfnet_task2/models/weights_199"));
     * String classes = c.provenance().configuration().get("classes");   // as the trainer wrote it
     * }</pre>
     *
     * @param folder a {@code weights_<epoch>} folder holding the marker {@value #MARKER}
     * @return the checkpoint
     * @throws IOException naming the folder if it is not named {@code weights_<epoch>} or is not a
     *     valid checkpoint
     */
    public static Checkpoint open(Path folder) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        Path name = dir.getFileName();
        Matcher m = NAME.matcher(name == null ? "" : name.toString());
        if (!m.matches() || !Files.isDirectory(dir)) {
            throw new IOException("not a checkpoint folder: " + folder + " (expected a folder named "
                    + PREFIX + "<epoch> holding " + MARKER + ")");
        }
        return read(dir, Integer.parseInt(m.group(1)));
    }

    /**
     * Checks every file of a checkpoint against the SHA-256 in its marker.
     *
     * @param checkpoint the checkpoint
     * @throws IOException naming the first file that is missing or differs ({@link
     *     CheckpointIntegrityException} if it differs)
     */
    public static void verify(Checkpoint checkpoint) throws IOException {
        if (IntegrityChecks.skipped()) {
            return;
        }
        for (Map.Entry<String, Checkpoint.FileEntry> e : checkpoint.files().entrySet()) {
            Path file = checkpoint.directory().resolve(e.getKey());
            String actual = sha256(file);
            if (!actual.equals(e.getValue().sha256())) {
                throw new CheckpointIntegrityException(file,
                        "checkpoint file " + file + " is corrupt: SHA-256 " + actual + ", marker "
                                + e.getValue().sha256());
            }
        }
    }

    /**
     * Checks a single file against the SHA-256 its checkpoint recorded, if it lies in a checkpoint
     * folder (a folder holding {@value #MARKER} that lists the file); any other file passes.
     * Every loader of weights calls this, so a file swapped in from another run or damaged on
     * disk is refused instead of silently giving other results ({@link IntegrityChecks#skipping}
     * skips it).
     *
     * @param file a weights file, e.g. {@code .../weights_9/model.safetensors}
     * @throws IOException naming the file and the marker if the hashes differ, or the marker is
     *     unreadable
     */
    public static void verifyFile(Path file) throws IOException {
        if (IntegrityChecks.skipped()) {
            return;
        }
        Path abs = file.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (dir == null || !Files.isRegularFile(dir.resolve(MARKER))) {
            return;
        }
        Checkpoint.FileEntry entry = readMarkerEntries(dir.resolve(MARKER))
                .get(dir.relativize(abs).toString().replace(abs.getFileSystem().getSeparator(), "/"));
        if (entry == null) {
            return; // not one of the checkpoint's files (e.g. a published model.pth put there)
        }
        String actual = sha256(abs);
        if (!actual.equals(entry.sha256())) {
            throw new CheckpointIntegrityException(file, file
                    + " is not the file its checkpoint wrote: SHA-256 " + actual
                    + ", recorded in " + dir.resolve(MARKER) + " as " + entry.sha256()
                    + " (changed or replaced after saving)");
        }
    }

    private static Map<String, Checkpoint.FileEntry> readMarkerEntries(Path markerFile)
            throws IOException {
        try {
            JsonObject marker = JsonParser.parseString(
                    Files.readString(markerFile, StandardCharsets.UTF_8)).getAsJsonObject();
            Map<String, Checkpoint.FileEntry> out = new TreeMap<>();
            for (Map.Entry<String, JsonElement> e : marker.getAsJsonObject("files").entrySet()) {
                JsonObject f = e.getValue().getAsJsonObject();
                out.put(e.getKey(), new Checkpoint.FileEntry(
                        f.get("size").getAsLong(), f.get("sha256").getAsString()));
            }
            return out;
        } catch (JsonParseException | IllegalStateException | NullPointerException
                | ClassCastException | UnsupportedOperationException e) {
            throw new IOException("checkpoint marker " + markerFile + " is malformed, so its"
                    + " files cannot be verified: " + e.getMessage(), e);
        }
    }

    private static Checkpoint read(Path dir, int epoch) throws IOException {
        Path markerFile = dir.resolve(MARKER);
        if (!Files.isRegularFile(markerFile)) {
            throw new IOException("not a complete checkpoint: " + markerFile + " is missing");
        }
        JsonObject marker;
        try {
            marker = JsonParser.parseString(Files.readString(markerFile, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException("checkpoint marker " + markerFile + " is not valid JSON: " + e, e);
        }
        try {
            int format = marker.get("format").getAsInt();
            if (format != FORMAT) {
                throw new IOException(
                        "checkpoint marker " + markerFile + " has unsupported format " + format);
            }
            int markedEpoch = marker.get("epoch").getAsInt();
            if (markedEpoch != epoch) {
                throw new IOException(
                        "checkpoint marker " + markerFile + " is for epoch " + markedEpoch
                                + ", not " + epoch);
            }
            TreeMap<String, Checkpoint.FileEntry> files = new TreeMap<>();
            for (Map.Entry<String, JsonElement> e :
                    marker.getAsJsonObject("files").entrySet()) {
                JsonObject f = e.getValue().getAsJsonObject();
                Checkpoint.FileEntry entry = new Checkpoint.FileEntry(
                        f.get("size").getAsLong(), f.get("sha256").getAsString());
                Path file = dir.resolve(e.getKey()).normalize();
                if (!file.startsWith(dir)) {
                    throw new IOException(
                            "checkpoint marker " + markerFile + " lists a file outside the folder: "
                                    + e.getKey());
                }
                if (!Files.isRegularFile(file) || Files.size(file) != entry.size()) {
                    throw new IOException(
                            "checkpoint file " + file + " is missing or does not have its recorded"
                                    + " size " + entry.size());
                }
                files.put(e.getKey(), entry);
            }
            Provenance provenance = Provenance.fromJsonObject(marker.getAsJsonObject("provenance"));
            return new Checkpoint(epoch, dir, ImmutableSortedMap.copyOf(files), provenance);
        } catch (NullPointerException | ClassCastException | IllegalStateException
                | UnsupportedOperationException | IllegalArgumentException e) {
            throw new IOException("checkpoint marker " + markerFile + " is malformed: " + e, e);
        }
    }

    private static ImmutableSortedMap<String, Checkpoint.FileEntry> describe(Path dir)
            throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        TreeMap<String, Checkpoint.FileEntry> out = new TreeMap<>();
        for (Path f : files) {
            String name = dir.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
            out.put(name, new Checkpoint.FileEntry(Files.size(f), sha256(f)));
        }
        return ImmutableSortedMap.copyOf(out);
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new IOException("cannot read checkpoint file " + file + ": " + e, e);
        }
        return BaseEncoding.base16().lowerCase().encode(digest.digest());
    }

    private static void checkEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0 (0-based), got " + epoch);
        }
    }

    @Override
    public String toString() {
        return "CheckpointLayout{" + modelsDirectory() + "}";
    }
}
