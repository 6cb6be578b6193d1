package org.lifelongseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.cityscapes.synthetic.SyntheticStreetScenes;

/** The generated synthetic dataset is reused only if it was made by the same renderer and settings. */
class SyntheticCacheTest {

    @Test
    void aDatasetFromAnotherRendererVersionIsRegenerated(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("synthetic");
        DatasetOptions.ensureSynthetic(root, 7, 1);
        Path marker = root.resolve("synthetic.json");
        String current = Files.readString(marker);
        assertTrue(current.contains("\"rendererVersion\": " + SyntheticStreetScenes.RENDERER_VERSION), current);
        Path frame;
        try (var files = Files.walk(root.resolve("leftImg8bit"))) {
            frame = files.filter(p -> p.toString().endsWith(".png")).findFirst().orElseThrow();
        }
        FileTime old = FileTime.fromMillis(0);
        Files.setLastModifiedTime(frame, old);

        DatasetOptions.ensureSynthetic(root, 7, 1); // same renderer and settings: reused
        assertEquals(old, Files.getLastModifiedTime(frame));

        Files.writeString(marker, current.replace("\"rendererVersion\": " + SyntheticStreetScenes.RENDERER_VERSION,
                "\"rendererVersion\": 0"));
        DatasetOptions.ensureSynthetic(root, 7, 1); // stale renderer: written again
        assertNotEquals(old, Files.getLastModifiedTime(frame));
        assertEquals(current, Files.readString(marker));
    }
}
