package org.lifelongseg.cityscapes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.cityscapes.data.CityscapesProtocol;
import org.lifelongseg.cityscapes.synthetic.SyntheticStreetScenes;
import org.lifelongseg.core.checkpoint.Checkpoint;
import org.lifelongseg.core.checkpoint.CheckpointLayout;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.train.LifelongTrainer;
import org.lifelongseg.core.train.StepResult;
import org.lifelongseg.core.train.Teacher;
import org.lifelongseg.core.train.TrainingResult;
import org.lifelongseg.erfnet.checkpoint.PyTorchCheckpoints;
import org.lifelongseg.erfnet.checkpoint.StateDict;
import org.lifelongseg.erfnet.train.ErfNetFactory;
import org.lifelongseg.erfnet.train.ErfNetTeachers;
import org.lifelongseg.erfnet.train.KlingnerDistillation;

/** The fluent API end to end on tiny synthetic street scenes: static -> distill -> distill. */
@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class LifelongTrainingSmokeTest {

    @Test
    void threeTasksTrainWithCheckpointsAndAStepCanRestartFromOne(@TempDir Path tmp) throws IOException {
        CityscapesTaskData data = CityscapesTaskData.synthetic(tmp.resolve("synthetic"),
                SyntheticStreetScenes.builder().optSeed(3).optSize(128, 64).optFramesPerCity(1, 1).build(),
                128, 64);
        TaskSequence seq = CityscapesProtocol.taskSequence();
        Path checkpoints = tmp.resolve("checkpoints");
        try (TrainingResult r = LifelongTrainer.forTasks(seq)
                .model(new ErfNetFactory())
                .data(data)
                .strategy(KlingnerDistillation.builder().build())
                .epochs(2)
                .batchSize(2)
                .checkpoints(checkpoints, 1)
                .train()) {
            int[] sizes = {5, 11, 19};
            for (int s = 0; s < 3; s++) {
                StepResult step = r.step(s);
                assertEquals(seq.classSpaceAfter(s), step.classSpace());
                assertEquals(sizes[s], step.classSpace().size());
                assertEquals(2, step.epochs().size());
                assertEquals(s == 0 ? List.of("loss") : List.of("loss", "ce", "kd"),
                        List.copyOf(step.epochs().get(0).losses().keySet()));
                assertEquals(1, step.validations().size());
                try (NDManager m = NDManager.newBaseManager()) {
                    NDArray out = step.block().forward(new ParameterStore(m, false),
                            new NDList(m.zeros(new Shape(1, 3, 64, 128))), false).head();
                    assertEquals(new Shape(1, sizes[s], 64, 128), out.getShape());
                }
                CheckpointLayout layout = CheckpointLayout.of(checkpoints, "erfnet_task" + (s + 1));
                assertEquals(List.of(0, 1), layout.list().stream().map(Checkpoint::epoch).toList());
                Checkpoint last = step.lastCheckpoint().orElseThrow();
                assertEquals(1, last.epoch());
                CheckpointLayout.verify(last);
                try (NDManager m = NDManager.newBaseManager();
                        StateDict sd = PyTorchCheckpoints.read(last.file("model.safetensors"), m)) {
                    assertEquals(sizes[s], sd.get("decoder.output_conv.bias").getShape().get(0));
                    assertTrue(sd.contains("encoder.layers.0.bn.num_batches_tracked"));
                }
                assertEquals("task" + (s + 1), last.provenance().configuration().get("task"));
            }
        }
        // start at step 1 from the saved stage-1 checkpoint, as the reference's --teachers does
        Path stage1 = CheckpointLayout.of(checkpoints, "erfnet_task1").directory(1);
        try (Teacher teacher = ErfNetTeachers.fromCheckpoint(stage1, seq.classSpaceAfter(0).names(), Device.cpu());
                StepResult s1 = LifelongTrainer.forTasks(seq).model(new ErfNetFactory()).data(data)
                        .strategy(KlingnerDistillation.builder().optInitializeFromTeacher(true).build())
                        .withTeacher(teacher).epochs(1).batchSize(2).trainStep(1)) {
            assertEquals(11, s1.classSpace().size());
            assertFalse(s1.epochs().get(0).losses().get("kd").isNaN());
            assertFalse(s1.lastCheckpoint().isPresent());
        }
    }
}
