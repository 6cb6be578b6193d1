package org.lifelongseg.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.checkpoint.Checkpoint;
import org.lifelongseg.core.checkpoint.CheckpointConflictException;
import org.lifelongseg.core.checkpoint.CheckpointLayout;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.testing.TinyConvFactory;
import org.lifelongseg.core.testing.TinyScenes;
import org.lifelongseg.core.train.listen.TrainerListener;
import org.lifelongseg.core.train.loss.MaskedCrossEntropyLoss;
import org.lifelongseg.core.train.strategy.Strategies;

@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class LifelongTrainerTest {

    private static final TaskSequence SEQ = TinyScenes.sequence();
    private static final TinyScenes DATA = new TinyScenes(16, 24, 4, 2);

    private static LifelongTrainer.Builder base() {
        return LifelongTrainer.forTasks(SEQ).model(new TinyConvFactory()).data(DATA).batchSize(2)
                .optimizer(OptimizerSettings.builder().optLearningRate(1e-2).build());
    }

    @Test
    void settingsAreRequiredAndGivenOnce() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LifelongTrainer.forTasks(SEQ).data(DATA).strategy(Strategies.joint()).epochs(1).build());
        assertTrue(e.getMessage().contains("model"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> base().epochs(1).epochs(2));
        assertTrue(e.getMessage().contains("'epochs' given twice"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> base().strategy(Strategies.joint()).build());
        assertThrows(IllegalArgumentException.class, () -> base().epochs(0));
        assertThrows(IllegalStateException.class,
                () -> base().strategy(Strategies.joint()).epochs(1).resume().build());
    }

    @Test
    void sequenceTrainsEveryStepWithGrowingHeadsAndLowersTheLoss() throws IOException {
        try (TrainingResult r = base().strategy(Strategies.fineTuning()).epochs(6).validateEvery(3).train()) {
            assertEquals(3, r.steps().size());
            for (int s = 0; s < 3; s++) {
                StepResult step = r.step(s);
                assertEquals(SEQ.classSpaceAfter(s), step.classSpace());
                assertEquals(6, step.epochs().size());
                assertEquals(2, step.validations().size());
                try (NDManager m = NDManager.newBaseManager()) {
                    NDArray out = step.block().forward(new ParameterStore(m, false),
                            new NDList(m.zeros(new Shape(1, 3, 16, 24))), false).head();
                    assertEquals(new Shape(1, 2 * (s + 1), 16, 24), out.getShape());
                }
            }
            List<EpochRecord> first = r.step(0).epochs();
            assertTrue(first.get(5).loss() < first.get(0).loss(), first.toString());
            assertTrue(r.step(0).validations().get(1).seenMeanIoU() > 0.5, r.step(0).validations().toString());
        }
    }

    @Test
    void anInterruptedTrainingStopsAfterItsBatch() {
        java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
        TrainerListener interrupter = new TrainerListener() {
            @Override
            public void onBatchEnd(org.lifelongseg.core.train.listen.BatchReport batch) {
                batches.incrementAndGet();
                Thread.currentThread().interrupt();
            }
        };
        try {
            java.io.InterruptedIOException e = assertThrows(java.io.InterruptedIOException.class,
                    () -> base().strategy(Strategies.staticTraining()).epochs(3).listeners(interrupter).trainStep(0));
            assertTrue(e.getMessage().contains("interrupted in epoch 0 after batch 1 of 2"), e.getMessage());
            assertEquals(1, batches.get());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void fineTuningCopiesTheOldOutputChannelsAndStartsTheNewOnesAsAsked() throws IOException {
        TinyConvFactory f = new TinyConvFactory();
        try (StepResult s0 = base().strategy(Strategies.staticTraining()).epochs(1).trainStep(0)) {
            for (NewClassInitialization init : NewClassInitialization.values()) {
                try (NDManager m = NDManager.newBaseManager()) {
                    Block student = f.newBlock(SEQ.classSpaceAfter(1));
                    student.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, f.initializationShape());
                    Map<String, Parameter> neu = f.namedParameters(student);
                    Map<String, float[]> fresh = new java.util.HashMap<>();
                    neu.forEach((k, p) -> fresh.put(k, p.getArray().toFloatArray()));
                    ParameterTransfer.Report rep = ParameterTransfer.copy(
                            f.namedParameters(s0.block()), neu, 2, 4, init);
                    assertEquals(2, rep.partial().size(), rep.toString()); // head weight and bias
                    Map<String, Parameter> old = f.namedParameters(s0.block());
                    for (String k : rep.partial()) {
                        float[] o = old.get(k).getArray().toFloatArray();
                        float[] n = neu.get(k).getArray().toFloatArray();
                        long[] shape = neu.get(k).getArray().getShape().getShape();
                        long[] oldShape = old.get(k).getArray().getShape().getShape();
                        int axis = 0; // the class axis: where the two models differ
                        while (oldShape[axis] == shape[axis]) {
                            axis++;
                        }
                        int inner = 1;
                        for (int d = axis + 1; d < shape.length; d++) {
                            inner *= (int) shape[d];
                        }
                        int oldIndex = 0;
                        int nonZeroNew = 0;
                        for (int i = 0; i < n.length; i++) {
                            boolean newClass = (i / inner) % shape[axis] >= 2;
                            if (!newClass) {
                                assertEquals(o[oldIndex++], n[i], k);   // old channels come first
                            } else if (init == NewClassInitialization.ZERO) {
                                assertEquals(0f, n[i], k + " " + i);
                            } else {
                                assertEquals(fresh.get(k)[i], n[i], k + " " + i);
                                nonZeroNew += n[i] != 0 ? 1 : 0;
                            }
                        }
                        assertEquals(o.length, oldIndex, k);
                        if (init == NewClassInitialization.RANDOM && shape.length > 1) {
                            assertTrue(nonZeroNew > 0, k + ": the fresh weights were kept");
                        }
                    }
                }
            }
        }
    }

    @Test
    void teacherWithOtherClassesIsRejectedNamingBothLists() throws IOException {
        try (StepResult s0 = base().strategy(Strategies.staticTraining()).epochs(1).trainStep(0)) {
            Teacher wrong = Teachers.of(s0.block(), ClassSpace.of("road", "sky"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> base().strategy(Strategies.fineTuning()).epochs(1).withTeacher(wrong).build());
            assertTrue(e.getMessage().contains("[road, sky]") && e.getMessage().contains("[c0, c1]"),
                    e.getMessage());
            // declared classes that do not match the network's channels: caught at the first batch
            Teacher liar = Teachers.of(s0.block(), ClassSpace.of("c0", "c1", "extra"));
            IllegalStateException e2 = assertThrows(IllegalStateException.class,
                    () -> base().strategy(distillLike()).epochs(1).withTeacher(liar).trainStep(1));
            assertTrue(e2.getMessage().contains("declares 3 classes"), e2.getMessage());
            // no teacher for step 1 of a strategy that needs one
            IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
                    () -> base().strategy(Strategies.fineTuning()).epochs(1).trainStep(1));
            assertTrue(e3.getMessage().contains("withTeacher"), e3.getMessage());
        }
    }

    /** CE plus an L2 pull towards the teacher's old channels: uses the teacher's logits. */
    static TrainingStrategy distillLike() {
        return new TrainingStrategy() {
            @Override
            public String name() {
                return "l2-distill";
            }

            @Override
            public boolean usesTeacher() {
                return true;
            }

            @Override
            public LossTerms loss(NDArray z, NDArray y, NDArray teacher, StepContext c) {
                NDArray ce = MaskedCrossEntropyLoss.compute(z, y);
                if (teacher == null) {
                    return LossTerms.of(ce);
                }
                NDArray kd = z.get(":, :" + c.oldClasses().size()).sub(teacher).square().mean();
                return LossTerms.of(ce.add(kd), Map.of("ce", ce, "kd", kd));
            }
        };
    }

    @Test
    void teacherChannelsAreSelectedByName() throws IOException {
        try (StepResult s0 = base().strategy(Strategies.staticTraining()).epochs(1).trainStep(0);
                NDManager m = NDManager.newBaseManager()) {
            // a teacher whose channels are declared in the opposite order
            Teacher reversed = Teachers.of(s0.block(), ClassSpace.of("c1", "c0"));
            Teacher selected = Teachers.selecting(reversed, List.of("c0", "c1"));
            NDArray x = m.randomUniform(0f, 1f, new Shape(1, 3, 8, 8));
            NDArray raw = reversed.logits(x);
            NDArray sel = selected.logits(x);
            assertArrayEquals(raw.get(":, 1").toFloatArray(), sel.get(":, 0").toFloatArray());
            assertArrayEquals(raw.get(":, 0").toFloatArray(), sel.get(":, 1").toFloatArray());
            assertFalse(sel.hasGradient());
            try (StepResult s1 = base().strategy(distillLike()).epochs(2).withTeacher(reversed).trainStep(1)) {
                assertTrue(s1.epochs().get(0).losses().containsKey("kd"));
            }
        }
    }

    @Test
    void badDataGivesClearErrors() {
        TrainingStrategy st = Strategies.staticTraining();
        // fewer images than the batch size
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LifelongTrainer.forTasks(SEQ).model(new TinyConvFactory()).data(new TinyScenes(8, 8, 1, 0))
                        .strategy(st).epochs(1).batchSize(2).trainStep(0));
        assertTrue(e.getMessage().contains("fewer than the batch size"), e.getMessage());
        // a label outside the class space
        e = assertThrows(IllegalArgumentException.class,
                () -> LifelongTrainer.forTasks(SEQ).model(new TinyConvFactory())
                        .data(DATA.withLabelOverride("c3", "7")).strategy(st).epochs(1).batchSize(2).trainStep(0));
        assertTrue(e.getMessage().contains("step 0") && e.getMessage().contains("outside")
                && e.getMessage().contains("tiny"), e.getMessage());
        // no labelled pixel at all
        TinyScenes unlabelled = DATA.withLabelOverride("c0", "255").withLabelOverride("c1", "255");
        e = assertThrows(IllegalArgumentException.class,
                () -> LifelongTrainer.forTasks(SEQ).model(new TinyConvFactory()).data(unlabelled)
                        .strategy(st).epochs(1).batchSize(2).trainStep(0));
        assertTrue(e.getMessage().contains("no training pixel is labelled"), e.getMessage());
    }

    @Test
    void nonFiniteLossStopsAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws IOException {
        AtomicInteger batches = new AtomicInteger();
        TrainingStrategy exploding = new TrainingStrategy() {
            @Override
            public String name() {
                return "exploding";
            }

            @Override
            public LossTerms loss(NDArray z, NDArray y, NDArray teacher, StepContext c) {
                NDArray ce = MaskedCrossEntropyLoss.compute(z, y);
                return LossTerms.of(batches.incrementAndGet() > 3 ? ce.mul(Float.NaN) : ce);
            }
        };
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> base().strategy(exploding).epochs(3).checkpoints(dir, 1).trainStep(0));
        assertEquals(1, e.epoch());
        assertTrue(e.getMessage().contains("not finite") && e.getMessage().contains("weights_0"), e.getMessage());
        CheckpointLayout layout = CheckpointLayout.of(dir, "tiny_A");
        List<Checkpoint> all = layout.list();
        assertEquals(1, all.size());
        CheckpointLayout.verify(all.get(0));
    }

    @Test
    void failingWriteKeepsThePreviousCheckpoint(@TempDir Path dir) throws IOException {
        AtomicInteger saves = new AtomicInteger();
        TinyConvFactory diskFull = new TinyConvFactory() {
            @Override
            public void saveParameters(Block block, Path file) throws IOException {
                if (saves.incrementAndGet() == 2) {
                    Files.write(file, new byte[100]);
                    throw new IOException("No space left on device");
                }
                super.saveParameters(block, file);
            }
        };
        IOException e = assertThrows(IOException.class,
                () -> LifelongTrainer.forTasks(SEQ).model(diskFull).data(DATA).batchSize(2)
                        .strategy(Strategies.staticTraining()).epochs(3).checkpoints(dir, 1).trainStep(0));
        assertTrue(e.getMessage().contains("epoch 1") && e.getMessage().contains("No space left")
                && e.getMessage().contains("weights_0 is intact"), e.getMessage());
        CheckpointLayout layout = CheckpointLayout.of(dir, "tiny_A");
        assertEquals(List.of(0), layout.list().stream().map(Checkpoint::epoch).toList());
        CheckpointLayout.verify(layout.list().get(0));
        try (var files = Files.list(layout.modelsDirectory())) {
            assertEquals(List.of("weights_0"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void unwritableCheckpointFolderIsReportedBeforeTraining(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        IOException e = assertThrows(IOException.class,
                () -> base().strategy(Strategies.staticTraining()).epochs(1).checkpoints(file, 1).trainStep(0));
        assertTrue(e.getMessage().contains("not-a-folder is not a folder"), e.getMessage());
        assertTrue(Files.isRegularFile(file), "nothing created or replaced");
    }

    @Test
    void aFailedRunLeavesNoEmptyFolders(@TempDir Path dir) {
        Path root = dir.resolve("a/b");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LifelongTrainer.forTasks(SEQ).model(new TinyConvFactory()).data(DATA)
                        .batchSize(1000).strategy(Strategies.staticTraining()).epochs(1)
                        .checkpoints(root, 1).trainStep(0));
        assertTrue(e.getMessage().contains("fewer than the batch size"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("a")), "the checkpoint root was created for nothing");
    }

    @Test
    void existingCheckpointsAreNeverOverwrittenAndConfigurationIsChecked(@TempDir Path dir) throws IOException {
        base().strategy(Strategies.staticTraining()).epochs(2).checkpoints(dir, 1).trainStep(0).close();
        CheckpointConflictException e = assertThrows(CheckpointConflictException.class,
                () -> base().strategy(Strategies.staticTraining()).epochs(2).checkpoints(dir, 1).trainStep(0));
        assertEquals(CheckpointConflictException.Reason.EXISTS, e.reason());
        assertTrue(e.getMessage().contains("resume()"), e.getMessage());
        e = assertThrows(CheckpointConflictException.class,
                () -> base().strategy(Strategies.staticTraining()).epochs(2).checkpoints(dir, 1).seed(7)
                        .resume().trainStep(0));
        assertEquals(CheckpointConflictException.Reason.OTHER_CONFIGURATION, e.reason());
        assertTrue(e.getMessage().contains("seed: checkpoint 1234, now 7"), e.getMessage());
        try (StepResult r = base().strategy(Strategies.staticTraining()).epochs(2).checkpoints(dir, 1)
                .resume().trainStep(0)) {
            assertEquals(2, r.epochs().size()); // complete: loaded with its history, not retrained
        }
        try (StepResult r = base().strategy(Strategies.staticTraining()).epochs(2).checkpoints(dir, 1)
                .seed(7).forceResume().trainStep(0)) {
            assertEquals(2, r.epochs().size());
        }
    }

    @Test
    void listenersSeeEveryBatchAndEpoch() throws IOException {
        AtomicInteger b = new AtomicInteger();
        AtomicInteger ep = new AtomicInteger();
        TrainerListener l = new TrainerListener() {
            @Override
            public void onBatchEnd(org.lifelongseg.core.train.listen.BatchReport r) {
                b.incrementAndGet();
            }

            @Override
            public void onEpochEnd(EpochRecord e) {
                ep.incrementAndGet();
            }
        };
        java.io.ByteArrayOutputStream bar = new java.io.ByteArrayOutputStream();
        base().strategy(Strategies.staticTraining()).epochs(2)
                .listeners(l, new org.lifelongseg.core.train.listen.ProgressBar(new java.io.PrintStream(bar)))
                .trainStep(0).close();
        assertEquals(4, b.get());
        assertEquals(2, ep.get());
        String text = bar.toString();
        assertTrue(text.contains("\r") && text.contains("img/s") && text.contains("ETA"), text);
    }
}
