package org.lifelongseg.erfnet.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lifelongseg.core.testing.SharedTestData;

class KlingnerDistillationLossTest {

    private static final String GOLDEN = "reference/losses/klingner_loss_golden.npz";

    private static NDArray entry(NDList npz, String name) {
        NDArray array = npz.get(name);
        if (array == null) {
            throw new IllegalStateException(GOLDEN + " has no entry " + name);
        }
        return array;
    }

    /** Parity with the reference implementation's loss, in float32, for the four golden cases. */
    @ParameterizedTest
    @ValueSource(strings = {"stage2_T1_gs1", "stage3_T1_gs1", "stage2_T2_gs0", "stage2_T3_gs2"})
    void matchesReferenceGolden(String name) throws IOException {
        Path golden = SharedTestData.require(GOLDEN);
        try (NDManager manager = NDManager.newBaseManager();
                InputStream in = Files.newInputStream(golden)) {
            NDList npz = NDList.decode(manager, in);
            NDArray student = entry(npz, name + ".student_logits");
            NDArray teacher = entry(npz, name + ".teacher_logits");
            NDArray labels = entry(npz, name + ".labels");
            double[] params = entry(npz, name + ".params").toDoubleArray();
            double ceExpected = entry(npz, name + ".ce_loss").getDouble();
            double kdExpected = entry(npz, name + ".kd_loss").getDouble();
            double totalExpected = entry(npz, name + ".total_loss").getDouble();
            float[] gradExpected = entry(npz, name + ".grad_student_logits").toFloatArray();
            assertEquals(DataType.FLOAT32, student.getDataType());
            assertEquals((long) params[0], teacher.getShape().get(1), "n_old");
            assertEquals((long) (params[0] + params[1]), student.getShape().get(1), "C");

            KlingnerDistillationLoss loss = KlingnerDistillationLoss.builder()
                    .optTemperature(params[2])
                    .optEntropyWeight(params[3])
                    .build();
            student.setRequiresGradient(true);
            double ce;
            double kd;
            double total;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector();
                    KlingnerDistillationLoss.Components parts =
                            loss.components(student, teacher, labels)) {
                ce = parts.crossEntropy().getFloat();
                kd = parts.distillation().getFloat();
                total = parts.total().getFloat();
                gc.backward(parts.total());
            }
            float[] grad = student.getGradient().toFloatArray();
            double maxAbs = 0;
            double maxErr = 0;
            for (int i = 0; i < grad.length; i++) {
                maxAbs = Math.max(maxAbs, Math.abs(gradExpected[i]));
                maxErr = Math.max(maxErr, Math.abs(grad[i] - gradExpected[i]));
            }
            double ceRel = Math.abs(ce - ceExpected) / Math.abs(ceExpected);
            double kdRel = Math.abs(kd - kdExpected) / Math.abs(kdExpected);
            double totalRel = Math.abs(total - totalExpected) / Math.abs(totalExpected);
            System.out.printf(
                    "PARITY %s float32: ce rel %.3e, kd rel %.3e, total rel %.3e,"
                            + " grad max err %.3e / max |grad| %.3e = %.3e%n",
                    name, ceRel, kdRel, totalRel, maxErr, maxAbs, maxErr / maxAbs);
            assertTrue(ceRel < 1e-5, "CE relative error " + ceRel);
            assertTrue(kdRel < 1e-5, "KD relative error " + kdRel);
            assertTrue(totalRel < 1e-5, "total relative error " + totalRel);
            assertTrue(maxErr < 1e-4 * maxAbs, "gradient error " + maxErr + " vs max " + maxAbs);

            // The same value through DJL's Loss interface.
            NDArray viaLoss = loss.evaluate(new NDList(labels, teacher), new NDList(student));
            assertEquals(total, viaLoss.getFloat(), 1e-6 * total);
        }
    }

    @Test
    void noGradientReachesTheTeacherAndSaturatedTeacherGivesNoNaN() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Teacher with a probability that underflows to exactly 0 in float32.
            NDArray teacher = manager.create(
                    new float[] {1000f, -1000f, 0f, 0f, -1000f, 1000f, 3f, 3f}, new Shape(1, 2, 2, 2));
            NDArray student = manager.randomNormal(new Shape(1, 4, 2, 2));
            NDArray labels = manager.create(new int[] {255, 3, 255, 2}, new Shape(1, 2, 2));
            teacher.setRequiresGradient(true);
            student.setRequiresGradient(true);
            KlingnerDistillationLoss loss = KlingnerDistillationLoss.builder().build();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray total = loss.evaluate(new NDList(labels, teacher), new NDList(student));
                assertFalse(Float.isNaN(total.getFloat()), "loss is NaN");
                gc.backward(total);
            }
            assertEquals(0f, teacher.getGradient().abs().sum().getFloat(), "teacher gradient");
            assertTrue(student.getGradient().abs().sum().getFloat() > 0, "student gradient");
            assertFalse(student.getGradient().isNaN().any().getBoolean(), "NaN student gradient");
        }
    }

    @Test
    void allLabelledGivesZeroDistillationAndNoneLabelledZeroCrossEntropy() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray student = manager.randomNormal(new Shape(2, 5, 3, 3));
            NDArray teacher = manager.randomNormal(new Shape(2, 3, 3, 3));
            KlingnerDistillationLoss loss = KlingnerDistillationLoss.builder().build();
            try (KlingnerDistillationLoss.Components parts =
                    loss.components(student, teacher, manager.full(new Shape(2, 3, 3), 4))) {
                assertEquals(0f, parts.distillation().getFloat(), 0f);
                assertTrue(parts.crossEntropy().getFloat() > 0);
            }
            try (KlingnerDistillationLoss.Components parts =
                    loss.components(student, teacher, manager.full(new Shape(2, 3, 3), 255))) {
                assertEquals(0f, parts.crossEntropy().getFloat(), 0f);
                assertTrue(parts.distillation().getFloat() > 0);
                assertEquals(parts.distillation().getFloat(), parts.total().getFloat());
            }
        }
    }

    @Test
    void rejectsOldClassLabelsAndBadShapes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray student = manager.randomNormal(new Shape(1, 5, 2, 2));
            NDArray teacher = manager.randomNormal(new Shape(1, 3, 2, 2));
            KlingnerDistillationLoss loss = KlingnerDistillationLoss.builder().build();
            NDArray oldLabel = manager.create(new int[] {255, 2, 3, 4}, new Shape(1, 2, 2));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> loss.components(student, teacher, oldLabel));
            assertTrue(e.getMessage().contains("[3, 5)"), e.getMessage());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> loss.components(student, manager.randomNormal(new Shape(1, 5, 2, 2)),
                            manager.full(new Shape(1, 2, 2), 255)));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> loss.evaluate(new NDList(oldLabel), new NDList(student)));
            assertThrows(IllegalStateException.class,
                    () -> KlingnerDistillationLoss.builder().optTemperature(2).optTemperature(3));
            assertThrows(IllegalArgumentException.class,
                    () -> KlingnerDistillationLoss.builder().optTemperature(0));
        }
    }

    @Test
    void leavesOnlyTheComponentsInTheCallersManager() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray student = manager.randomNormal(new Shape(1, 5, 4, 4));
            NDArray teacher = manager.randomNormal(new Shape(1, 3, 4, 4));
            NDArray labels = manager.full(new Shape(1, 4, 4), 255);
            int before = manager.getManagedArrays().size();
            KlingnerDistillationLoss loss = KlingnerDistillationLoss.builder().build();
            try (KlingnerDistillationLoss.Components parts =
                    loss.components(student, teacher, labels)) {
                assertEquals(before + 3, manager.getManagedArrays().size());
                assertTrue(manager.getManagedArrays().contains(parts.total()));
            }
            NDArray total = loss.evaluate(new NDList(labels, teacher), new NDList(student));
            assertEquals(before + 1, manager.getManagedArrays().size());
            total.close();
        }
    }
}
