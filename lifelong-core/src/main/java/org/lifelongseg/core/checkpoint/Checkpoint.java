package org.lifelongseg.core.checkpoint;

import com.google.common.collect.ImmutableSortedMap;
import java.nio.file.Path;

/**
 * A complete checkpoint folder found or written by {@link CheckpointLayout}.
 *
 * <pre>{@code
 * Checkpoint c = layout.latest().orElseThrow();
 * Path weights = c.file("model.params");
 * int nextEpoch = c.epoch() + 1;
 * }</pre>
 *
 * @param epoch the 0-based epoch
 * @param directory the {@code weights_<epoch>} folder
 * @param files the checkpoint's files (relative names with {@code /}) with size and SHA-256,
 *     without the marker
 * @param provenance where the checkpoint came from
 */
public record Checkpoint(
        int epoch, Path directory, ImmutableSortedMap<String, FileEntry> files, Provenance provenance) {

    /**
     * Resolves one of the checkpoint's files.
     *
     * @param name the relative name, as in {@link #files()}
     * @return its path
     * @throws IllegalArgumentException if the checkpoint has no such file
     */
    public Path file(String name) {
        if (!files.containsKey(name)) {
            throw new IllegalArgumentException(
                    "checkpoint " + directory + " has no file '" + name + "'; it has "
                            + files.keySet());
        }
        return directory.resolve(name);
    }

    /**
     * Size and hash of a checkpoint file.
     *
     * @param size bytes
     * @param sha256 lower-case hex SHA-256
     */
    public record FileEntry(long size, String sha256) {}
}
