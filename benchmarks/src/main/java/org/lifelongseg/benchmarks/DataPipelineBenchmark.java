package org.lifelongseg.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.data.PreparedSample;
import org.lifelongseg.core.data.transform.TrainingTransform;
import org.lifelongseg.core.data.transform.TransformSettings;
import org.lifelongseg.core.image.DecodedImage;
import org.lifelongseg.core.image.PngDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The training data pipeline for one real 2048x1024 Cityscapes frame on one thread: decode the RGB
 * PNG and the labelIds PNG ({@link PngDecoder#fastest()}), then the reference training
 * augmentation ({@link TrainingTransform}: flip, resize to 1024x512, random downscale, 192x640
 * crop, colour jitter, normalization to float CHW, label mapping).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class DataPipelineBenchmark {

    private Path image;
    private Path labels;
    private byte[] labelTable;
    private TrainingTransform transform;
    private Random rng;

    @Setup(Level.Trial)
    public void setUp() {
        image = BenchmarkData.frameImage();
        labels = BenchmarkData.frameLabels();
        labelTable = CityscapesLabels.labelIdToTrainIdTable();
        transform = new TrainingTransform(TransformSettings.reference());
        rng = new Random(0);
    }

    /** Decode + augment one frame. */
    @Benchmark
    public PreparedSample decodeAndAugment() throws IOException {
        PngDecoder decoder = PngDecoder.fastest();
        DecodedImage rgb = decoder.decodeRgb(image);
        DecodedImage ids = decoder.decodeGray(labels);
        LabeledImage img = new LabeledImage(BenchmarkData.FRAME, rgb.width(), rgb.height(),
                rgb.pixels(), ids.pixels());
        return transform.apply(img, labelTable, rng);
    }
}
