package org.lifelongseg.examples.cli;

import ai.djl.Device;
import ai.djl.Model;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.checkpoint.AtomicFiles;
import org.lifelongseg.core.checkpoint.Provenance;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.InvalidImageException;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.infer.InputSpec;
import org.lifelongseg.core.recognize.CalibratedRecognizer;
import org.lifelongseg.core.recognize.Calibration;
import org.lifelongseg.core.recognize.KnownnessScorer;
import org.lifelongseg.core.recognize.RecognitionPipeline;
import org.lifelongseg.core.recognize.RecognitionRound;
import org.lifelongseg.core.recognize.SegmentationConfidenceScorer;
import org.lifelongseg.erfnet.load.ErfNetModels;
import org.lifelongseg.erfnet.model.ErfNet;
import org.lifelongseg.erfnet.recognize.ProserRecognizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lifelong recognize}: unknown-task recognition of a folder of images, as Ianvs' {@code
 * unseen_sample_recognition}: seen images (a known task) are listed in {@code seen.txt}, unseen
 * ones in {@code unseen.txt} and copied to {@code unseen/}, and {@code recognition.json} holds the
 * per-image scores, the threshold, the method and Ianvs' {@code samples_transfer_ratio}.
 */
@Command(
        name = "recognize",
        mixinStandardHelpOptions = true,
        description = {
            "Split images into seen (known tasks) and unseen (unknown tasks); writes seen.txt,"
                    + " unseen.txt, unseen/ and recognition.json (per-image scores, threshold, method,"
                    + " samples_transfer_ratio = unseen / (inferred + 1), provenance) in --output.",
            "",
            "--method uncertainty (default, training-free): the score is the saved segmentation"
                    + " model's mean max-softmax over the pixels (--load-model-name, --weights-epoch).",
            "--method placeholder: PROSER (Zhou et al., CVPR 2021), an image-level classifier of the"
                    + " known scene kinds with a placeholder class; the score is the best known logit"
                    + " minus the placeholder logit. Give a saved classifier (--recognizer DIR) or"
                    + " train one (--train-known DIR DIR...: one folder of images per known kind,"
                    + " named after the folder; --save-recognizer DIR keeps it).",
            "",
            "Threshold (seen iff score >= threshold): --calibrate-on DIR fits it on known images"
                    + " so that --target-tpr of them are seen; --calibration FILE reuses a saved one"
                    + " (refused if made for another model or class space). Without either, the"
                    + " uncalibrated default: 0.5 for uncertainty (the average pixel's winning class"
                    + " has at least half the probability), 0 for placeholder (unknown when the"
                    + " placeholder logit wins, the paper's rule without bias)."
        })
final class RecognizeCommand implements Callable<Integer> {

    @Mixin IntegrityOption integrity;

    /** Threshold of the uncertainty method when nothing is calibrated. */
    static final double DEFAULT_UNCERTAINTY_THRESHOLD = 0.5;

    /** Threshold of the placeholder method when nothing is calibrated. */
    static final double DEFAULT_PLACEHOLDER_THRESHOLD = 0;

    @Option(names = "--images", required = true, paramLabel = "DIR",
            description = "The images to recognize (.png, .jpg, .jpeg directly in DIR).")
    Path images;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "Output folder: new, empty or an earlier recognize output (replaced as a whole; any other folder is refused).")
    Path output;

    @Option(names = "--method", defaultValue = "uncertainty", paramLabel = "uncertainty|placeholder",
            description = "Recognizer (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--load-model-name", paramLabel = "NAME",
            description = "Segmentation model folder under the checkpoint root (uncertainty method).")
    String modelName;

    @Option(names = "--weights-epoch", paramLabel = "E",
            description = "Epoch of the checkpoint (0-based: weights_E).")
    Integer weightsEpoch;

    @Option(names = "--checkpoint-root", defaultValue = "checkpoints", paramLabel = "DIR",
            description = "Root of the model folders (default: ${DEFAULT-VALUE}).")
    Path checkpointRoot;

    @Option(names = "--calibrate-on", paramLabel = "DIR",
            description = "Known-task images to calibrate the threshold on.")
    Path calibrateOn;

    @Option(names = "--target-tpr", defaultValue = "0.95", paramLabel = "P",
            description = "Share of the calibration images to accept as seen (default: ${DEFAULT-VALUE}).")
    double targetTpr;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "A saved calibration (calibration.json of an earlier run).")
    Path calibrationFile;

    @Option(names = "--recognizer", paramLabel = "DIR", description = "A saved PROSER classifier (placeholder method).")
    Path recognizerDir;

    @Option(names = "--train-known", arity = "2..*", paramLabel = "DIR",
            description = "Train PROSER on these known kinds, one folder each (placeholder method).")
    List<Path> trainKnown;

    @Option(names = "--save-recognizer", paramLabel = "DIR", description = "Where to save a trained PROSER classifier.")
    Path saveRecognizer;

    @Option(names = "--proser-steps", defaultValue = "200", paramLabel = "N",
            description = "PROSER training steps (default: ${DEFAULT-VALUE}).")
    int proserSteps;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "PROSER training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--input-size", paramLabel = "WxH",
            description = "Segmentation network input size, multiples of 32 up to 16384 (default: what"
                    + " the checkpoint records, else 256x128).")
    String inputSize;

    @Option(names = "--normalization", paramLabel = "none|imagenet",
            description = "Input normalization the segmentation model was trained with (default: what"
                    + " the checkpoint records, else imagenet).")
    String normalization;

    @Mixin DeviceOption device;

    @Mixin VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        boolean placeholder = switch (method) {
            case "uncertainty" -> false;
            case "placeholder" -> true;
            default -> throw new UsageException("--method must be uncertainty or placeholder, not '" + method + "'");
        };
        if (!(targetTpr > 0 && targetTpr <= 1)) {
            throw new UsageException("--target-tpr must be in (0, 1], not " + targetTpr);
        }
        if (calibrateOn != null && calibrationFile != null) {
            throw new UsageException("--calibrate-on and --calibration exclude each other");
        }
        int[] size = inputSize == null ? null : CliValues.inputSize(inputSize);
        Normalization norm = normalization == null ? null
                : CliValues.parse(() -> Normalization.parse(normalization), "--normalization");
        Device dev = device.device();
        CliValues.outputFolder(output, "--output");
        if (saveRecognizer != null) {
            CliValues.outputFolder(saveRecognizer, "--save-recognizer");
        }
        List<Path> inputs = imageFiles(images, "--images");
        for (Path f : inputs) {
            readImage(f, "--images"); // an unreadable image is a usage error before any work
        }
        List<RgbImage> calibrationImages = calibrateOn == null ? List.of() : readAll(calibrateOn, "--calibrate-on");
        Calibration saved = calibrationFile == null ? null : loadCalibration();
        Model model = null;
        KnownnessScorer scorer;
        String source;
        if (placeholder) {
            if (modelName != null || weightsEpoch != null) {
                throw new UsageException("--method placeholder does not use --load-model-name/--weights-epoch");
            }
            ProserRecognizer proser = proser(dev);
            scorer = proser;
            source = recognizerDir != null ? recognizerDir.toString() : "trained on " + trainKnown;
        } else {
            if (recognizerDir != null || trainKnown != null || saveRecognizer != null) {
                throw new UsageException("--recognizer, --train-known and --save-recognizer need --method placeholder");
            }
            if (modelName == null || weightsEpoch == null) {
                throw new UsageException("--method uncertainty needs --load-model-name and --weights-epoch");
            }
            Path weightsDir = CliValues.checkpointFolder(checkpointRoot, modelName, weightsEpoch,
                    "--load-model-name/--weights-epoch/--checkpoint-root");
            Path weights;
            try {
                weights = ErfNetModels.weightsFile(weightsDir);
            } catch (NoSuchFileException e) {
                throw new UsageException("no checkpoint in " + weightsDir + ": " + e.getReason());
            }
            model = ErfNetModels.load(weights, 0, dev);
            int channels = ((ErfNet) model.getBlock()).numClasses();
            Optional<InputSpec> spec = InputSpec.find(weights);
            SegmentationConfidenceScorer.Builder sb = SegmentationConfidenceScorer.builder().setModel(model)
                    .optModelId(modelName + "/weights_" + weightsEpoch);
            if (spec.isEmpty()) { // a published model: the class-incremental protocol's defaults
                if (channels != 5 && channels != 11 && channels != 19) {
                    model.close();
                    throw new UsageException(weights + " has " + channels + " output channels; the"
                            + " class-incremental models have 5, 11 or 19");
                }
                sb.optClassNames(CityscapesLabels.incrementalOrder().subList(0, channels));
                norm = norm != null ? norm : Normalization.IMAGENET;
                size = size != null ? size : new int[] {256, 128};
            }
            if (norm != null) {
                sb.optNormalization(norm);
            }
            if (size != null) {
                sb.optInputSize(size[0], size[1]);
            }
            scorer = sb.build();
            source = weights.toString();
        }
        try {
            Calibration calibration = saved != null ? saved
                    : calibrationImages.isEmpty() ? null : Calibration.fit(scorer, calibrationImages, targetTpr);
            double threshold = calibration != null ? calibration.threshold()
                    : placeholder ? DEFAULT_PLACEHOLDER_THRESHOLD : DEFAULT_UNCERTAINTY_THRESHOLD;
            return run(scorer, calibration, threshold, inputs, source);
        } finally {
            scorer.close();
            if (model != null) {
                model.close();
            }
        }
    }

    private int run(KnownnessScorer scorer, Calibration calibration, double threshold, List<Path> inputs,
            String source) throws IOException {
        Calibration effective = calibration != null ? calibration
                : new Calibration(scorer.identity(), scorer.scoreName(), threshold, 1, 1, 1);
        CalibratedRecognizer recognizer;
        try {
            recognizer = CalibratedRecognizer.of(scorer, effective);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--calibration " + calibrationFile + ": " + e.getMessage());
        }
        RecognitionRound round;
        try (recognizer) {
            round = RecognitionPipeline.builder().setRecognizer(recognizer).setOutputDirectory(output).build()
                    .run(inputs);
        }
        Path json = round.outputDirectory().resolve("recognition.json");
        JsonObject o = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
        o.addProperty("method", method);
        o.addProperty("scorer", scorer.identity());
        o.addProperty("model", source);
        JsonObject cal = new JsonObject();
        if (calibration == null) {
            cal.addProperty("calibrated", false);
            cal.addProperty("default_threshold", threshold);
        } else {
            cal.addProperty("calibrated", true);
            cal.addProperty("source", calibrationFile != null ? calibrationFile.toString() : calibrateOn.toString());
            cal.addProperty("target_tpr", calibration.targetTpr());
            cal.addProperty("achieved_tpr", calibration.achievedTpr());
            cal.addProperty("samples", calibration.sampleCount());
            calibration.save(round.outputDirectory().resolve("calibration.json"));
        }
        o.add("calibration", cal);
        o.add("provenance", Provenance.builder().optDevice(device.name).optSeed(seed).build().toJsonObject());
        AtomicFiles.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n");
        System.out.printf(Locale.ROOT, "%d images: %d seen, %d unseen (threshold %.6g on %s); samples_transfer_ratio %.4f%n",
                round.inferredCount(), round.seenFiles().size(), round.unseenFiles().size(), threshold,
                scorer.scoreName(), round.samplesTransferRatio());
        System.err.println("wrote " + round.outputDirectory());
        return 0;
    }

    private ProserRecognizer proser(Device dev) throws IOException {
        if ((recognizerDir == null) == (trainKnown == null)) {
            throw new UsageException("--method placeholder needs exactly one of --recognizer DIR and --train-known DIR DIR...");
        }
        if (recognizerDir != null) {
            if (saveRecognizer != null) {
                throw new UsageException("--save-recognizer needs --train-known");
            }
            CliValues.folder(recognizerDir, "--recognizer");
            try {
                return ProserRecognizer.load(recognizerDir, dev);
            } catch (NoSuchFileException e) {
                throw new UsageException("--recognizer " + recognizerDir + ": not a saved PROSER classifier ("
                        + e.getFile() + " missing)");
            } catch (IllegalArgumentException e) {
                throw new UsageException("--recognizer " + recognizerDir + ": " + e.getMessage());
            }
        }
        if (proserSteps < 1) {
            throw new UsageException("--proser-steps must be positive");
        }
        List<String> names = new ArrayList<>();
        List<List<RgbImage>> perClass = new ArrayList<>();
        for (Path dir : trainKnown) {
            String name = dir.toAbsolutePath().normalize().getFileName().toString();
            if (names.contains(name)) {
                throw new UsageException("--train-known: two folders named '" + name + "'");
            }
            names.add(name);
            perClass.add(readAll(dir, "--train-known"));
        }
        ProserRecognizer p = ProserRecognizer.trainer().setClassNames(names).setTrainingImages(perClass)
                .optSteps(proserSteps).optSeed(seed).optDevice(dev).train();
        if (saveRecognizer != null) {
            p.save(saveRecognizer);
            System.err.println("wrote " + saveRecognizer);
        }
        return p;
    }

    private Calibration loadCalibration() throws IOException {
        CliValues.file(calibrationFile, "--calibration", "a calibration file (calibration.json)");
        try {
            return Calibration.load(calibrationFile);
        } catch (NoSuchFileException e) {
            throw new UsageException("--calibration " + calibrationFile + ": no such file");
        } catch (IllegalArgumentException e) {
            throw new UsageException("--calibration " + e.getMessage());
        }
    }

    /** The image files directly in a folder, in name order; usage errors if none. */
    static List<Path> imageFiles(Path dir, String option) throws IOException {
        CliValues.folder(dir, option);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return !n.startsWith(".") && RecognitionPipeline.IMAGE_EXTENSIONS.stream().anyMatch(n::endsWith);
            }).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new UsageException(option + " " + dir + " contains no images ("
                    + String.join(", ", RecognitionPipeline.IMAGE_EXTENSIONS) + ")");
        }
        return files;
    }

    private static List<RgbImage> readAll(Path dir, String option) throws IOException {
        List<RgbImage> out = new ArrayList<>();
        for (Path f : imageFiles(dir, option)) {
            out.add(readImage(f, option));
        }
        return out;
    }

    private static RgbImage readImage(Path f, String option) {
        try {
            return ImageFiles.readRgb(f);
        } catch (InvalidImageException e) {
            throw new UsageException(option + ": " + e.getMessage()); // the message names the file
        }
    }
}
