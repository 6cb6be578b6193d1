package org.lifelongseg.core.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.data.folder.FolderFixtures;
import org.lifelongseg.core.data.folder.FolderTaskData;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.task.ClassSpace;

/**
 * The class colours an {@link InputSpec} may record: written and read back in channel order,
 * recorded from a folder dataset's {@code classes.txt}, optional (specs written before colours
 * existed read as before), and malformed ones refused naming the file and the field.
 */
class InputSpecColorsTest {

    /** An input.json as checkpoints wrote it before class colours were recorded. */
    static final String WITHOUT_COLORS = """
            {
              "format": 1,
              "classNames": [
                "disc",
                "square"
              ],
              "normalization": {
                "name": "imagenet",
                "mean": [0.485, 0.456, 0.406],
                "std": [0.229, 0.224, 0.225]
              },
              "width": 64,
              "height": 64,
              "ignoreIndex": 255,
              "dataset": "shapes"
            }
            """;

    @TempDir Path dir;

    @Test
    void coloursAreWrittenAndReadInChannelOrder() throws Exception {
        InputSpec spec = InputSpec.builder()
                .setClassNames(List.of("sky", "road"))
                .setNormalization(Normalization.IMAGENET)
                .optClassColors(Map.of("road", 0x804080, "sky", 0x4682B4))
                .build();
        assertEquals(List.of("sky", "road"), List.copyOf(spec.classColors().keySet()));
        spec.write(dir);
        InputSpec back = InputSpec.find(dir).orElseThrow();
        assertEquals(spec, back);
        assertEquals(Map.of("sky", 0x4682B4, "road", 0x804080), back.classColors());
        String written = Files.readString(dir.resolve(InputSpec.FILE));
        assertTrue(written.contains("\"road\": [\n      128,\n      64,\n      128"), written);
        assertTrue(spec.withClassNames(List.of("a", "b")).classColors().isEmpty(), "colours belong to the old names");
    }

    @Test
    void aSpecWithoutColoursReadsAsBefore() throws Exception {
        Files.writeString(dir.resolve(InputSpec.FILE), WITHOUT_COLORS);
        InputSpec old = InputSpec.find(dir).orElseThrow();
        assertEquals(List.of("disc", "square"), old.classNames());
        assertEquals(Normalization.IMAGENET, old.normalization());
        assertEquals(64, old.width());
        assertTrue(old.classColors().isEmpty());
        assertEquals(old, InputSpec.fromJson(old.toJson(), "again"));
        assertTrue(!old.toJson().contains("classColors"), "nothing recorded, nothing written");
    }

    @Test
    void malformedColoursNameTheFileAndTheField() throws Exception {
        String[] bad = {
            "\"classColors\": {\"disc\": [256, 0, 0], \"square\": [0, 0, 0]}",
            "\"classColors\": {\"disc\": [1.5, 0, 0], \"square\": [0, 0, 0]}",
            "\"classColors\": {\"disc\": [1, 2], \"square\": [0, 0, 0]}",
            "\"classColors\": {\"disc\": \"red\", \"square\": [0, 0, 0]}",
            "\"classColors\": {\"disc\": [1, 2, 3]}",
            "\"classColors\": {\"disc\": [1, 2, 3], \"square\": [0, 0, 0], \"ring\": [0, 0, 1]}",
            "\"classColors\": [[1, 2, 3], [0, 0, 0]]",
        };
        for (String colors : bad) {
            Path sub = Files.createDirectories(dir.resolve("b" + colors.hashCode()));
            String json = WITHOUT_COLORS.replace("\"dataset\": \"shapes\"", "\"dataset\": \"shapes\", " + colors);
            Files.writeString(sub.resolve(InputSpec.FILE), json);
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> InputSpec.find(sub), colors);
            assertTrue(e.getMessage().contains(sub.resolve(InputSpec.FILE).toString())
                    && e.getMessage().contains("classColors"), colors + ": " + e.getMessage());
        }
    }

    @Test
    void aFolderDatasetRecordsItsColoursForTheModelsClasses() throws Exception {
        Path colored = dir.resolve("colored");
        FolderFixtures.classes(colored, "grass 0 200 0", "sky 100 150 255", "road 128 64 128");
        FolderFixtures.sample(colored, "train", "t0", 8, 8, FolderFixtures.stripes(8, 0));
        FolderTaskData data = FolderTaskData.builder().setRoot(colored).build();
        InputSpec spec = data.inputSpec(ClassSpace.of(List.of("road", "grass"))).orElseThrow();
        assertEquals(Map.of("road", 0x804080, "grass", 0x00C800), spec.classColors());
        assertEquals(List.of("road", "grass"), List.copyOf(spec.classColors().keySet()));

        Path plain = dir.resolve("plain");
        FolderFixtures.classes(plain, "grass", "sky");
        FolderFixtures.sample(plain, "train", "t0", 8, 8, FolderFixtures.stripes(8, 0));
        InputSpec none = FolderTaskData.builder().setRoot(plain).build()
                .inputSpec(ClassSpace.of(List.of("sky", "grass"))).orElseThrow();
        assertTrue(none.classColors().isEmpty());
    }
}
