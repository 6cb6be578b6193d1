package org.lifelongseg.erfnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.testing.SharedTestData;
import org.lifelongseg.core.train.LossTerms;
import org.lifelongseg.core.train.StepContext;
import org.lifelongseg.core.train.StudentInitialization;
import org.lifelongseg.core.train.Teacher;
import org.lifelongseg.erfnet.checkpoint.CheckpointFormatException;
import org.lifelongseg.erfnet.checkpoint.PyTorchCheckpoints;
import org.lifelongseg.erfnet.checkpoint.StateDict;
import org.lifelongseg.erfnet.distill.KlingnerDistillationLoss;

/** ERFNet's model factory, teachers from files and the distillation strategy. */
@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class ErfNetTrainingSpiTest {

    static List<String> names(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("class" + i);
        }
        return out;
    }

    @Test
    void parametersRoundTripBitwiseThroughSafetensorsThatPyTorchReads(@TempDir Path dir) throws IOException {
        ErfNetFactory f = new ErfNetFactory();
        try (Model a = Model.newInstance("a"); Model b = Model.newInstance("b")) {
            Block x = f.newBlock(ClassSpace.of(names(7)));
            Block y = f.newBlock(ClassSpace.of(names(7)));
            a.setBlock(x);
            b.setBlock(y);
            Engine.getInstance().setRandomSeed(1);
            f.initialize(x, a.getNDManager());
            Engine.getInstance().setRandomSeed(2);
            f.initialize(y, b.getNDManager());
            Path file = dir.resolve(f.parameterFileName());
            f.saveParameters(x, file);
            f.loadParameters(y, file);
            Map<String, Parameter> px = f.namedParameters(x);
            Map<String, Parameter> py = f.namedParameters(y);
            for (String k : px.keySet()) {
                assertArrayEquals(px.get(k).getArray().toFloatArray(), py.get(k).getArray().toFloatArray(), k);
            }
            try (NDManager m = NDManager.newBaseManager(); StateDict sd = PyTorchCheckpoints.read(file, m)) {
                assertTrue(sd.contains("decoder.output_conv.weight") && sd.contains("encoder.initial_block.bn.num_batches_tracked"));
            }
            // wrong class count: named error
            Block z = f.newBlock(ClassSpace.of(names(5)));
            try (Model c = Model.newInstance("c")) {
                c.setBlock(z);
                f.initialize(z, c.getNDManager());
                CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> f.loadParameters(z, file));
                assertTrue(e.getMessage().contains("decoder.output_conv.bias"), e.getMessage());
            }
        }
    }

    @Test
    void pretrainedEncoderIsCopiedIntoFreshStudents() throws IOException {
        Path pth = SharedTestData.require("reference/erfnet-random/erfnet20_seed0_state_dict.pth");
        ErfNetFactory f = ErfNetFactory.builder().optPretrainedEncoder(pth).build();
        try (Model a = Model.newInstance("a"); NDManager m = NDManager.newBaseManager();
                StateDict sd = PyTorchCheckpoints.read(pth, m)) {
            Block x = f.newBlock(ClassSpace.of(names(11)));
            a.setBlock(x);
            f.initialize(x, a.getNDManager());
            Map<String, Parameter> p = f.namedParameters(x);
            assertArrayEquals(sd.get("encoder.layers.3.conv3x1_1.weight").toFloatArray(),
                    p.get("encoder.layers.3.conv3x1_1.weight").getArray().toFloatArray());
            assertEquals(11, p.get("decoder.output_conv.bias").getArray().getShape().get(0));
        }
    }

    @Test
    void referenceModelPthInACheckpointFolderIsATeacher(@TempDir Path dir) throws IOException {
        Path pth = SharedTestData.require("reference/erfnet-random/erfnet11_seed0_incremental_layout.pth");
        Path folder = Files.createDirectories(dir.resolve("erfnet_incremental_set12/models/weights_199"));
        Files.copy(pth, folder.resolve("model.pth"));
        try (Teacher t = ErfNetTeachers.fromCheckpoint(folder, names(11), Device.cpu());
                NDManager m = NDManager.newBaseManager()) {
            NDArray logits = t.logits(m.randomUniform(0f, 1f, new Shape(1, 3, 32, 64)));
            assertEquals(new Shape(1, 11, 32, 64), logits.getShape());
            assertFalse(logits.hasGradient());
            assertTrue(t.namedParameters().isPresent());
        }
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                () -> ErfNetTeachers.fromCheckpoint(folder, names(5), Device.cpu()));
        assertTrue(e.getMessage().contains("model.pth") && e.getMessage().contains("11 classes")
                && e.getMessage().contains("expected 5"), e.getMessage());
        IOException none = assertThrows(IOException.class,
                () -> ErfNetTeachers.fromCheckpoint(dir, names(5), Device.cpu()));
        assertTrue(none.getMessage().contains("model.safetensors"), none.getMessage());
    }

    @Test
    void distillationStrategyLogsCeAndKdAndFallsBackToCrossEntropy() {
        KlingnerDistillation s = KlingnerDistillation.builder().optTemperature(2).build();
        assertEquals(StudentInitialization.FRESH, s.initialization());
        assertTrue(s.usesTeacher() && s.needsPreviousModel());
        assertThrows(IllegalStateException.class, () -> KlingnerDistillation.builder().optTemperature(1).optTemperature(2));
        TaskSequence seq = TaskSequence.builder()
                .addTask(Task.of("a", List.of("x", "y"), ImageFilter.all()))
                .addTask(Task.of("b", List.of("z"), ImageFilter.all())).build();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.randomNormal(new Shape(2, 3, 4, 4));
            NDArray t = m.randomNormal(new Shape(2, 2, 4, 4));
            int[] lab = new int[32];
            java.util.Arrays.fill(lab, 255);
            lab[0] = 2;
            lab[5] = 2;
            NDArray y = m.create(lab, new Shape(2, 4, 4));
            try (LossTerms terms = s.loss(z, y, t, new StepContext(seq, 1, true));
                    KlingnerDistillationLoss.Components ref = KlingnerDistillationLoss.builder()
                            .optTemperature(2).build().components(z, t, y)) {
                assertEquals(List.of("ce", "kd"), List.copyOf(terms.parts().keySet()));
                assertEquals(ref.total().getFloat(), terms.total().getFloat());
                assertEquals(ref.distillation().getFloat(), terms.parts().get("kd").getFloat());
            }
            NDArray y0 = m.create(new int[32], new Shape(2, 4, 4));
            try (LossTerms terms = s.loss(m.randomNormal(new Shape(2, 2, 4, 4)), y0, null,
                    new StepContext(seq, 0, false))) {
                assertTrue(terms.parts().isEmpty());
                assertNull(terms.parts().get("kd"));
            }
        }
    }
}
