package org.lifelongseg.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path tmp;

    private List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writesAndReplacesFiles() throws IOException {
        Path target = tmp.resolve("sub/dir/opt.json");
        AtomicFiles.writeString(target, "first");
        assertEquals("first", Files.readString(target));
        AtomicFiles.write(target, out -> {
            out.write("sec".getBytes(StandardCharsets.UTF_8));
            out.close(); // closing only flushes
            out.write("ond".getBytes(StandardCharsets.UTF_8));
        });
        assertEquals("second", Files.readString(target));
        assertEquals(List.of("opt.json"), names(target.getParent()));
    }

    @Test
    void failedWriteLeavesPreviousFileAndNoTemporary() throws IOException {
        Path target = tmp.resolve("model.params");
        AtomicFiles.writeString(target, "good");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals("good", Files.readString(target));
        assertEquals(List.of("model.params"), names(tmp));
        // A runtime failure in the writer is handled the same way.
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            throw new IllegalStateException("serialiser bug");
        }));
        assertEquals("good", Files.readString(target));
        assertEquals(List.of("model.params"), names(tmp));
    }

    @Test
    void unwritableLocationNamesThePath() throws IOException {
        Path blocker = tmp.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        Path target = blocker.resolve("weights/model.params");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "y"));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        IOException d = assertThrows(
                IOException.class,
                () -> AtomicFiles.writeDirectory(blocker.resolve("weights_0"), dir -> {}));
        assertTrue(d.getMessage().contains(blocker.resolve("weights_0").toString()), d.getMessage());
    }

    @Test
    void readOnlyFolderNamesTheTargetAndTheReason() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("results"));
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(dir), "file permissions are not enforced for this user (root)");
            Path target = dir.resolve("results.json");
            IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "{}"));
            assertEquals("cannot write " + target + ": permission denied (the folder is not writable)",
                    e.getMessage());
            Path folder = dir.resolve("weights_0");
            e = assertThrows(IOException.class, () -> AtomicFiles.writeDirectory(folder, d -> {}));
            assertEquals("cannot write " + folder + ": permission denied (the folder is not writable)",
                    e.getMessage());
        } finally {
            Files.setPosixFilePermissions(dir, before);
        }
    }

    @Test
    void aFolderInPlaceOfTheFileIsNamedAsSuch() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("eval.json"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "{}"));
        assertEquals("cannot write " + target + ": it is a folder", e.getMessage());
        assertEquals(List.of("eval.json"), names(tmp), "no temporary file left");
    }

    @Test
    void writesDirectoriesAtomically() throws IOException {
        Path target = tmp.resolve("models/weights_9");
        AtomicFiles.writeDirectory(target, dir -> {
            Files.writeString(dir.resolve("a.bin"), "A");
            Files.createDirectories(dir.resolve("nested"));
            Files.writeString(dir.resolve("nested/b.bin"), "B");
        });
        assertEquals("A", Files.readString(target.resolve("a.bin")));
        assertEquals("B", Files.readString(target.resolve("nested/b.bin")));
        // Replacing keeps nothing of the old content.
        AtomicFiles.writeDirectory(target, dir -> Files.writeString(dir.resolve("c.bin"), "C"));
        assertEquals(List.of("c.bin"), names(target));
        assertEquals(List.of("weights_9"), names(tmp.resolve("models")));
    }

    @Test
    void failedDirectoryWriteLeavesNothingAndKeepsThePrevious() throws IOException {
        Path previous = tmp.resolve("models/weights_9");
        AtomicFiles.writeDirectory(previous, dir -> Files.writeString(dir.resolve("a.bin"), "A"));
        Path next = tmp.resolve("models/weights_19");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeDirectory(next, dir -> {
            Files.writeString(dir.resolve("model.params"), "half");
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().contains(next.toString()), e.getMessage());
        assertFalse(Files.exists(next));
        assertEquals(List.of("weights_9"), names(tmp.resolve("models")));
        // A failed replacement keeps the existing folder as it was.
        assertThrows(IOException.class, () -> AtomicFiles.writeDirectory(previous, dir -> {
            throw new IOException("disk full");
        }));
        assertEquals(List.of("a.bin"), names(previous));
        assertEquals("A", Files.readString(previous.resolve("a.bin")));
        assertEquals(List.of("weights_9"), names(tmp.resolve("models")));
    }
}
