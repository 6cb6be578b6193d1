package org.lifelongseg.core.checkpoint;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.lifelongseg.core.util.IoErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-safe writes: a file or a whole directory is written under a temporary name in the same
 * directory, flushed to disk (fsync) and renamed atomically, so a reader sees either the previous
 * version or the complete new one, never a half-written one.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("run/opt.json"), out -> out.write(json.getBytes(UTF_8)));
 * AtomicFiles.writeDirectory(Path.of("run/models/weights_9"), dir -> {
 *     Files.write(dir.resolve("model.params"), bytes);   // plain writes inside the temp folder
 * });
 * }</pre>
 *
 * <p>Temporary names start with a dot ({@code .<name>.tmp-<random>}); if the process dies they
 * stay behind under that name and are never mistaken for the target. On failure the temporary
 * file or folder is removed and an {@link IOException} naming the target is thrown; the previous
 * target is left untouched.
 */
public final class AtomicFiles {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    /** Writes the content of a file to a stream (which it need not close). */
    @FunctionalInterface
    public interface StreamWriter {
        /**
         * Writes the content.
         *
         * @param out the destination (buffered; closing it only flushes)
         * @throws IOException on a write failure
         */
        void write(OutputStream out) throws IOException;
    }

    /** Fills a directory with files. */
    @FunctionalInterface
    public interface DirectoryWriter {
        /**
         * Writes the directory's content.
         *
         * @param directory an empty temporary directory that will be renamed to the target
         * @throws IOException on a write failure
         */
        void write(Path directory) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Atomically replaces {@code target} with the content written by {@code writer}. Missing
     * parent directories are created.
     *
     * @param target the file to write
     * @param writer produces the content
     * @throws IOException naming {@code target} if anything fails; {@code target} is then unchanged
     */
    public static void write(Path target, StreamWriter writer) throws IOException {
        Path file = target.toAbsolutePath();
        Path dir = createParent(file);
        Path tmp;
        try {
            tmp = dir.resolve(tempName(file, "tmp"));
            Files.createFile(tmp);
        } catch (IOException e) {
            throw new IOException(cannotWrite(file, e), e);
        }
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                BufferedOutputStream buffered =
                        new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                writer.write(new FilterOutputStream(buffered) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                });
                buffered.flush();
                channel.force(true);
            }
            move(tmp, file);
            syncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw new IOException(Files.isDirectory(file) ? "cannot write " + file + ": it is a folder"
                    : cannotWrite(file, e), e);
        }
    }

    /**
     * Atomically replaces {@code target} with {@code bytes}.
     *
     * @param target the file
     * @param bytes the content
     * @throws IOException naming {@code target} on failure
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Atomically replaces {@code target} with {@code text} in UTF-8.
     *
     * @param target the file
     * @param text the content
     * @throws IOException naming {@code target} on failure
     */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a whole directory atomically: {@code writer} fills a temporary sibling directory,
     * every file in it is flushed to disk, and it is renamed to {@code target}. If {@code target}
     * exists it is replaced (moved aside, then deleted after the rename).
     *
     * @param target the directory to create or replace
     * @param writer fills the directory
     * @throws IOException naming {@code target} if anything fails; no partial {@code target}
     *     becomes visible and an existing one is left as it was
     */
    public static void writeDirectory(Path target, DirectoryWriter writer) throws IOException {
        Path dir = target.toAbsolutePath();
        Path parent = createParent(dir);
        Path tmp = parent.resolve(tempName(dir, "tmp"));
        try {
            Files.createDirectory(tmp);
        } catch (IOException e) {
            throw new IOException(cannotWrite(dir, e), e);
        }
        try {
            writer.write(tmp);
            syncTree(tmp);
            if (Files.exists(dir)) {
                replaceDirectory(tmp, dir, parent);
            } else {
                move(tmp, dir);
            }
            syncDirectory(parent);
        } catch (IOException | RuntimeException e) {
            deleteTreeQuietly(tmp);
            throw new IOException(cannotWrite(dir, e), e);
        }
    }

    private static void replaceDirectory(Path tmp, Path dir, Path parent) throws IOException {
        Path old = parent.resolve(tempName(dir, "old"));
        move(dir, old);
        try {
            move(tmp, dir);
        } catch (IOException e) {
            move(old, dir); // put the previous version back
            throw e;
        }
        deleteTreeQuietly(old);
    }

    private static Path createParent(Path file) throws IOException {
        Path parent = file.getParent();
        if (parent == null) {
            throw new IOException("cannot write " + file + ": it has no parent directory");
        }
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(
                    "cannot write " + file + ": " + e.getFile() + " is a file, not a folder", e);
        } catch (IOException e) {
            throw new IOException("cannot write " + file + ": cannot create the folder " + parent + " ("
                    + IoErrors.reason(e) + ")", e);
        }
        return parent;
    }

    /**
     * "cannot write TARGET: REASON": the target, not the temporary file the failure may name, and
     * why (a folder in the way, an unwritable folder, the writer's own complaint).
     */
    private static String cannotWrite(Path target, Exception e) {
        if (e instanceof IOException io) {
            return IoErrors.cannotWrite(target, io);
        }
        return "cannot write " + target + ": " + (e.getMessage() != null ? e.getMessage() : e.toString());
    }

    private static String tempName(Path target, String kind) {
        return "." + target.getFileName() + "." + kind + "-" + UUID.randomUUID();
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(
                    "the file system of " + to + " does not support atomic renames", e);
        }
    }

    /** Flushes every regular file and directory below {@code root} to disk. */
    private static void syncTree(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.collect(Collectors.toList());
        }
        for (Path p : paths) {
            if (Files.isRegularFile(p)) {
                try (FileChannel channel = FileChannel.open(p, StandardOpenOption.READ)) {
                    channel.force(true);
                }
            } else if (Files.isDirectory(p)) {
                syncDirectory(p);
            }
        }
    }

    /** Makes a rename durable; not every platform can open a directory, which is tolerated. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete temporary file {}: {}", file, e.toString());
        }
    }

    /**
     * Deletes a directory tree, logging (not throwing) failures.
     *
     * @param root the tree
     */
    static void deleteTreeQuietly(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not delete temporary directory {}: {}", root, e.toString());
        }
    }
}
