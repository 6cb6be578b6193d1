package org.lifelongseg.examples.cli;

import ai.djl.Device;
import org.lifelongseg.core.data.transform.TransformSettings;
import org.lifelongseg.core.engine.EngineSettings;
import org.lifelongseg.core.train.NewClassInitialization;
import org.lifelongseg.core.train.OptimizerSettings;
import org.lifelongseg.erfnet.train.ErfNetFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The training options the train commands and the pipeline share (the seed's option names). Sizes
 * default to the protocol's on Cityscapes (resize 512x1024, crop 192x640) and, on the synthetic
 * dataset, to whole frames at half their size (128x64).
 */
final class TrainingOptions {

    @Option(names = "--num-epochs", paramLabel = "N",
            description = "Epochs per training (default: 200 on Cityscapes, "
                    + PipelineDefaults.SYNTHETIC_EPOCHS + " on the synthetic dataset, "
                    + PipelineDefaults.FOLDER_EPOCHS + " on a folder dataset).")
    Integer numEpochs;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Images per batch (default: 6 on Cityscapes, the reference's; "
                    + PipelineDefaults.SYNTHETIC_BATCH_SIZE + " on the synthetic dataset and a folder dataset).")
    Integer batchSize;

    @Option(names = "--seed", defaultValue = "1234", paramLabel = "N",
            description = "Seed of initialization, data order and augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--height", paramLabel = "H",
            description = "Resize height before cropping (default: 512 on Cityscapes, "
                    + DatasetOptions.SYNTHETIC_NETWORK_HEIGHT + " on synthetic).")
    Integer height;

    @Option(names = "--width", paramLabel = "W",
            description = "Resize width before cropping (default: 1024 on Cityscapes, "
                    + DatasetOptions.SYNTHETIC_NETWORK_WIDTH + " on synthetic).")
    Integer width;

    @Option(names = "--crop-height", paramLabel = "H", description = "Training crop height (multiple of 32).")
    Integer cropHeight;

    @Option(names = "--crop-width", paramLabel = "W", description = "Training crop width (multiple of 32).")
    Integer cropWidth;

    @Option(names = "--learning-rate", paramLabel = "LR",
            description = "Adam's base learning rate, decayed per epoch by the poly schedule"
                    + " (default: 5e-4 on Cityscapes, the reference's; "
                    + PipelineDefaults.SYNTHETIC_LEARNING_RATE + " on the synthetic dataset and a folder dataset, where"
                    + " ERFNet starts without an ImageNet encoder and has few epochs).")
    Double learningRate;

    @Option(names = "--incremental-learning-rate", paramLabel = "LR",
            description = "Base learning rate of the incremental steps (tasks 2 and 3, every method, in"
                    + " the pipeline and train-incremental), which start from a trained model (default:"
                    + " --learning-rate when given, as in the reference; else "
                    + PipelineDefaults.SYNTHETIC_INCREMENTAL_LEARNING_RATE + " on the synthetic dataset, the"
                    + " static rate on Cityscapes and a folder dataset).")
    Double incrementalLearningRate;

    @Option(names = "--save-frequency", defaultValue = "10", paramLabel = "N",
            description = "Checkpoint every N epochs and at the end (default: ${DEFAULT-VALUE}).")
    int saveFrequency;

    @Option(names = "--temp", defaultValue = "1", paramLabel = "T",
            description = "Distillation temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--lambda-gs", defaultValue = "1", paramLabel = "L",
            description = "Weight of the teacher-entropy scaling of the distillation loss (default: ${DEFAULT-VALUE}).")
    double lambdaGs;

    @Option(names = "--student-init", paramLabel = "fresh|previous",
            description = "Start of the distillation student: fresh weights (the reference's, whose"
                    + " student has an ImageNet-pretrained encoder) or the previous model, as fine-tuning"
                    + " (default: fresh on Cityscapes, previous on the synthetic and folder datasets, where no"
                    + " pretrained encoder exists).")
    String studentInit;

    @Option(names = "--new-class-init", paramLabel = "zero|random", defaultValue = "zero",
            description = "How the new classes' outputs start when the student starts from the previous"
                    + " model (fine-tuning; distillation with --student-init previous): zero weights and"
                    + " bias, or the network's random initialization (default: ${DEFAULT-VALUE}).")
    String newClassInit;

    @Option(names = "--dropout-scale", paramLabel = "S",
            description = "ERFNet's dropout rates (0.03 in the first encoder blocks, 0.3 in the later ones)"
                    + " times S, 0 for none (default: 1 on Cityscapes and a folder dataset, ERFNet's; "
                    + PipelineDefaults.SYNTHETIC_DROPOUT_SCALE + " on the synthetic dataset, whose short runs"
                    + " learn faster without).")
    Float dropoutScale;

    @Mixin DeviceOption device;

    @Option(names = "--num-threads", paramLabel = "N",
            description = "PyTorch intra-op threads of each training (default: one less than the cores,"
                    + " at least 1, leaving a core to the data loader; in the pipeline, which trains two"
                    + " models at a time, half the cores). Results depend on it.")
    Integer numThreads;

    /** Checks the values and applies the thread setting (before the engine starts). */
    void validate() {
        validate(1);
    }

    /**
     * Checks the values and applies the thread setting for {@code concurrentTrainings} trainings
     * that run at the same time (before the engine starts).
     */
    void validate(int concurrentTrainings) {
        if (batchSize != null) {
            CliValues.atLeast(batchSize, 1, "--batch-size");
        }
        if (numEpochs != null) {
            CliValues.atLeast(numEpochs, 1, "--num-epochs");
        }
        CliValues.atLeast(saveFrequency, 1, "--save-frequency");
        if (temperature <= 0) {
            throw new UsageException("--temp must be positive, not " + temperature);
        }
        if (lambdaGs < 0) {
            throw new UsageException("--lambda-gs must not be negative, not " + lambdaGs);
        }
        if (numThreads != null) {
            CliValues.atLeast(numThreads, 1, "--num-threads");
        }
        distillFromPrevious(false); // checks --student-init
        modelFactory(false); // checks --dropout-scale
        newClassInitialization(); // checks --new-class-init
        String[] sideOptions = {"--height", "--width", "--crop-height", "--crop-width"};
        Integer[] sides = {height, width, cropHeight, cropWidth};
        for (int i = 0; i < sides.length; i++) {
            if (sides[i] != null) {
                CliValues.networkSide(sides[i], sideOptions[i]);
            }
        }
        // Training decodes and augments images on Java threads while PyTorch computes: with every
        // core given to PyTorch the two fight (measured on 2 cores, batch 3 at 96x192: 3.25 s per
        // epoch with 2 intra-op threads, 2.45 s with 1). Concurrent trainings share the cores.
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = numThreads != null ? numThreads
                : concurrentTrainings > 1 ? Math.max(1, cores / concurrentTrainings)
                : Math.max(1, cores - 1);
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        EngineSettings.record("intraOpThreads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        device(); // after the thread settings: a GPU name starts the engine
    }

    /** Images per batch of the run on {@code data}. */
    int batchSize(DatasetOptions data) {
        return batchSize != null ? batchSize
                : (data.smallDataDefaults() ? PipelineDefaults.SYNTHETIC_BATCH_SIZE : 6);
    }

    /** The learning rate of the run on {@code data}. */
    double learningRate(DatasetOptions data) {
        return learningRate != null ? learningRate
                : (data.smallDataDefaults() ? PipelineDefaults.SYNTHETIC_LEARNING_RATE : 5e-4);
    }

    /** The reference optimizer with this run's learning rate. */
    OptimizerSettings optimizer(DatasetOptions data) {
        try {
            return OptimizerSettings.builder().optLearningRate(learningRate(data)).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--learning-rate: " + e.getMessage());
        }
    }

    /**
     * The incremental steps' rate: {@code --incremental-learning-rate}, else {@code
     * --learning-rate} when given (the reference's one rate), else 3e-3 on the synthetic dataset,
     * else the static rate.
     */
    double incrementalLearningRate(DatasetOptions data) {
        if (incrementalLearningRate != null) {
            return incrementalLearningRate;
        }
        return learningRate == null && data.isSynthetic() ? PipelineDefaults.SYNTHETIC_INCREMENTAL_LEARNING_RATE
                : learningRate(data);
    }

    /** The reference optimizer with the learning rate of the incremental steps. */
    OptimizerSettings incrementalOptimizer(DatasetOptions data) {
        try {
            return OptimizerSettings.builder().optLearningRate(incrementalLearningRate(data)).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--incremental-learning-rate: " + e.getMessage());
        }
    }

    /** ERFNet with this run's dropout: {@code --dropout-scale}, else none on the synthetic dataset. */
    ErfNetFactory modelFactory(DatasetOptions data) {
        return modelFactory(data.isSynthetic());
    }

    private ErfNetFactory modelFactory(boolean synthetic) {
        float scale = dropoutScale != null ? dropoutScale
                : synthetic ? PipelineDefaults.SYNTHETIC_DROPOUT_SCALE : 1f;
        try {
            return ErfNetFactory.builder().optDropoutScale(scale).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--dropout-scale: " + e.getMessage());
        }
    }

    Device device() {
        return device.device();
    }

    /** Whether the distillation student starts from the previous model on {@code data}. */
    boolean distillFromPrevious(DatasetOptions data) {
        return distillFromPrevious(data.smallDataDefaults());
    }

    private boolean distillFromPrevious(boolean smallData) {
        if (studentInit == null) {
            return smallData;
        }
        return switch (studentInit) {
            case "fresh" -> false;
            case "previous" -> true;
            default -> throw new UsageException("--student-init must be fresh or previous, not '"
                    + studentInit + "'");
        };
    }

    /** How the new classes' outputs start in a student initialized from the previous model. */
    NewClassInitialization newClassInitialization() {
        return switch (newClassInit) {
            case "zero" -> NewClassInitialization.ZERO;
            case "random" -> NewClassInitialization.RANDOM;
            default -> throw new UsageException("--new-class-init must be zero or random, not '"
                    + newClassInit + "'");
        };
    }

    /** Epochs per training on {@code data}. */
    int epochs(DatasetOptions data) {
        if (numEpochs != null) {
            return numEpochs;
        }
        return data.isSynthetic() ? PipelineDefaults.SYNTHETIC_EPOCHS
                : data.smallDataDefaults() ? PipelineDefaults.FOLDER_EPOCHS : 200;
    }

    /**
     * Transform settings: the protocol's on Cityscapes; on synthetic, whole frames at half their
     * size scored at the frame size ({@link TransformSettings#forFramesScoredAtLabelSize}); options
     * override. Labels are scored at their own size on both.
     */
    TransformSettings settings(boolean synthetic) {
        TransformSettings base = synthetic
                ? TransformSettings.forFramesScoredAtLabelSize(DatasetOptions.SYNTHETIC_NETWORK_WIDTH,
                        DatasetOptions.SYNTHETIC_NETWORK_HEIGHT)
                : TransformSettings.reference();
        if (height == null && width == null && cropHeight == null && cropWidth == null) {
            return base;
        }
        return override(base);
    }

    /**
     * Transform settings of a folder dataset: every image (of any size) resized to {@code --width}
     * x {@code --height}, which must be given; training on the whole image as on the synthetic
     * dataset unless {@code --crop-width}/{@code --crop-height} say otherwise; label maps resized
     * with the images for evaluation.
     */
    TransformSettings folderSettings() {
        if (width == null || height == null) {
            throw new UsageException("--dataset folder needs --width and --height: the size every image is"
                    + " resized to (positive multiples of 32, e.g. --width 128 --height 64)");
        }
        return override(TransformSettings.forFrames(CliValues.networkSide(width, "--width"),
                CliValues.networkSide(height, "--height")));
    }

    /** {@code base} with the size options applied; labels are scored as {@code base} scores them. */
    private TransformSettings override(TransformSettings base) {
        int h = height != null ? CliValues.networkSide(height, "--height") : base.resizeHeight();
        int w = width != null ? CliValues.networkSide(width, "--width") : base.resizeWidth();
        int ch = cropHeight != null ? CliValues.networkSide(cropHeight, "--crop-height")
                : Math.min(base.cropHeight(), h);
        int cw = cropWidth != null ? CliValues.networkSide(cropWidth, "--crop-width")
                : Math.min(base.cropWidth(), w);
        if (ch > h || cw > w) {
            throw new UsageException("the crop " + cw + "x" + ch + " (--crop-width x --crop-height) must fit"
                    + " inside the resized image " + w + "x" + h + " (--width x --height)");
        }
        try {
            return TransformSettings.builder()
                    .optResize(w, h)
                    .optCrop(cw, ch)
                    .optMaxDownscale(Math.min(base.maxDownscale(), Math.min(h / (double) ch, w / (double) cw)))
                    .optEvalSize(w, h)
                    .optEvalResizeLabels(base.evalResizeLabels())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--height/--width/--crop-height/--crop-width: " + e.getMessage());
        }
    }
}
