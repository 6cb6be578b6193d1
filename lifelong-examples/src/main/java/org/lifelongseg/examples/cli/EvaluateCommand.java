package org.lifelongseg.examples.cli;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lifelongseg.cityscapes.data.TrainSet;
import org.lifelongseg.cityscapes.eval.SplitEvaluator;
import org.lifelongseg.core.checkpoint.AtomicFiles;
import org.lifelongseg.core.checkpoint.Provenance;
import org.lifelongseg.core.data.FileTaskData;
import org.lifelongseg.core.data.SegmentationDataset;
import org.lifelongseg.core.data.folder.FolderTaskData;
import org.lifelongseg.core.data.transform.TransformSettings;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.infer.ColorMap;
import org.lifelongseg.core.infer.InputSpec;
import org.lifelongseg.core.metrics.DatasetEvaluator;
import org.lifelongseg.core.metrics.SegmentationMetrics;
import org.lifelongseg.core.metrics.TaskEvaluator;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.erfnet.load.ErfNetModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lifelong evaluate}: the seed's {@code evaluate_erfnet.py}. Task-restricted mIoU of a saved
 * model on the validation split, printed like the reference and written as JSON beside the model.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on one task (or union of tasks): argmax restricted to"
                + " the task's classes, other classes ignored; prints miou and maccuracy.")
final class EvaluateCommand implements Callable<Integer> {

    @Mixin IntegrityOption integrity;

    @Option(names = "--load-model-name", required = true, paramLabel = "NAME",
            description = "Model folder under the checkpoint root.")
    String modelName;

    @Option(names = "--train-set", required = true, paramLabel = "1|12|123|NAME",
            description = "Classes the model was trained on (5, 11 or 19 channels); with --tasks FILE"
                    + " a task of the split (the model knows it and every task before it) or joint.")
    String trainSet;

    @Option(names = "--weights-epoch", required = true, paramLabel = "E",
            description = "Epoch of the checkpoint (0-based: weights_E).")
    int weightsEpoch;

    @Option(names = "--task-to-val", required = true, paramLabel = "1|2|3|12|123|NAME",
            description = "The task (or union) to evaluate; with --tasks FILE a task of the split, tasks"
                    + " joined by + (e.g. round+pointy) or all.")
    String taskToVal;

    @Option(names = "--checkpoint-root", defaultValue = "checkpoints", paramLabel = "DIR",
            description = "Root of the model folders (default: ${DEFAULT-VALUE}).")
    Path checkpointRoot;

    @Mixin DatasetOptions data;

    @Option(names = "--split", paramLabel = "train|val|test",
            description = "Cityscapes split to evaluate (default: val); with --dataset folder --val-split"
                    + " NAME chooses the split.")
    String split;

    @Option(names = "--height", paramLabel = "H",
            description = "Network input height (default: what the checkpoint records, else 512 on"
                    + " Cityscapes, half the frame size on synthetic).")
    Integer height;

    @Option(names = "--width", paramLabel = "W",
            description = "Network input width (default: what the checkpoint records, else 1024 on"
                    + " Cityscapes, half the frame size on synthetic).")
    Integer width;

    @Option(names = "--normalization", paramLabel = "none|imagenet",
            description = "Input normalization the model was trained with (default: what the"
                    + " checkpoint records, else imagenet).")
    String normalization;

    @Option(names = "--batch-size", defaultValue = "6", paramLabel = "N", description = "Images per forward.")
    int batchSize;

    @Option(names = "--save-pred-to-disk", description = "Write colour maps of predictions and ground truth.")
    boolean savePredToDisk;

    @Option(names = "--pred-frequency", defaultValue = "25", paramLabel = "N",
            description = "With --save-pred-to-disk, every N-th image (default: ${DEFAULT-VALUE}).")
    int predFrequency;

    @Mixin DeviceOption device;

    @Mixin VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        TaskSequence own = data.tasks(null);
        Classes classes = own != null ? splitClasses(own) : cityscapesClasses();
        ClassSpace space = classes.model();
        CliValues.atLeast(batchSize, 1, "--batch-size");
        CliValues.atLeast(predFrequency, 1, "--pred-frequency");
        if (data.isFolder() && split != null) {
            throw new UsageException("--split is for Cityscapes; with --dataset folder, --val-split NAME"
                    + " chooses the split to evaluate");
        }
        if (!data.isFolder()) {
            split = CliValues.split(split == null ? FileTaskData.EVALUATION_SPLIT : split, "--split");
        }
        if (height != null) {
            CliValues.networkSide(height, "--height");
        }
        if (width != null) {
            CliValues.networkSide(width, "--width");
        }
        Normalization norm = normalization == null ? null
                : CliValues.parse(() -> Normalization.parse(normalization), "--normalization");
        Device dev = device.device();
        Path weightsDir = CliValues.checkpointFolder(checkpointRoot, modelName, weightsEpoch,
                "--load-model-name/--weights-epoch/--checkpoint-root");
        Path root = data.resolveRoot();
        boolean synthetic = data.isSynthetic();
        boolean folder = data.isFolder();
        if ((height == null) != (width == null)) {
            throw new UsageException("--height and --width go together (the network input size)");
        }
        // explicit options win (a contradiction with the checkpoint is warned about), then what the
        // checkpoint records, then the protocol's defaults
        InputSpec.Choice input = InputSpec.settle(InputSpec.find(weightsDir),
                new InputSpec.Choice(space.names(), norm, width == null ? 0 : width, height == null ? 0 : height),
                new InputSpec.Choice(null, Normalization.IMAGENET,
                        folder ? 0 : synthetic ? DatasetOptions.SYNTHETIC_NETWORK_WIDTH : 1024,
                        folder ? 0 : synthetic ? DatasetOptions.SYNTHETIC_NETWORK_HEIGHT : 512), "evaluate");
        if (input.width() == 0) {
            throw new UsageException("--width and --height: " + weightsDir + " records no input size;"
                    + " give the size the model was trained at");
        }
        TransformSettings settings = TransformSettings.builder()
                .optEvalSize(input.width(), input.height())
                .optNormalization(input.normalization())
                .optEvalResizeLabels(folder) // a folder's images may differ in size: labels follow the resize
                .build();
        FolderTaskData folderData = null;
        if (folder) {
            FolderTaskData.Builder fb = data.folderData().optTransform(settings).optNoValidation();
            folderData = DatasetOptions.folder(fb::build);
            split = folderData.evaluationSplit();
        }
        String subset = "task" + taskToVal;
        Path out = checkpointRoot.resolve(modelName).resolve("eval_" + data.name() + "_task_to_val" + taskToVal);
        int[] channels = classes.evaluated().stream().mapToInt(space::indexOf).toArray();
        ColorMap palette = CliValues.colors(space.names(), folder ? folderData.classColors() : Map.of());
        int[] images = new int[1];
        DatasetEvaluator.BatchHook hook = (first, x, logits, labels) -> {
            images[0] = (int) first + (int) x.getShape().get(0);
            if (savePredToDisk) {
                savePredictions(channels, logits, labels, palette, out, (int) first);
            }
        };
        SegmentationMetrics metrics;
        try (Model model = ErfNetModels.load(ErfNetModels.weightsFile(weightsDir), space.size(), dev)) {
            if (folder) {
                FolderTaskData fd = folderData;
                SegmentationDataset evalData = DatasetOptions.folder(() -> fd.evaluationData(split, space, batchSize));
                metrics = DatasetEvaluator.builder().addSubset(subset, classes.evaluated()).build()
                        .evaluate(model.getBlock(), space, evalData, dev, hook).get(subset);
            } else {
                metrics = SplitEvaluator.builder()
                        .setRoot(root)
                        .setSplit(split)
                        .setSettings(settings)
                        .optBatchSize(batchSize)
                        .addSubset(subset, classes.evaluated())
                        .build()
                        .evaluate(model.getBlock(), space, dev, hook).get(subset);
            }
        }
        int index = images[0];
        System.out.println("    miou | maccuracy | ");
        System.out.printf("&   %.3f  &   %.3f  \\\\%n", metrics.meanIoU(), metrics.meanRecall());
        JsonObject json = new JsonObject();
        json.addProperty("model", modelName);
        json.add("trainSet", classes.trainSet());
        json.addProperty("weightsEpoch", weightsEpoch);
        json.add("taskToVal", classes.taskToVal());
        json.addProperty("dataset", data.name());
        json.addProperty("split", split);
        json.addProperty("images", index);
        json.addProperty("mean_IoU", metrics.meanIoU());
        json.addProperty("mean_recall", metrics.meanRecall());
        json.addProperty("mean_precision", metrics.meanPrecision());
        json.addProperty("pixel_accuracy", metrics.pixelAccuracy());
        JsonObject perClass = new JsonObject();
        List<String> names = metrics.classNames();
        double[] classIoU = metrics.classIoU();
        for (int i = 0; i < names.size(); i++) {
            double iou = classIoU[i];
            if (Double.isNaN(iou)) {
                perClass.add(names.get(i), com.google.gson.JsonNull.INSTANCE);
            } else {
                perClass.addProperty(names.get(i), iou);
            }
        }
        json.add("class_IoU", perClass);
        JsonArray confusion = new JsonArray();
        for (long[] row : metrics.confusion()) {
            JsonArray r = new JsonArray();
            for (long v : row) {
                r.add(v);
            }
            confusion.add(r);
        }
        json.add("confusion", confusion);
        json.add("provenance", com.google.gson.JsonParser.parseString(
                Provenance.builder().optDevice(dev.toString()).build().toJson()));
        Path jsonFile = out.resolve("eval_" + weightsEpoch + ".json");
        AtomicFiles.writeString(jsonFile, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
                .create().toJson(json));
        System.err.println("wrote " + jsonFile);
        return 0;
    }

    /**
     * The model's classes and the evaluated ones, with their codes for the JSON.
     *
     * @param model the model's channels
     * @param evaluated the classes of the task (or union) evaluated
     */
    private record Classes(ClassSpace model, List<String> evaluated, JsonPrimitive trainSet, JsonPrimitive taskToVal) {}

    /** --train-set and --task-to-val of the Cityscapes protocol: 1, 12, 123 and tasks or unions. */
    private Classes cityscapesClasses() {
        TrainSet modelSet = CliValues.parse(() -> TrainSet.parse(trainSet), "--train-set");
        TrainSet task = CliValues.parse(() -> TrainSet.parse(taskToVal), "--task-to-val");
        if (modelSet != TrainSet.T1 && modelSet != TrainSet.T12 && modelSet != TrainSet.T123) {
            throw new UsageException("--train-set must be 1, 12 or 123 (a model's classes), not " + trainSet);
        }
        ClassSpace space = modelSet.modelClassSpace();
        if (!space.names().containsAll(task.classes())) {
            throw new UsageException("--task-to-val " + taskToVal + " needs classes a --train-set "
                    + trainSet + " model does not have");
        }
        return new Classes(space, task.classes(), new JsonPrimitive(modelSet.code()), new JsonPrimitive(task.code()));
    }

    /**
     * --train-set and --task-to-val of a --tasks split (of a folder dataset or of Cityscapes):
     * tasks by name; the model knows a task and every task before it (joint: every class); the
     * evaluated classes are a task's, the union of tasks joined by +, or all.
     */
    private Classes splitClasses(TaskSequence seq) {
        ClassSpace space = trainSet.equals(TaskSequence.JOINT_TASK) ? seq.finalClassSpace()
                : seq.classSpaceAfter(TrainCommands.Base.taskStep(seq, trainSet, 0));
        List<String> evaluated = new ArrayList<>();
        if (taskToVal.equals("all")) {
            evaluated.addAll(seq.finalClassSpace().names());
        } else {
            for (String name : taskToVal.split("\\+", -1)) {
                try {
                    evaluated.addAll(seq.task(seq.stepOf(name)).classes());
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--task-to-val: " + e.getMessage() + " (in --tasks); or all");
                }
            }
        }
        if (!space.names().containsAll(evaluated)) {
            throw new UsageException("--task-to-val " + taskToVal + " needs classes a --train-set "
                    + trainSet + " model does not have");
        }
        return new Classes(space, evaluated, new JsonPrimitive(trainSet), new JsonPrimitive(taskToVal));
    }

    private void savePredictions(int[] channels, NDArray logits, NDArray labels, ColorMap palette,
            Path out, int first) {
        int n = (int) labels.getShape().get(0);
        int lh = (int) labels.getShape().get(1);
        int lw = (int) labels.getShape().get(2);
        NDArray pred = TaskEvaluator.upsampleNearest(
                TaskEvaluator.restrictedArgmax(logits, channels), lw, lh);
        int[] predAll = pred.toType(DataType.INT32, false).toIntArray();
        int[] gtAll = labels.toType(DataType.INT32, false).toIntArray();
        java.util.Set<Integer> inTask = new java.util.HashSet<>();
        for (int c : channels) {
            inTask.add(c);
        }
        for (int b = 0; b < n; b++) {
            int index = first + b;
            if (index % predFrequency != 0) {
                continue;
            }
            int[] p = java.util.Arrays.copyOfRange(predAll, b * lh * lw, (b + 1) * lh * lw);
            for (int i = 0; i < p.length; i++) {
                p[i] = channels[p[i]]; // index within the task -> model channel
            }
            int[] g = java.util.Arrays.copyOfRange(gtAll, b * lh * lw, (b + 1) * lh * lw);
            for (int i = 0; i < g.length; i++) {
                if (!inTask.contains(g[i])) {
                    g[i] = 255; // outside the evaluated task: void, drawn black
                }
            }
            Path dir = out.resolve("output_" + weightsEpoch);
            ImageFiles.writePng(palette.colorize(p, lw, lh), dir.resolve("pred_" + split + "_" + index + ".png"));
            ImageFiles.writePng(palette.colorize(g, lw, lh), dir.resolve("gt_" + split + "_" + index + ".png"));
        }
    }
}
