package org.lifelongseg.benchmarks;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.modality.cv.output.CategoryMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.image.DecodedImage;
import org.lifelongseg.core.image.PngDecoder;
import org.lifelongseg.core.infer.ClassSubset;
import org.lifelongseg.core.infer.SegmentationTranslator;
import org.lifelongseg.core.infer.Segmenter;
import org.lifelongseg.core.metrics.ConfusionMatrix;
import org.lifelongseg.erfnet.load.ErfNetModels;

/**
 * Compares two models of the same network end to end through {@link Segmenter} on the real
 * frames of {@code data/cityscapes-mini}: mean IoU over the 19 Cityscapes classes of each, their
 * difference, and the median time of a full {@code segment(Path)} call (decode, resize to
 * 1024x512, forward, argmax, nearest upsampling to 2048x1024).
 *
 * <pre>
 * java -cp benchmarks.jar org.lifelongseg.benchmarks.PrecisionCheck REFERENCE CANDIDATE [ROUNDS]
 * </pre>
 *
 * <p>Each model is any file {@link ErfNetModels#open} accepts (checkpoint or TorchScript), e.g.
 * the trained ERFNet's npz (our FP32 block) and its bfloat16 TorchScript. Prints a
 * human-readable summary and a final line {@code precision_check ref_miou=.. cand_miou=..
 * delta_points=.. ref_ms=.. cand_ms=.. speedup=..}.
 */
public final class PrecisionCheck {

    private static final int CLASSES = 19;

    private PrecisionCheck() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: PrecisionCheck REFERENCE_MODEL CANDIDATE_MODEL [ROUNDS]");
            System.exit(2);
        }
        int rounds = args.length == 3 ? Integer.parseInt(args[2]) : 2;
        List<Path> frames = frames();
        Result ref = evaluate(Path.of(args[0]), frames, rounds);
        Result cand = evaluate(Path.of(args[1]), frames, rounds);
        System.out.printf(Locale.ROOT, "reference %s: mIoU %.2f %%, %.1f ms per frame%n",
                args[0], 100 * ref.miou, ref.medianMs);
        System.out.printf(Locale.ROOT, "candidate %s: mIoU %.2f %%, %.1f ms per frame%n",
                args[1], 100 * cand.miou, cand.medianMs);
        System.out.printf(Locale.ROOT, "pixels with a different class: %.3f %%%n",
                100.0 * Result.differing(ref, cand) / ref.pixels);
        System.out.printf(Locale.ROOT,
                "precision_check frames=%d ref_miou=%.4f cand_miou=%.4f delta_points=%.3f"
                        + " ref_ms=%.1f cand_ms=%.1f speedup=%.3f%n",
                frames.size(), 100 * ref.miou, 100 * cand.miou, 100 * (cand.miou - ref.miou),
                ref.medianMs, cand.medianMs, ref.medianMs / cand.medianMs);
    }

    private static List<Path> frames() throws IOException {
        Path dir = BenchmarkData.require("data/cityscapes-mini/leftImg8bit");
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> frames = s.filter(p -> p.toString().endsWith("_leftImg8bit.png")).sorted().toList();
            if (frames.isEmpty()) {
                throw new IllegalStateException("no *_leftImg8bit.png under " + dir);
            }
            return frames;
        }
    }

    private static Path groundTruth(Path image) {
        // .../leftImg8bit/<split>/<city>/<frame>_leftImg8bit.png -> .../gtFine/<split>/<city>/<frame>_gtFine_labelIds.png
        Path city = image.getParent();
        Path split = city.getParent();
        Path root = split.getParent().getParent();
        String frame = image.getFileName().toString().replace("_leftImg8bit.png", "");
        return root.resolve("gtFine").resolve(split.getFileName()).resolve(city.getFileName())
                .resolve(frame + "_gtFine_labelIds.png");
    }

    private record Result(double miou, double medianMs, List<byte[]> predictions, long pixels) {
        static long differing(Result a, Result b) {
            long n = 0;
            for (int f = 0; f < a.predictions.size(); f++) {
                byte[] x = a.predictions.get(f);
                byte[] y = b.predictions.get(f);
                for (int i = 0; i < x.length; i++) {
                    n += x[i] != y[i] ? 1 : 0;
                }
            }
            return n;
        }
    }

    private static Result evaluate(Path modelFile, List<Path> frames, int rounds) throws IOException {
        List<String> names = new ArrayList<>(CityscapesLabels.trainClassNames());
        names.add("void");
        byte[] toTrainId = CityscapesLabels.labelIdToTrainIdTable();
        ConfusionMatrix matrix = new ConfusionMatrix(CLASSES);
        List<byte[]> predictions = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        long pixels = 0;
        try (Model model = ErfNetModels.open(modelFile, Device.cpu());
                Segmenter segmenter = Segmenter.builder()
                .setModel(model)
                .optTranslator(SegmentationTranslator.builder()
                        .optClassNames(names)
                        .optInputSize(1024, 512)
                        .optClassSubset(ClassSubset.range(0, CLASSES))
                        .build())
                .build()) {
            segmenter.segment(frames.get(0)); // warm-up for the input shape
            for (int round = 0; round < rounds; round++) {
                for (Path frame : frames) {
                    long t0 = System.nanoTime();
                    CategoryMask mask = segmenter.segment(frame);
                    times.add((System.nanoTime() - t0) / 1e6);
                    if (round > 0) {
                        continue;
                    }
                    DecodedImage ids = PngDecoder.fastest().decodeGray(groundTruth(frame));
                    int[][] rows = mask.getMask();
                    byte[] pred = new byte[ids.width() * ids.height()];
                    byte[] gt = new byte[pred.length];
                    for (int y = 0; y < ids.height(); y++) {
                        for (int x = 0; x < ids.width(); x++) {
                            int i = y * ids.width() + x;
                            pred[i] = (byte) rows[y][x];
                            gt[i] = toTrainId[ids.pixels()[i] & 0xFF];
                        }
                    }
                    matrix.update(gt, pred);
                    predictions.add(pred);
                    pixels += pred.length;
                }
            }
        }
        double[] t = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
        double miou = matrix.metrics(names.subList(0, CLASSES)).meanIoU();
        return new Result(miou, median, predictions, pixels);
    }

}
