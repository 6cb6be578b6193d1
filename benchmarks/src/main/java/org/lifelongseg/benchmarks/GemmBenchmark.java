package org.lifelongseg.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.TimeUnit;
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
 * The machine's FP32 matrix-multiply floor with the same libtorch the network runs on: one square
 * {@code size x size} product per call, 2·size³ floating-point operations. GFLOP/s = 2·size³ /
 * (median seconds) / 1e9; {@code compare-with-pytorch.sh} prints it beside the network's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(1)
public class GemmBenchmark {

    /** Rows = columns = inner dimension. */
    @Param({"2048"})
    public int size;

    private NDManager manager;
    private NDArray a;
    private NDArray b;

    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager();
        a = manager.randomUniform(-1f, 1f, new Shape(size, size));
        b = manager.randomUniform(-1f, 1f, new Shape(size, size));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** One product; returns a value of it so the call is not optimized away. */
    @Benchmark
    public float multiply() {
        try (NDArray c = a.matMul(b)) {
            return c.getFloat(0, 0);
        }
    }
}
