package org.lifelongseg.examples.cli;

import ai.djl.Device;
import org.lifelongseg.cityscapes.train.CityscapesTaskData;
import org.lifelongseg.core.data.transform.TransformSettings;
import org.lifelongseg.core.engine.EngineSettings;
import org.lifelongseg.core.train.OptimizerSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The training options the train commands and the pipeline share (the seed's option names). Sizes
 * default to the protocol's on Cityscapes (resize 512x1024, crop 192x640) and to the frame size on
 * the synthetic dataset.
 */
final class TrainingOptions {

    @Option(names = "--num-epochs", paramLabel = "N",
            description = "Epochs per training (default: 200 on Cityscapes, "
                    + PipelineDefaults.SYNTHETIC_EPOCHS + " on the synthetic dataset).")
    Integer numEpochs;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Images per batch (default: 6 on Cityscapes, the reference's; "
                    + PipelineDefaults.SYNTHETIC_BATCH_SIZE + " on the synthetic dataset).")
    Integer batchSize;

    @Option(names = "--seed", defaultValue = "1234", paramLabel = "N",
            description = "Seed of initialization, data order and augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--height", paramLabel = "H", description = "Resize height before cropping.")
    Integer height;

    @Option(names = "--width", paramLabel = "W", description = "Resize width before cropping.")
    Integer width;

    @Option(names = "--crop-height", paramLabel = "H", description = "Training crop height (multiple of 32).")
    Integer cropHeight;

    @Option(names = "--crop-width", paramLabel = "W", description = "Training crop width (multiple of 32).")
    Integer cropWidth;

    @Option(names = "--learning-rate", paramLabel = "LR",
            description = "Adam's base learning rate, decayed per epoch by the poly schedule"
                    + " (default: 5e-4 on Cityscapes, the reference's; "
                    + PipelineDefaults.SYNTHETIC_LEARNING_RATE + " on the synthetic dataset, where"
                    + " ERFNet starts without an ImageNet encoder and has few epochs).")
    Double learningRate;

    @Option(names = "--incremental-learning-rate", paramLabel = "LR",
            description = "Base learning rate of the pipeline's incremental steps (tasks 2 and 3, every"
                    + " method), which start from a trained model (default: --learning-rate, as in the"
                    + " reference).")
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
                    + " (default: fresh on Cityscapes, previous on the synthetic dataset, where no"
                    + " pretrained encoder exists).")
    String studentInit;

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

    /** Images per batch of the run. */
    int batchSize(boolean synthetic) {
        return batchSize != null ? batchSize : (synthetic ? PipelineDefaults.SYNTHETIC_BATCH_SIZE : 6);
    }

    /** The learning rate of the run. */
    double learningRate(boolean synthetic) {
        return learningRate != null ? learningRate
                : (synthetic ? PipelineDefaults.SYNTHETIC_LEARNING_RATE : 5e-4);
    }

    /** The reference optimizer with this run's learning rate. */
    OptimizerSettings optimizer(boolean synthetic) {
        try {
            return OptimizerSettings.builder().optLearningRate(learningRate(synthetic)).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--learning-rate: " + e.getMessage());
        }
    }

    /** The learning rate of the pipeline's incremental steps. */
    double incrementalLearningRate(boolean synthetic) {
        return incrementalLearningRate != null ? incrementalLearningRate : learningRate(synthetic);
    }

    /** The reference optimizer with the learning rate of the pipeline's incremental steps. */
    OptimizerSettings incrementalOptimizer(boolean synthetic) {
        try {
            return OptimizerSettings.builder().optLearningRate(incrementalLearningRate(synthetic)).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--incremental-learning-rate: " + e.getMessage());
        }
    }

    Device device() {
        return device.device();
    }

    /** Whether the distillation student starts from the previous model. */
    boolean distillFromPrevious(boolean synthetic) {
        if (studentInit == null) {
            return synthetic;
        }
        return switch (studentInit) {
            case "fresh" -> false;
            case "previous" -> true;
            default -> throw new UsageException("--student-init must be fresh or previous, not '"
                    + studentInit + "'");
        };
    }

    int epochs(boolean synthetic) {
        return numEpochs != null ? numEpochs : (synthetic ? PipelineDefaults.SYNTHETIC_EPOCHS : 200);
    }

    /** Transform settings: the protocol's on Cityscapes, frame-sized on synthetic; options override. */
    TransformSettings settings(boolean synthetic) {
        TransformSettings base = synthetic
                ? CityscapesTaskData.settingsFor(DatasetOptions.SYNTHETIC_WIDTH, DatasetOptions.SYNTHETIC_HEIGHT)
                : TransformSettings.reference();
        if (height == null && width == null && cropHeight == null && cropWidth == null) {
            return base;
        }
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
                    .optEvalResizeLabels(synthetic)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--height/--width/--crop-height/--crop-width: " + e.getMessage());
        }
    }
}
