package org.lifelongseg.core.data.folder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifelongseg.core.data.folder.FolderFixtures.classes;
import static org.lifelongseg.core.data.folder.FolderFixtures.sample;
import static org.lifelongseg.core.data.folder.FolderFixtures.stripes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.data.BadSampleException;
import org.lifelongseg.core.data.PreparedSample;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;

/**
 * The folder dataset's conventions beyond the basic layout: colours in {@code classes.txt}, another
 * ignore index than 255, another evaluation split than {@code val}, image and label sizes checked
 * before training, JPEG images.
 */
class FolderConventionsTest {

    static final int W = 16;
    static final int H = 8;

    @TempDir Path root;

    private static TaskSequence twoTasks() {
        return TaskSequence.builder()
                .addTask(Task.of("first", List.of("a", "b"), ImageFilter.groups("park")))
                .addTask(Task.of("second", List.of("c"), ImageFilter.groups("yard")))
                .build();
    }

    private void write(String classes) throws IOException {
        Files.createDirectories(root);
        Files.writeString(root.resolve("classes.txt"), classes, StandardCharsets.UTF_8);
    }

    @Test
    void classesMayGiveColoursAndNamesMayHoldSpaces() throws IOException {
        write("road 128 64 128\ntraffic light\t250 170 30\nlane 2  0 0 255\n");
        FolderLayout layout = FolderLayout.at(root);
        assertEquals(List.of("road", "traffic light", "lane 2"), layout.classes().names());
        assertEquals(Map.of("road", 0x804080, "traffic light", 0xFAAA1E, "lane 2", 0x0000FF), layout.colors());
        assertEquals(List.of("road", "traffic light", "lane 2"), List.copyOf(layout.colors().keySet()));

        // old files stay valid: names only, spaces and one trailing number are part of the name
        write("road\ntraffic light\nlane 2\n");
        layout = FolderLayout.at(root);
        assertEquals(List.of("road", "traffic light", "lane 2"), layout.classes().names());
        assertTrue(layout.colors().isEmpty());
    }

    @Test
    void malformedColoursNameTheFileTheLineAndTheFault() throws IOException {
        Path file = root.resolve("classes.txt");
        Map<String, String> faults = Map.of(
                "road 1 2 3\nsky 128 64\n", ": line 2 'sky 128 64': a colour is three whole numbers 0..255",
                "road 1 2 3\nsky 300 0 0\n", ": line 2 'sky 300 0 0': colour value 300 is not in 0..255",
                "road 1 2 3\nsky 1.5 0 0\n", ": line 2 'sky 1.5 0 0': colour value '1.5' is not a whole number",
                "road 1 2 3\nsky 0 -1 0\n", ": line 2 'sky 0 -1 0': colour value -1 is not in 0..255",
                "road 1 2 3\nsky\n", ": line 2 'sky' has no colour but line 1 has one",
                "road\nsky\ngrass 0 255 0\n", ": line 3 'grass 0 255 0' has a colour but line 1 has none");
        for (Map.Entry<String, String> f : faults.entrySet()) {
            write(f.getKey());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FolderLayout.at(root),
                    f.getKey());
            assertTrue(e.getMessage().startsWith(file + f.getValue()), e.getMessage());
        }
    }

    @Test
    void anotherIgnoreIndexIsVoidAndMayBeNoClass() throws IOException {
        classes(root, "a", "b", "c");
        sample(root, "train", "park_0", W, H, stripes(W, 0, 1, 9, 9));
        sample(root, "train", "yard_0", W, H, stripes(W, 2, 9));
        sample(root, "val", "v0", W, H, stripes(W, 9, 0, 1, 2));
        FolderTaskData data = FolderTaskData.builder().setRoot(root).optIgnoreIndex(9).optNumWorkers(1).build();
        data.check(twoTasks());
        assertEquals(9, data.layout().ignoreIndex());
        byte[] table = ((FolderDataset) data.evaluationData(ClassSpace.of("a", "b", "c"), 1).orElseThrow())
                .labelTable();
        assertEquals(255, table[9] & 0xFF, "the ignore index becomes the library's void");
        assertEquals(2, table[2] & 0xFF);

        // 255 is then neither a class nor void: bad input naming the file and the value
        sample(root, "val", "v0", W, H, stripes(W, 255, 0));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> data.check(twoTasks()));
        assertTrue(bad.getMessage().startsWith(root.resolve("labels/val/v0.png") + ": label value 255")
                && bad.getMessage().contains("9 = void"), bad.getMessage());

        // and by default 9 is bad input
        sample(root, "val", "v0", W, H, stripes(W, 9, 0));
        IllegalArgumentException nine = assertThrows(IllegalArgumentException.class,
                () -> FolderTaskData.builder().setRoot(root).build().check(twoTasks()));
        assertTrue(nine.getMessage().contains(": label value 9"), nine.getMessage());

        // an ignore index that is a class's value
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
                () -> FolderTaskData.builder().setRoot(root).optIgnoreIndex(1).build());
        assertEquals("ignore index 1 is class 'b' (line 2 of " + root.resolve("classes.txt")
                + "); the value of void pixels must be no class's (3..255)", clash.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FolderLayout.at(root, 256));
    }

    @Test
    void evaluationReadsTheChosenSplitAndCheckNeedsIt() throws IOException {
        classes(root, "a", "b", "c");
        sample(root, "train", "park_0", W, H, stripes(W, 0, 1));
        sample(root, "train", "yard_0", W, H, stripes(W, 2));
        sample(root, "test", "t0", W, H, stripes(W, 0));
        sample(root, "test", "t1", W, H, stripes(W, 1));
        FolderTaskData data = FolderTaskData.builder().setRoot(root).optEvaluationSplit("test").build();
        assertEquals("test", data.evaluationSplit());
        data.check(twoTasks()); // no val split needed
        FolderDataset test = (FolderDataset) data.evaluationData(ClassSpace.of("a", "b", "c"), 1).orElseThrow();
        assertEquals("test", test.split());
        assertEquals(2, test.size());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> FolderTaskData.builder().setRoot(root).build().check(twoTasks()));
        assertTrue(missing.getMessage().contains(root.resolve("images/val").toString()), missing.getMessage());
        assertThrows(IllegalStateException.class,
                () -> FolderTaskData.builder().optEvaluationSplit("a").optEvaluationSplit("b"));
    }

    @Test
    void checkFindsAnImageAndLabelOfDifferentSizesFromTheHeaders() throws IOException {
        classes(root, "a", "b", "c");
        sample(root, "train", "park_0", W, H, stripes(W, 0, 1));
        sample(root, "train", "yard_0", W, H, stripes(W, 2), "jpg");
        sample(root, "val", "v0", W, H, stripes(W, 0));
        FolderTaskData data = FolderTaskData.builder().setRoot(root).build();
        data.check(twoTasks());
        sample(root, "scratch", "x", 8, 4, stripes(8, 2));
        Files.copy(root.resolve("labels/scratch/x.png"), root.resolve("labels/train/yard_0.png"),
                StandardCopyOption.REPLACE_EXISTING);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> data.check(twoTasks()));
        assertEquals(root.resolve("labels/train/yard_0.png") + ": label map is 8x4 but its image "
                + root.resolve("images/train/yard_0.jpg") + " is 16x8", e.getMessage());
        assertTrue(e.getCause() instanceof BadSampleException);
    }

    @Test
    void jpegImagesAreReadAndResized() throws IOException {
        classes(root, "a", "b", "c");
        sample(root, "train", "park_0", W, H, stripes(W, 0, 1), "jpg");
        sample(root, "train", "yard_0", W, H, stripes(W, 2), "jpeg");
        sample(root, "val", "v0", W, H, stripes(W, 0, 1, 2, 255), "jpg");
        FolderTaskData data = FolderTaskData.builder().setRoot(root).optResize(W / 2, H / 2).optNumWorkers(1).build();
        data.check(twoTasks());
        FolderDataset val = (FolderDataset) data.evaluationData(ClassSpace.of("a", "b", "c"), 1).orElseThrow();
        assertEquals(root.resolve("images/val/v0.jpg"), val.samples().get(0).image());
        PreparedSample v0 = val.prepare(0, 0);
        assertArrayEquals(new int[] {W / 2, H / 2, W / 2, H / 2},
                new int[] {v0.width(), v0.height(), v0.labelWidth(), v0.labelHeight()});
        assertEquals(0, v0.label(0, 0));
        assertEquals(255, v0.label(0, W / 2 - 1));
    }
}
