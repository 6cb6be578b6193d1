package org.lifelongseg.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lifelongseg.core.data.folder.FolderFixtures.classes;
import static org.lifelongseg.core.data.folder.FolderFixtures.sample;
import static org.lifelongseg.core.data.folder.FolderFixtures.stripes;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.data.folder.FolderTaskData;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.metrics.AccuracyMatrix;
import org.lifelongseg.core.report.MethodResult;
import org.lifelongseg.core.report.ReportFiles;
import org.lifelongseg.core.report.RunResults;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.testing.TinyConvFactory;
import org.lifelongseg.core.testing.TinyScenes;
import org.lifelongseg.core.train.listen.TrainerListener;
import org.lifelongseg.core.train.strategy.Strategies;

/** The whole workflow on a tiny folder dataset with a tiny network (no ERFNet, no Cityscapes). */
class LifelongPipelineTest {

    static final int W = 64;
    static final int H = 32;

    @TempDir static Path root;

    /**
     * Six classes a..f in stripes; images of group "ground" (t1_*), "things" (t2_*), "sky" (t3_*)
     * in the train split, each showing every class; three val images.
     */
    @BeforeAll
    static void writeDataset() throws IOException {
        classes(root, "a", "b", "c", "d", "e", "f");
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < 4; i++) {
                int s = t + i;
                sample(root, "train", "t" + t + "_" + i, W, H,
                        stripes(W, s % 6, (s + 1) % 6, (s + 2) % 6, (s + 3) % 6, (s + 4) % 6, (s + 5) % 6));
            }
        }
        for (int i = 0; i < 3; i++) {
            sample(root, "val", "v" + i, W, H, stripes(W, (i + 5) % 6, i % 6, (i + 3) % 6, (i + 1) % 6,
                    (i + 4) % 6, (i + 2) % 6));
        }
    }

    static TaskSequence split() {
        return TaskSequence.builder()
                .addTask(Task.of("ground", List.of("a", "b"), ImageFilter.groups("t1")))
                .addTask(Task.of("things", List.of("c", "d"), ImageFilter.groups("t2")))
                .addTask(Task.of("sky", List.of("e", "f"), ImageFilter.groups("t3")))
                .build();
    }

    static FolderTaskData data() {
        return FolderTaskData.builder().setRoot(root).optResize(W, H).optNumWorkers(1).build();
    }

    @Test
    void threeNamedTasksRunEndToEndWithKeysNamedAsTheTasks(@TempDir Path out) throws Exception {
        List<String> trainings = new ArrayList<>();
        AtomicInteger epochs = new AtomicInteger();
        UnknownTaskRecognition recognition = UnknownTaskRecognition.builder()
                .setMethod("finetune")
                .setKnownImages(() -> {
                    List<RgbImage> known = new ArrayList<>();
                    for (int k = 0; k < 2; k++) {
                        for (int i = 0; i < 3; i++) {
                            known.add(ImageFiles.readRgb(root.resolve("images/val/v" + i + ".png")));
                        }
                    }
                    return known;
                })
                .setUnknownImages(known -> Map.of("gray", List.of(gray(W, H), gray(W, H))))
                .setOutputDirectory(out.resolve("recognition"))
                .build();
        RunResults run = LifelongPipeline.builder()
                .setData(data(), "stripes")
                .setTasks(split())
                .setModel(new TinyConvFactory())
                .addMethod("finetune", Strategies.fineTuning())
                .addMethod("fresh", Strategies.staticTraining())
                .optEpochs(1)
                .optBatchSize(2)
                .optSeed(7)
                .optCheckpoints(out.resolve("checkpoints"), 1)
                .optConfiguration(Map.of("note", "tiny"))
                .addListenerPerTraining(name -> {
                    synchronized (trainings) {
                        trainings.add(name);
                    }
                    return new TrainerListener() {
                        @Override
                        public void onEpochEnd(org.lifelongseg.core.train.EpochRecord record) {
                            epochs.incrementAndGet();
                        }
                    };
                })
                .optUnknownTaskRecognition(recognition)
                .build()
                .run();

        List<String> keys = List.of("ground", "things", "ground+things", "sky", "all");
        assertEquals(keys, run.taskKeys().keys());
        assertEquals(List.of("ground", "things", "sky"), run.taskNames());
        assertEquals(List.of("finetune", "fresh", "joint"), run.methods().stream().map(MethodResult::name).toList());
        assertEquals(List.of("stage1", "finetune", "fresh", "joint").stream().sorted().toList(),
                trainings.stream().sorted().toList());
        assertEquals(1 + 2 + 2 + 1, epochs.get(), "one epoch per training step");
        for (MethodResult m : run.methods()) {
            assertEquals(keys, List.copyOf(m.taskScores().keySet()), m.name());
            for (String k : keys) {
                double v = m.taskScore(k);
                assertTrue(v >= 0 && v <= 1, m.name() + " " + k + " = " + v);
            }
            AccuracyMatrix r = m.accuracyMatrix().orElseThrow();
            assertEquals(3, r.numTasks());
            for (int step = 1; step <= 3; step++) {
                for (int task = 1; task <= 3; task++) {
                    boolean seen = task <= step || m.name().equals("joint");
                    assertEquals(seen, !Double.isNaN(r.get(step, task)), m.name() + " R[" + step + "][" + task + "]");
                }
            }
            assertEquals(r.get(3, 3), m.taskScore("sky"), 0.0, "the last row of R holds the final task scores");
            assertEquals(3, m.stepScores().size(), m.name());
            assertEquals(6, m.classIoU().size(), m.name());
            assertTrue(m.confusions().containsKey("all"), m.name());
            assertFalse(m.samples().isEmpty(), m.name());
            assertTrue(m.samples().get(0).name().startsWith("v"), "samples are named by the evaluation image");
        }
        // stage 1 is shared: both methods start from the same model, so R[1] is the same row
        assertEquals(run.methods().get(0).accuracyMatrix().orElseThrow().get(1, 1),
                run.methods().get(1).accuracyMatrix().orElseThrow().get(1, 1), 0.0);
        assertEquals("tiny", run.configuration().get("note"));
        assertEquals(new TinyConvFactory().name(), run.configuration().get("model.model"), "the model's settings");
        assertEquals(List.of("uncertainty"), run.recognition().stream().map(r -> r.method()).toList());
        assertEquals(3, run.recognition().get(0).knownSamples());
        assertTrue(Files.isRegularFile(out.resolve("recognition/uncertainty/recognition.json")));
        try (Stream<Path> folders = Files.list(out.resolve("checkpoints"))) {
            assertEquals(List.of("finetune", "fresh", "joint", "stage1"), folders.map(p -> p.getFileName().toString())
                    .sorted().toList());
        }

        ReportFiles.writeAll(run, out);
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve(ReportFiles.JSON))).getAsJsonObject();
        JsonObject row = json.getAsJsonArray("rows").get(0).getAsJsonObject().getAsJsonObject("mIoU");
        assertEquals(keys, List.copyOf(row.keySet()));
        assertTrue(Files.readString(out.resolve(ReportFiles.CSV)).startsWith("model,ground,things,ground+things,sky,all"));
    }

    @Test
    void aSingleTaskIsStageOneForEveryMethodAndTwoTasksNeedNoJointBaseline() throws Exception {
        TaskSequence one = TaskSequence.builder()
                .addTask(Task.of("everything", List.of("a", "b", "c", "d", "e", "f"), ImageFilter.all()))
                .build();
        RunResults single = LifelongPipeline.builder().setData(data(), "stripes").setTasks(one)
                .setModel(new TinyConvFactory()).addMethod("finetune", Strategies.fineTuning())
                .optJointBaseline(false).optEpochs(1).optBatchSize(4).build().run();
        assertEquals(List.of("everything"), single.taskKeys().keys());
        MethodResult m = single.methods().get(0);
        assertEquals(1, single.methods().size());
        assertEquals(m.accuracyMatrix().orElseThrow().get(1, 1), m.taskScore("everything"), 0.0);

        TaskSequence numbered = TaskSequence.builder()
                .addTask(Task.of("task1", List.of("a", "b", "c"), ImageFilter.groups("t1", "t3")))
                .addTask(Task.of("task2", List.of("d", "e", "f"), ImageFilter.groups("t2")))
                .build();
        RunResults two = LifelongPipeline.builder().setData(data(), "stripes").setTasks(numbered)
                .setModel(new TinyConvFactory()).addMethod("finetune", Strategies.fineTuning())
                .optJointBaseline(false).optEpochs(1).optBatchSize(4).build().run();
        assertEquals(List.of("task1", "task2", "task12"), two.taskKeys().keys(), "numbered tasks keep numbered keys");
        assertFalse(Double.isNaN(two.methods().get(0).taskScore("task12")));
    }

    @Test
    void badSettingsAreRefusedBeforeAnyTraining() {
        LifelongPipeline.Builder b = LifelongPipeline.builder().setData(data(), "stripes").setTasks(split())
                .setModel(new TinyConvFactory());
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(e.getMessage().contains("addMethod"), e.getMessage());
        b.addMethod("finetune", Strategies.fineTuning());
        assertThrows(IllegalStateException.class, () -> b.addMethod("finetune", Strategies.joint()));
        assertThrows(IllegalArgumentException.class, () -> b.addMethod("joint", Strategies.joint()));
        assertThrows(IllegalArgumentException.class, () -> b.addMethod("a/b", Strategies.joint()));
        assertThrows(IllegalStateException.class, () -> b.optEpochs(1).optEpochs(2));
        b.optUnknownTaskRecognition(UnknownTaskRecognition.builder().setMethod("distill")
                .setKnownImages(List::of).setUnknownImages(k -> Map.of()).setOutputDirectory(root).build());
        e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(e.getMessage().contains("'distill'") && e.getMessage().contains("[finetune]"), e.getMessage());

        TaskSequence clash = TaskSequence.builder()
                .addTask(Task.of("all", List.of("a"), ImageFilter.all()))
                .addTask(Task.of("rest", List.of("b"), ImageFilter.all()))
                .build();
        assertThrows(IllegalArgumentException.class, () -> LifelongPipeline.builder().setData(data(), "s")
                .setTasks(clash).setModel(new TinyConvFactory()).addMethod("m", Strategies.fineTuning()).build());

        // a provider without evaluation data is refused by name before the first training
        e = assertThrows(IllegalStateException.class, () -> LifelongPipeline.builder()
                .setData(new TinyScenes(8, 8, 2, 0), "tiny").setTasks(TinyScenes.sequence())
                .setModel(new TinyConvFactory()).addMethod("m", Strategies.fineTuning()).optEpochs(1)
                .build().run());
        assertTrue(e.getMessage().contains("no evaluation data") && e.getMessage().contains("TinyScenes"),
                e.getMessage());
    }

    @Test
    void aFailingTrainingStopsTheOthersBeforeTheRunEnds() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LifelongPipeline.builder()
                .setData(data(), "stripes")
                .setTasks(split())
                .setModel(new TinyConvFactory())
                .addMethod("finetune", Strategies.fineTuning())
                .addMethod("fresh", Strategies.staticTraining())
                .optEpochs(40)
                .optBatchSize(1)
                .addListenerPerTraining(name -> new TrainerListener() {
                    @Override
                    public void onBatchEnd(org.lifelongseg.core.train.listen.BatchReport batch) {
                        if (name.equals("finetune")) {
                            throw new IllegalStateException("finetune gives up");
                        }
                    }
                })
                .build()
                .run());
        assertEquals("finetune gives up", e.getMessage());
        // the joint baseline (three times stage 1's images, started beside it) and 'fresh' were
        // still training when 'finetune' failed at its first batch; they must have stopped before
        // run() threw: they read stage 1's model, which run() closes, and the JVM may exit next
        List<String> alive = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("training-")).toList();
        assertEquals(List.of(), alive, "training threads still running after run() threw");
    }

    private static RgbImage gray(int w, int h) {
        byte[] p = new byte[w * h * 3];
        java.util.Arrays.fill(p, (byte) 128);
        return new RgbImage(w, h, p);
    }
}
