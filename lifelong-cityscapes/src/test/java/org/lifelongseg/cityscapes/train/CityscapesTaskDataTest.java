package org.lifelongseg.cityscapes.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.cityscapes.data.CityscapesProtocol;
import org.lifelongseg.cityscapes.eval.SplitEvaluator;
import org.lifelongseg.cityscapes.synthetic.SyntheticStreetScenes;
import org.lifelongseg.core.data.transform.TransformSettings;
import org.lifelongseg.core.infer.InputSpec;
import org.lifelongseg.core.metrics.DatasetEvaluator;
import org.lifelongseg.core.metrics.SegmentationMetrics;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.erfnet.model.ErfNet;

/**
 * What the provider records in checkpoints (resuming compares it), how it feeds a model, and its
 * evaluation data (the val split as the protocol's evaluation reads it).
 */
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
                .optTransform(TransformSettings.forFrames(256, 128)).build();
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

    @Test
    void evaluationDataScoresAModelExactlyAsTheSplitEvaluator(@TempDir Path tmp) throws IOException {
        CityscapesTaskData data = CityscapesTaskData.synthetic(tmp.resolve("synthetic"),
                SyntheticStreetScenes.builder().optSeed(5).optSize(128, 64).optFramesPerCity(1, 2).build(),
                128, 64);
        TaskSequence seq = CityscapesProtocol.taskSequence();
        ClassSpace model = seq.classSpaceAfter(1);
        Map<String, List<String>> subsets = Map.of("task1", seq.task(0).classes(),
                "task12", model.names());
        SplitEvaluator.Builder split = SplitEvaluator.builder().setRoot(data.root()).setSplit("val")
                .setSettings(data.settings()).optBatchSize(2);
        DatasetEvaluator.Builder generic = DatasetEvaluator.builder();
        subsets.forEach((k, v) -> {
            split.addSubset(k, v);
            generic.addSubset(k, v);
        });
        Engine.getInstance().setRandomSeed(11);
        try (NDManager manager = NDManager.newBaseManager()) {
            ErfNet net = ErfNet.builder().setNumClasses(model.size()).build().initializeParameters(manager);
            Map<String, SegmentationMetrics> expected = split.build().evaluate(net, model, Device.cpu());
            Map<String, SegmentationMetrics> actual = generic.build().evaluate(net, model,
                    data.evaluationData(model, 2).orElseThrow(), Device.cpu());
            assertEquals(expected.keySet(), actual.keySet());
            for (String k : expected.keySet()) {
                assertArrayEquals(expected.get(k).confusion(), actual.get(k).confusion(), k);
                assertEquals(expected.get(k).meanIoU(), actual.get(k).meanIoU(), 0.0, k);
            }
            assertEquals(6, data.evaluationData(model, 2).orElseThrow().size(), "two frames of each val city");
        }
    }
}
