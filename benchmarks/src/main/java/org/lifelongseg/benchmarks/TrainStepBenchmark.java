package org.lifelongseg.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.lifelongseg.core.train.loss.MaskedCrossEntropyLoss;
import org.lifelongseg.core.train.optim.TorchAdam;
import org.lifelongseg.erfnet.distill.KlingnerDistillationLoss;
import org.lifelongseg.erfnet.model.ErfNet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One ERFNet training step through DJL's {@link Trainer}: training-mode forward (batch statistics,
 * channel dropout), loss, backward and a {@link TorchAdam} update (lr 5e-4, weight decay 3e-4) of
 * every parameter.
 *
 * <ul>
 *   <li>{@code static}: the 20-class student with {@link MaskedCrossEntropyLoss} on labels in
 *       [0, 20) with ~10 % unlabelled (255) pixels;
 *   <li>{@code distill}: additionally the 11-class teacher's eval-mode forward (no autograd) and
 *       the {@link KlingnerDistillationLoss} (labels in [11, 20) on half of the pixels, the rest
 *       unlabelled and distilled).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 6)
@Fork(1)
public class TrainStepBenchmark {

    private static final int CLASSES = 20;
    private static final int OLD_CLASSES = 11;

    /** {@code static} or {@code distill}. */
    @Param({"static", "distill"})
    public String mode;

    /** {@code NxHxW}. */
    @Param({"6x192x640"})
    public String shape;

    private Model model;
    private Trainer trainer;
    private TorchAdam adam;
    private NDManager data;
    private ErfNet teacher;
    private ParameterStore teacherParameters;
    private NDArray images;
    private NDArray labels;
    private KlingnerDistillationLoss distillation;
    private boolean distill;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        distill = switch (mode) {
            case "static" -> false;
            case "distill" -> true;
            default -> throw new IllegalArgumentException("mode must be static or distill, got " + mode);
        };
        Engine.getInstance().setRandomSeed(0);
        Shape s = BenchmarkData.imageShape(shape);
        model = Model.newInstance("erfnet-student");
        ErfNet student = BenchmarkData.erfNet(CLASSES, BenchmarkData.RANDOM_WEIGHTS, model.getNDManager());
        model.setBlock(student);
        adam = TorchAdam.builder().build();
        distillation = KlingnerDistillationLoss.builder().build();
        trainer = model.newTrainer(
                new DefaultTrainingConfig(new MaskedCrossEntropyLoss()).optOptimizer(adam));
        trainer.initialize(s);

        data = NDManager.newBaseManager();
        images = data.randomUniform(0f, 1f, s);
        Shape labelShape = new Shape(s.get(0), s.get(2), s.get(3));
        NDArray u = data.randomUniform(0f, 1f, labelShape);
        if (distill) {
            teacher = BenchmarkData.erfNet(OLD_CLASSES, BenchmarkData.RANDOM_WEIGHTS, data);
            teacherParameters = new ParameterStore(data, false);
            // new classes on half of the pixels, the rest unlabelled (distilled)
            NDArray cls = data.randomInteger(OLD_CLASSES, CLASSES, labelShape, DataType.INT32);
            labels = cls.mul(u.lt(0.5f).toType(DataType.INT32, false))
                    .add(u.gte(0.5f).toType(DataType.INT32, false).mul(255))
                    .toType(DataType.UINT8, false);
        } else {
            NDArray cls = data.randomInteger(0, CLASSES, labelShape, DataType.INT32);
            labels = cls.mul(u.lt(0.9f).toType(DataType.INT32, false))
                    .add(u.gte(0.9f).toType(DataType.INT32, false).mul(255))
                    .toType(DataType.UINT8, false);
        }
    }

    @TearDown(Level.Iteration)
    public void reportMemory() {
        NativeMemory.print("train " + mode + " " + shape);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        trainer.close();
        adam.close();
        model.close();
        data.close();
    }

    /** One step; returns the loss. */
    @Benchmark
    public float step() {
        try (NDManager batch = trainer.getManager().newSubManager()) {
            images.tempAttach(batch);
            labels.tempAttach(batch);
            NDArray teacherLogits = null;
            if (distill) {
                teacherLogits = teacher.forward(teacherParameters, new NDList(images), false).head();
            }
            float loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(images)).head();
                NDArray total = distill
                        ? distillation.components(logits, teacherLogits, labels).total()
                        : MaskedCrossEntropyLoss.compute(logits, labels);
                collector.backward(total);
                loss = total.getFloat();
            }
            trainer.step();
            return loss;
        }
    }
}
