package org.lifelongseg.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointLayoutTest {

    @TempDir
    Path tmp;

    private static final Provenance PROVENANCE =
            Provenance.builder().optSeed(1234).optConfiguration(Map.of("epochs", "200")).build();

    private static Checkpoint writeEpoch(CheckpointLayout layout, int epoch) throws IOException {
        return layout.write(epoch, PROVENANCE, dir -> {
            AtomicFiles.writeString(dir.resolve("model.params"), "weights of epoch " + epoch);
            AtomicFiles.writeString(dir.resolve("optim.ndlist"), "state " + epoch);
        });
    }

    private static List<Integer> epochs(CheckpointLayout layout) throws IOException {
        return layout.list().stream().map(Checkpoint::epoch).collect(Collectors.toList());
    }

    @Test
    void followsTheReferenceLayoutAndFindsTheLatest() throws IOException {
        CheckpointLayout layout = CheckpointLayout.of(tmp, "erfnet_incremental_set1");
        assertEquals(tmp.resolve("erfnet_incremental_set1/models/weights_199"), layout.directory(199));
        assertTrue(layout.latest().isEmpty());
        writeEpoch(layout, 9);
        writeEpoch(layout, 199);
        Checkpoint c19 = writeEpoch(layout, 19);
        assertEquals(List.of(9, 19, 199), epochs(layout));
        assertEquals(199, layout.latest().orElseThrow().epoch());
        assertEquals(List.of("model.params", "optim.ndlist"), List.copyOf(c19.files().keySet()));
        Checkpoint read = layout.get(19);
        assertEquals(c19.files(), read.files());
        assertEquals(PROVENANCE, read.provenance());
        assertEquals("weights of epoch 19", Files.readString(read.file("model.params")));
        assertTrue(Files.exists(read.directory().resolve(CheckpointLayout.MARKER)));
        CheckpointLayout.verify(read);
        assertThrows(IllegalArgumentException.class, () -> read.file("missing"));
    }

    @Test
    void aCheckpointFolderOpensDirectly() throws IOException {
        CheckpointLayout layout = CheckpointLayout.of(tmp, "run");
        Checkpoint written = writeEpoch(layout, 4);
        Checkpoint opened = CheckpointLayout.open(layout.directory(4));
        assertEquals(4, opened.epoch());
        assertEquals(written.files(), opened.files());
        assertEquals(PROVENANCE, opened.provenance());
        IOException notNamed = assertThrows(IOException.class, () -> CheckpointLayout.open(layout.modelsDirectory()));
        assertTrue(notNamed.getMessage().contains(layout.modelsDirectory().toString()), notNamed.getMessage());
        Files.delete(layout.directory(4).resolve(CheckpointLayout.MARKER));
        IOException noMarker = assertThrows(IOException.class, () -> CheckpointLayout.open(layout.directory(4)));
        assertTrue(noMarker.getMessage().contains(CheckpointLayout.MARKER), noMarker.getMessage());
    }

    @Test
    void failureMidWriteKeepsThePreviousCheckpointAndShowsNoHalfOne() throws IOException {
        CheckpointLayout layout = CheckpointLayout.of(tmp, "run");
        writeEpoch(layout, 9);
        IOException e = assertThrows(IOException.class, () -> layout.write(19, PROVENANCE, dir -> {
            AtomicFiles.writeString(dir.resolve("model.params"), "half written");
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().contains(layout.directory(19).toString()), e.getMessage());
        assertEquals(List.of(9), epochs(layout));
        assertFalse(Files.exists(layout.directory(19)));
        try (Stream<Path> s = Files.list(layout.modelsDirectory())) {
            assertEquals(List.of("weights_9"),
                    s.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
        assertEquals("weights of epoch 9",
                Files.readString(layout.latest().orElseThrow().file("model.params")));
        // Re-writing an existing epoch that fails leaves it intact too.
        assertThrows(IOException.class, () -> layout.write(9, PROVENANCE, dir -> {
            throw new IOException("disk full");
        }));
        CheckpointLayout.verify(layout.get(9));
    }

    @Test
    void foldersWithoutAValidMarkerAreNotCheckpoints() throws IOException {
        CheckpointLayout layout = CheckpointLayout.of(tmp, "run");
        writeEpoch(layout, 9);
        writeEpoch(layout, 29);
        // A crash leftover without marker, a hidden temp folder and a truncated checkpoint.
        Path noMarker = layout.directory(39);
        Files.createDirectories(noMarker);
        Files.writeString(noMarker.resolve("model.params"), "x");
        Files.createDirectories(layout.modelsDirectory().resolve(".weights_49.tmp-123"));
        Files.writeString(layout.directory(29).resolve("model.params"), "trunc");
        Files.createDirectories(layout.modelsDirectory().resolve("weights_latest"));
        assertEquals(List.of(9), epochs(layout));
        assertEquals(9, layout.latest().orElseThrow().epoch());
        IOException e = assertThrows(IOException.class, () -> layout.get(39));
        assertTrue(e.getMessage().contains(noMarker.resolve(CheckpointLayout.MARKER).toString()),
                e.getMessage());
        // A marker for another epoch (folder renamed by hand) is rejected.
        Files.move(layout.directory(9), layout.directory(59));
        assertEquals(List.of(), epochs(layout));
    }

    @Test
    void verifyDetectsChangedContentOfTheSameSize() throws IOException {
        CheckpointLayout layout = CheckpointLayout.of(tmp, "run");
        Checkpoint c = writeEpoch(layout, 0);
        Files.writeString(c.file("model.params"), "weights of epoch 1");
        Checkpoint listed = layout.latest().orElseThrow(); // sizes still match
        IOException e = assertThrows(IOException.class, () -> CheckpointLayout.verify(listed));
        assertTrue(e.getMessage().contains(c.file("model.params").toString()), e.getMessage());
    }

    @Test
    void rejectsBadNamesAndEpochs() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> CheckpointLayout.of(tmp, "../x"));
        assertThrows(IllegalArgumentException.class, () -> CheckpointLayout.of(tmp, ""));
        CheckpointLayout layout = CheckpointLayout.of(tmp, "run");
        assertThrows(IllegalArgumentException.class, () -> layout.directory(-1));
        IOException e = assertThrows(IOException.class, () -> layout.write(1, PROVENANCE,
                dir -> Files.writeString(dir.resolve(CheckpointLayout.MARKER), "{}")));
        assertTrue(e.getMessage().contains(CheckpointLayout.MARKER), e.getMessage());
        Path blocked = tmp.resolve("file");
        Files.writeString(blocked, "x");
        IOException unwritable = assertThrows(IOException.class,
                () -> writeEpoch(CheckpointLayout.of(blocked, "run"), 0));
        assertTrue(unwritable.getMessage().contains(blocked.toString()), unwritable.getMessage());
    }

    @Test
    void inspectionNamesInvalidFoldersAndWhy() throws IOException {
        CheckpointLayout layout = CheckpointLayout.of(tmp, "run");
        writeEpoch(layout, 0);
        writeEpoch(layout, 1);
        writeEpoch(layout, 2);
        Files.delete(layout.directory(1).resolve(CheckpointLayout.MARKER));
        Files.writeString(layout.directory(2).resolve("optim.ndlist"), "cut");
        CheckpointLayout.Inspection found = layout.inspect();
        assertEquals(List.of(0), found.valid().stream().map(Checkpoint::epoch).toList());
        assertEquals(List.of(1, 2), found.invalid().stream().map(CheckpointLayout.InvalidCheckpoint::epoch).toList());
        assertTrue(found.invalid().get(0).problem().contains("checkpoint.json is missing"),
                found.invalid().get(0).problem());
        assertTrue(found.invalid().get(1).problem().contains("optim.ndlist"), found.invalid().get(1).problem());
        assertEquals(0, found.latest().orElseThrow().epoch());
        assertTrue(CheckpointLayout.of(tmp, "none").inspect().isEmpty());
    }

    @Test
    void moveAsideKeepsEverythingUnderANewName() throws IOException {
        CheckpointLayout layout = CheckpointLayout.of(tmp, "run");
        writeEpoch(layout, 3);
        Path aside = layout.moveAside().orElseThrow();
        assertTrue(aside.getFileName().toString().startsWith("run.replaced-"), aside.toString());
        assertFalse(Files.exists(layout.modelDirectory()));
        assertEquals("weights of epoch 3",
                Files.readString(aside.resolve("models/weights_3/model.params")));
        writeEpoch(layout, 3);
        assertTrue(layout.moveAside().isPresent());
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(2, s.filter(p -> p.getFileName().toString().startsWith("run.replaced-")).count());
        }
        assertTrue(layout.moveAside().isEmpty(), "nothing to move");
    }

    @Test
    void verifyFileRefusesAChangedFileUnlessSkippedExplicitly() throws Exception {
        CheckpointLayout layout = CheckpointLayout.of(tmp, "run");
        Checkpoint c = writeEpoch(layout, 0);
        Path weights = c.file("model.params");
        CheckpointLayout.verifyFile(weights);
        Path outside = Files.writeString(tmp.resolve("loose.params"), "not in a checkpoint");
        CheckpointLayout.verifyFile(outside);
        Files.writeString(weights, "weights of epoch 9"); // same size, other bytes
        IOException e = assertThrows(IOException.class, () -> CheckpointLayout.verifyFile(weights));
        assertTrue(e.getMessage().contains("model.params") && e.getMessage().contains("SHA-256"),
                e.getMessage());
        assertThrows(IOException.class, () -> CheckpointLayout.verify(c));
        assertEquals("ok", IntegrityChecks.skipping(() -> {
            CheckpointLayout.verifyFile(weights);
            CheckpointLayout.verify(c);
            return "ok";
        }));
        assertFalse(IntegrityChecks.skipped(), "skipping ends with the call");
        assertThrows(IOException.class, () -> CheckpointLayout.verifyFile(weights));
    }

    @Test
    void leftoversOfInterruptedWritesAreCleanedUpAndAReplacedCheckpointRestored() throws IOException {
        CheckpointLayout layout = CheckpointLayout.of(tmp, "run");
        writeEpoch(layout, 0);
        writeEpoch(layout, 1);
        Path models = layout.modelsDirectory();
        String uuid = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
        Files.createDirectories(models.resolve(".weights_2.tmp-" + uuid));
        Files.writeString(models.resolve(".weights_2.tmp-" + uuid).resolve("model.params"), "half");
        // died while replacing weights_1: the old one moved aside, the new one not yet in place
        Files.move(layout.directory(1), models.resolve(".weights_1.old-" + uuid));
        Files.createDirectories(models.resolve(".weights_0.old-" + uuid)); // weights_0 exists
        Files.writeString(models.resolve("notes.txt"), "mine");
        List<String> done = layout.removeLeftovers();
        assertEquals(3, done.size(), done.toString());
        try (Stream<Path> s = Files.list(models)) {
            assertEquals(List.of("notes.txt", "weights_0", "weights_1"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(List.of(0, 1), epochs(layout));
        CheckpointLayout.verify(layout.get(1));
        assertTrue(layout.removeLeftovers().isEmpty());
    }
}
