package org.lifelongseg.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
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
 * ERFNet FP32 inference: one forward of the DJL block (20 classes, fixed random weights) on an
 * {@code (N, 3, H, W)} input, eval mode. The input is created once per shape (a fork per shape,
 * its own warm-up); each call runs in its own sub-manager that frees every intermediate.
 *
 * <p>The native resident set size is printed after every iteration (it must stay flat); run with
 * {@code -prof gc} for the Java heap allocation per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class InferenceBenchmark {

    /** {@code NxHxW}. */
    @Param({"1x512x1024", "1x256x512", "6x192x640"})
    public String shape;

    private NDManager manager;
    private ErfNet net;
    private ParameterStore parameters;
    private NDArray input;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        manager = NDManager.newBaseManager();
        net = BenchmarkData.erfNet(20, BenchmarkData.RANDOM_WEIGHTS, manager);
        parameters = new ParameterStore(manager, false);
        Shape s = BenchmarkData.imageShape(shape);
        input = manager.randomUniform(0f, 1f, s);
    }

    @TearDown(Level.Iteration)
    public void reportMemory() {
        NativeMemory.print("inference " + shape);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** One forward; returns the logits' class count (the logits themselves are freed). */
    @Benchmark
    public long forward() {
        try (NDManager call = manager.newSubManager()) {
            input.tempAttach(call);
            NDArray logits = net.forward(parameters, new NDList(input), false).head();
            return logits.getShape().get(1);
        }
    }
}
