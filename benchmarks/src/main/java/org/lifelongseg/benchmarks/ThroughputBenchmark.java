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
 * Offline-evaluation throughput at the protocol's 512x1024 input: forwards of {@code batch}
 * images from as many Java threads as JMH's {@code -t} gives (one shared network, one input per
 * thread). The score is batches per second summed over the threads; images/s = score x batch.
 * Run with {@code -t 2} and {@code OMP_NUM_THREADS=1} (one intra-op thread per Java thread) to
 * compare against {@code -t 1} with two intra-op threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 6)
@Measurement(iterations = 3, time = 8)
@Fork(1)
public class ThroughputBenchmark {

    /** Images per forward. */
    @Param({"1", "2", "4"})
    public int batch;

    private NDManager manager;
    private ErfNet net;

    /** One input per Java thread. */
    @State(Scope.Thread)
    public static class Input {
        private NDManager manager;
        private ParameterStore parameters;
        private NDArray images;

        @Setup(Level.Trial)
        public void setUp(ThroughputBenchmark bench) {
            manager = NDManager.newBaseManager();
            parameters = new ParameterStore(manager, false); // not thread-safe: one per thread
            images = manager.randomUniform(0f, 1f, new Shape(bench.batch, 3, 512, 1024));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            manager.close();
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        manager = NDManager.newBaseManager();
        net = BenchmarkData.erfNet(20, BenchmarkData.RANDOM_WEIGHTS, manager);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** One batch; returns the logits' class count. */
    @Benchmark
    public long forwardBatch(Input in) {
        try (NDManager call = in.manager.newSubManager()) {
            in.images.tempAttach(call);
            NDArray logits = net.forward(in.parameters, new NDList(in.images), false).head();
            return logits.getShape().get(1);
        }
    }
}
