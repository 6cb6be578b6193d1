package org.lifelongseg.cityscapes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lifelongseg.cityscapes.data.CityscapesDataset;
import org.lifelongseg.cityscapes.data.CityscapesProtocol;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.data.SegmentationDataset;
import org.lifelongseg.core.data.transform.SegmentationTransform;
import org.lifelongseg.core.data.transform.TransformSettings;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.metrics.TaskEvaluator;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.testing.SharedTestData;
import org.lifelongseg.core.train.EpochRecord;
import org.lifelongseg.core.train.LifelongTrainer;
import org.lifelongseg.core.train.StepResult;
import org.lifelongseg.core.train.Teacher;
import org.lifelongseg.core.train.Teachers;
import org.lifelongseg.erfnet.distill.KlingnerDistillationLoss;
import org.lifelongseg.erfnet.train.ErfNetFactory;
import org.lifelongseg.erfnet.train.ErfNetTeachers;
import org.lifelongseg.erfnet.train.KlingnerDistillation;

/**
 * Stage 2 with a real teacher: the Cityscapes-trained ENet (TorchScript, standard trainId order +
 * void), restricted by class name to task 1's classes, distilled into an 11-class ERFNet trained
 * on task 2's labels of the 8 real train frames. A short run must lower the KD loss and raise the
 * student's agreement with the teacher on task-1 pixels.
 *
 * <p>Tagged slow (minutes on a loaded 2-core machine); run it with {@code mvn -pl
 * lifelong-cityscapes -am test -Dtest=EnetTeacherDistillationTest -DexcludedGroups=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@org.junit.jupiter.api.Tag("slow")
class EnetTeacherDistillationTest {

    static final TransformSettings SETTINGS = TransformSettings.builder()
            .optResize(512, 256)
            .optMaxDownscale(1.25)
            .optCrop(256, 128)
            .optNormalization(Normalization.NONE)   // the ENet expects RGB/255
            .optEvalResizeLabels(true)
            .build();

    static TaskSequence sequence() {
        return TaskSequence.builder()
                .addTask(Task.of("task1", CityscapesProtocol.taskClasses(1), ImageFilter.all()))
                .addTask(Task.of("task2", CityscapesProtocol.taskClasses(2), ImageFilter.all()))
                .build();
    }

    static List<String> enetClasses() {
        List<String> names = new ArrayList<>(CityscapesLabels.trainClassNames());
        names.add("void");
        return names;
    }

    /** KD loss and task-1 agreement of a student on the evaluation frames. */
    static double[] measure(Block student, Teacher teacher, SegmentationDataset eval) {
        KlingnerDistillationLoss kd = KlingnerDistillationLoss.builder().build();
        long agree = 0;
        long teacherRight = 0;
        long studentRight = 0;
        long pixels = 0;
        double kdSum = 0;
        int batches = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (Batch b : eval.getData(m, 0)) {
                try (b) {
                    NDArray x = b.getData().head();
                    NDArray labels = b.getLabels().head();   // 0..10, 255
                    NDArray t = teacher.logits(x);           // 5 task-1 channels, by name
                    NDArray z = student.forward(new ParameterStore(b.getManager(), false), new NDList(x), false).head();
                    // KD on the pixels not labelled with task-2 classes, as in training
                    NDArray task2Labels = labels.gte(5).mul(labels).add(labels.lt(5).mul(255));
                    try (KlingnerDistillationLoss.Components c = kd.components(z, t, task2Labels)) {
                        kdSum += c.distillation().getFloat();
                    }
                    batches++;
                    NDArray task1 = labels.lt(5);
                    NDArray same = TaskEvaluator.restrictedArgmax(z, 0, 1, 2, 3, 4).eq(t.argMax(1)).logicalAnd(task1);
                    agree += same.sum().getLong();
                    teacherRight += t.argMax(1).eq(labels.toType(ai.djl.ndarray.types.DataType.INT64, false))
                            .logicalAnd(task1).sum().getLong();
                    studentRight += TaskEvaluator.restrictedArgmax(z, 0, 1, 2, 3, 4)
                            .eq(labels.toType(ai.djl.ndarray.types.DataType.INT64, false))
                            .logicalAnd(task1).sum().getLong();
                    pixels += task1.sum().getLong();
                }
            }
        }
        return new double[] {kdSum / batches, (double) agree / pixels,
            (double) teacherRight / pixels, (double) studentRight / pixels};
    }

    @Test
    void distillingTheRealEnetLowersKdAndRaisesAgreement() throws IOException {
        Path root = SharedTestData.require("data/cityscapes-mini");
        Path enet = SharedTestData.require("reference/enet-cityscapes/enet20_traced.pt");
        TaskSequence seq = sequence();
        CityscapesTaskData data = CityscapesTaskData.builder().setRoot(root).optTransform(SETTINGS)
                .optNoValidation().build();
        SegmentationDataset eval = CityscapesDataset.builder().optRoot(root).setSplit("train")
                .optLabels(seq.classSpaceAfter(1), seq.classSpaceAfter(1).names())
                .optTransform(SegmentationTransform.evaluation(SETTINGS))
                .setSampling(4, false, false).build();
        // as the reference starts from a pretrained encoder (ImageNet there), the student's encoder
        // comes from an ERFNet trained on these frames; its decoder and head are fresh
        ErfNetFactory factory = ErfNetFactory.builder().optPretrainedEncoder(
                SharedTestData.require("reference/erfnet-trained/erfnet20_selftrained_8frames.pth")).build();
        long start = System.nanoTime();
        try (Teacher enetAll = ErfNetTeachers.fromTorchScript(enet, enetClasses(), Device.cpu())) {
            Teacher teacher = Teachers.selecting(enetAll, seq.oldClasses(1));
            double[] before;
            try (ai.djl.Model fresh = ai.djl.Model.newInstance("fresh")) {
                Block b = factory.newBlock(seq.classSpaceAfter(1));
                fresh.setBlock(b);
                ai.djl.engine.Engine.getInstance().setRandomSeed(1);
                factory.initialize(b, fresh.getNDManager());
                before = measure(b, teacher, eval);
            }
            try (StepResult s = LifelongTrainer.forTasks(seq).model(factory).data(data)
                    .strategy(KlingnerDistillation.builder().build())
                    .withTeacher(enetAll)
                    .epochs(30).batchSize(4).seed(7)   // reference optimizer: Adam 5e-4, poly 0.9
                    .trainStep(1)) {
                double[] after = measure(s.block(), teacher, eval);
                List<EpochRecord> e = s.epochs();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(java.util.Locale.ROOT,
                        "ENet teacher (task-1 pixel accuracy %.4f) -> ERFNet student (accuracy %.4f -> %.4f):"
                                + " eval KD %.4f -> %.4f, task-1 agreement %.4f -> %.4f;"
                                + " training KD epoch 1 %.4f -> epoch %d %.4f, CE %.4f -> %.4f; %.0f s%n",
                        before[2], before[3], after[3], before[0], after[0], before[1], after[1], e.get(0).losses().get("kd"), e.size(),
                        e.get(e.size() - 1).losses().get("kd"), e.get(0).losses().get("ce"),
                        e.get(e.size() - 1).losses().get("ce"), seconds);
                assertEquals(11, s.classSpace().size());
                assertTrue(after[0] < before[0], "KD loss " + before[0] + " -> " + after[0]);
                assertTrue(after[1] > before[1] + 0.02, "agreement " + before[1] + " -> " + after[1]);
                assertTrue(e.get(e.size() - 1).losses().get("kd") < e.get(0).losses().get("kd"));
            }
        }
    }
}
