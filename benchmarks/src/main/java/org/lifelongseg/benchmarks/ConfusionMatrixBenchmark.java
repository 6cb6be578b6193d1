package org.lifelongseg.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.engine.NativeArrays;
import org.lifelongseg.core.image.DecodedImage;
import org.lifelongseg.core.image.PngDecoder;
import org.lifelongseg.core.metrics.ConfusionMatrix;
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
 * Confusion-matrix update (19 classes + ignore) for one 2048x1024 frame: the real frame's trainId
 * ground truth against a prediction that agrees on ~80 % of the pixels.
 *
 * <ul>
 *   <li>{@code BYTES}: {@code update(byte[], byte[])} on Java arrays;
 *   <li>{@code HOST}: {@code update(NDArray, NDArray, Counting.HOST)} (codes computed natively,
 *       counted in Java);
 *   <li>{@code DEVICE}: {@code update(NDArray, NDArray, Counting.DEVICE)} (counted natively).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConfusionMatrixBenchmark {

    private static final int CLASSES = 19;

    /** {@code BYTES}, {@code HOST} or {@code DEVICE}. */
    @Param({"BYTES", "HOST", "DEVICE"})
    public String path;

    private byte[] gt;
    private byte[] pred;
    private NDManager manager;
    private NDArray gtArray;
    private NDArray predArray;
    private ConfusionMatrix matrix;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        DecodedImage ids = PngDecoder.fastest().decodeGray(BenchmarkData.frameLabels());
        byte[] table = CityscapesLabels.labelIdToTrainIdTable();
        gt = new byte[ids.pixels().length];
        pred = new byte[gt.length];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(0);
        for (int i = 0; i < gt.length; i++) {
            gt[i] = table[ids.pixels()[i] & 0xFF];
            int g = gt[i] & 0xFF;
            pred[i] = (byte) (g < CLASSES && rng.nextInt(5) != 0 ? g : rng.nextInt(CLASSES));
        }
        manager = NDManager.newBaseManager();
        Shape s = new Shape(ids.height(), ids.width());
        gtArray = NativeArrays.of(manager, java.nio.ByteBuffer.wrap(gt), s, ai.djl.ndarray.types.DataType.UINT8);
        predArray = NativeArrays.of(manager, java.nio.ByteBuffer.wrap(pred), s, ai.djl.ndarray.types.DataType.UINT8);
        matrix = new ConfusionMatrix(CLASSES);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** One frame; returns the running pixel total. */
    @Benchmark
    public long update() {
        switch (path) {
            case "BYTES" -> matrix.update(gt, pred);
            case "HOST" -> matrix.update(gtArray, predArray, ConfusionMatrix.Counting.HOST);
            case "DEVICE" -> matrix.update(gtArray, predArray, ConfusionMatrix.Counting.DEVICE);
            default -> throw new IllegalArgumentException("path must be BYTES, HOST or DEVICE: " + path);
        }
        return matrix.total();
    }
}
