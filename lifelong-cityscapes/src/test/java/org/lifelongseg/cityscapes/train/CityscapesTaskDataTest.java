package org.lifelongseg.cityscapes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.cityscapes.data.CityscapesProtocol;
import org.lifelongseg.core.data.transform.TransformSettings;
import org.lifelongseg.core.infer.InputSpec;
import org.lifelongseg.core.task.ImageFilter;

/** What the provider records in checkpoints (resuming compares it) and how it feeds a model. */
class CityscapesTaskDataTest {

    @Test
    void theRecordedSettingsKeepTheirText(@TempDir Path root) {
        CityscapesTaskData data = CityscapesTaskData.builder().setRoot(root).build();
        assertEquals(Map.of("root", root.toString(),
                "transform", TransformSettings.reference().toString(),
                "validation", "train null"), data.describe());
        assertEquals("off", CityscapesTaskData.builder().setRoot(root).optNoValidation().build()
                .describe().get("validation"));
        ImageFilter lindau = ImageFilter.groups("lindau");
        assertEquals("val " + lindau, CityscapesTaskData.builder().setRoot(root)
                .optValidation("val", lindau).build().describe().get("validation"));
    }

    @Test
    void theInputSpecIsTheEvaluationTransforms(@TempDir Path root) {
        CityscapesTaskData data = CityscapesTaskData.builder().setRoot(root)
                .optTransform(CityscapesTaskData.settingsFor(256, 128)).build();
        InputSpec spec = data.inputSpec(CityscapesProtocol.fullClassSpace()).orElseThrow();
        assertEquals(256, spec.width());
        assertEquals(128, spec.height());
        assertEquals(root.getFileName().toString(), spec.dataset());
        assertThrows(IllegalStateException.class,
                () -> CityscapesTaskData.builder().setRoot(root).optNoValidation().optNoValidation());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CityscapesTaskData.builder().setRoot(root.resolve("absent")).build());
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
    }
}
