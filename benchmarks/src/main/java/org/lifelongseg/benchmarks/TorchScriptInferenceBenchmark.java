package org.lifelongseg.benchmarks;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.lifelongseg.erfnet.load.ErfNetModels;
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
 * The same ERFNet as {@link InferenceBenchmark} run as TorchScript on DJL's PyTorch engine (the
 * same natives as our block): {@code fp32} is the reference trace, {@code bf16} a trace with
 * bfloat16 weights and activations inside (float32 in and out) whose path is given by the system
 * property {@code lifelong.bf16Model} (written by {@code python/export_bf16.py}; DJL cannot hold
 * bfloat16 tensors in Java, see the README).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class TorchScriptInferenceBenchmark {

    /** {@code fp32} or {@code bf16}. */
    @Param({"fp32", "bf16"})
    public String precision;

    /** {@code NxHxW}. */
    @Param({"1x512x1024"})
    public String shape;

    private NDManager manager;
    private Model model;
    private ParameterStore parameters;
    private NDArray input;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path file = switch (precision) {
            case "fp32" -> BenchmarkData.require("reference/erfnet-random/erfnet20_seed0_traced.pt");
            case "bf16" -> bf16Model();
            default -> throw new IllegalArgumentException("precision must be fp32 or bf16: " + precision);
        };
        model = ErfNetModels.open(file, Device.cpu());
        manager = NDManager.newBaseManager();
        parameters = new ParameterStore(manager, false);
        input = manager.randomUniform(0f, 1f, BenchmarkData.imageShape(shape));
    }

    static Path bf16Model() {
        String p = System.getProperty("lifelong.bf16Model");
        if (p == null || p.isBlank() || !java.nio.file.Files.isRegularFile(Path.of(p))) {
            throw new IllegalStateException(
                    "system property lifelong.bf16Model must name the bfloat16 TorchScript written"
                            + " by benchmarks/python/export_bf16.py, got " + p);
        }
        return Path.of(p);
    }

    @TearDown(Level.Iteration)
    public void reportMemory() {
        NativeMemory.print("torchscript " + precision + " " + shape);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
        model.close();
    }

    /** One forward; returns the logits' class count (the logits themselves are freed). */
    @Benchmark
    public long forward() {
        try (NDManager call = manager.newSubManager()) {
            input.tempAttach(call);
            NDArray logits = model.getBlock().forward(parameters, new NDList(input), false).head();
            return logits.getShape().get(1);
        }
    }
}
