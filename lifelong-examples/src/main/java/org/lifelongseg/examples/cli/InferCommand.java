package org.lifelongseg.examples.cli;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.CategoryMask;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.lifelongseg.cityscapes.data.TrainSet;
import org.lifelongseg.cityscapes.labels.CityscapesLabel;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.infer.ClassSubset;
import org.lifelongseg.core.infer.ColorMap;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.infer.InputSpec;
import org.lifelongseg.core.infer.SegmentationTranslator;
import org.lifelongseg.core.infer.Segmenter;
import org.lifelongseg.core.infer.Upsampling;
import org.lifelongseg.erfnet.load.ErfNetModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lifelong infer}: segments one image with ERFNet weights (or a TorchScript network) and
 * writes the class map and its colours.
 */
@Command(
        name = "infer",
        mixinStandardHelpOptions = true,
        description = "Segment an image with a trained network; writes <stem>_trainIds.png"
                + " (Cityscapes trainIds, 255 = void, whatever the network's channel order) or, for"
                + " networks of other classes, <stem>_classIds.png (indices into the checkpoint's class"
                + " list), and <stem>_color.png.")
final class InferCommand implements Callable<Integer> {

    @Mixin IntegrityOption integrity;

    @Option(names = "--weights", required = true, paramLabel = "FILE",
            description = "ERFNet weights (.pth, .pth.tar, .npz, .safetensors) or a TorchScript .pt.")
    Path weights;

    @Option(names = "--image", required = true, paramLabel = "PNG", description = "The image to segment.")
    Path image;

    @Option(names = "--output-path", required = true, paramLabel = "DIR", description = "Output folder.")
    Path outputPath;

    @Option(names = "--classes", paramLabel = "N",
            description = "Output channels of the network: 20 = the original ERFNet (19 classes in"
                    + " standard trainId order + void), 5/11/19 = the class-incremental models"
                    + " (protocol order). Default: read from the checkpoint.")
    Integer classes;

    @Option(names = "--class-order", paramLabel = "standard|incremental",
            description = "Channel order of the classes. Default: standard for 20 channels,"
                    + " incremental otherwise.")
    String classOrder;

    @Option(names = "--normalization", paramLabel = "none|imagenet",
            description = "Input normalization: none = RGB/255 (original ERFNet weights), imagenet ="
                    + " ImageNet mean/std (class-incremental models). Default: what the checkpoint"
                    + " records (input.json), else known for published ERFNet weights, else none.")
    String normalization;

    @Option(names = "--input-size", paramLabel = "WxH",
            description = "Network input size, multiples of 32 up to 16384. Default: what the"
                    + " checkpoint records, else 1024x512.")
    String inputSize;

    @Option(names = "--task", paramLabel = "1|2|3|12|123",
            description = "Restrict the argmax to one task's classes (or a union of tasks).")
    String task;

    @Option(names = "--upsampling", defaultValue = "nearest", paramLabel = "nearest|bilinear",
            description = "How logits reach the image size (default ${DEFAULT-VALUE}).")
    String upsampling;

    @Mixin DeviceOption device;

    @Mixin VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        int[] size = inputSize == null ? new int[] {0, 0} : CliValues.inputSize(inputSize);
        Normalization norm = normalization == null ? null
                : CliValues.parse(() -> Normalization.parse(normalization), "--normalization");
        Upsampling up = CliValues.parse(() -> Upsampling.parse(upsampling), "--upsampling");
        if (classes != null) {
            CliValues.atLeast(classes, 1, "--classes");
        }
        if (classOrder != null && !classOrder.equals("standard") && !classOrder.equals("incremental")) {
            throw new UsageException("--class-order must be standard or incremental, not '" + classOrder + "'");
        }
        TrainSet taskSet = task == null ? null : CliValues.parse(() -> TrainSet.parse(task), "--task");
        Device dev = device.device();
        CliValues.file(weights, "--weights", "a weights file");
        CliValues.file(image, "--image", "an image file");
        CliValues.outputFolder(outputPath, "--output-path");
        BufferedImage input = ImageFiles.read(image);
        try (Model model = classes != null
                ? ErfNetModels.load(weights, classes, dev)
                : ErfNetModels.open(weights, dev)) {
            Optional<InputSpec> spec = InputSpec.of(model);
            List<String> recorded = spec.<List<String>>map(InputSpec::classNames).orElse(List.of());
            int channels = classes != null ? classes
                    : !recorded.isEmpty() ? recorded.size() : outputChannels(model);
            List<String> names = !recorded.isEmpty() && classOrder == null ? recorded : classNames(channels);
            ClassSubset subset = taskSet == null ? ClassSubset.all(channels) : taskChannels(taskSet, names);
            SegmentationTranslator.Builder tb = SegmentationTranslator.builder()
                    .optClassNames(names)
                    .optClassSubset(subset)
                    .optUpsampling(up);
            spec.ifPresent(tb::optInputSpec);
            if (norm != null) {
                tb.optNormalization(norm);
            }
            if (size[0] > 0) {
                tb.optInputSize(size[0], size[1]);
            }
            SegmentationTranslator translator = tb.build();
            CategoryMask mask;
            try (Segmenter segmenter = Segmenter.builder()
                    .setModel(model).optTranslator(translator).build()) {
                mask = segmenter.segment(ImageFactory.getInstance().fromImage(input));
            }
            write(mask, names, spec.<Map<String, Integer>>map(InputSpec::classColors).orElse(Map.of()));
        }
        return 0;
    }

    /** Writes the class map and the colour map (in the colours the checkpoint recorded, if any). */
    private void write(CategoryMask mask, List<String> names, Map<String, Integer> colors) {
        int[][] rows = mask.getMask();
        int h = rows.length;
        int w = rows[0].length;
        int[] flat = new int[w * h];
        byte[] ids = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                flat[y * w + x] = rows[y][x];
                ids[y * w + x] = (byte) rows[y][x];
            }
        }
        String stem = image.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        // Cityscapes classes (by name, in any channel order) are written as trainIds; other
        // class spaces as indices into the model's class list
        Optional<int[]> toTrainId = CityscapesLabels.trainIdsOf(names);
        if (toTrainId.isPresent()) {
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (byte) toTrainId.get()[flat[i]];
            }
        }
        Path idFile = outputPath.resolve(stem + (toTrainId.isPresent() ? "_trainIds.png" : "_classIds.png"));
        Path color = outputPath.resolve(stem + "_color.png");
        ImageFiles.writePng(ImageFiles.grayImage(ids, w, h), idFile);
        ColorMap palette = CliValues.colors(names, colors);
        ImageFiles.writePng(palette.colorize(flat, w, h), color);
        System.err.println("wrote " + idFile + " and " + color);
    }

    private List<String> classNames(int channels) {
        String order = classOrder != null ? classOrder : (channels == 20 ? "standard" : "incremental");
        List<String> names = new ArrayList<>();
        switch (order) {
            case "standard" -> {
                if (channels != 19 && channels != 20) {
                    throw new UsageException("--class-order standard needs 19 or 20 channels, the network has "
                            + channels);
                }
                for (CityscapesLabel l : CityscapesLabels.trainClasses()) {
                    names.add(l.name());
                }
                if (channels == 20) {
                    names.add("void");
                }
            }
            case "incremental" -> {
                List<String> all = TrainSet.parse("123").classes();
                if (channels != 5 && channels != 11 && channels != 19) {
                    throw new UsageException("--class-order incremental needs 5, 11 or 19 channels, the"
                            + " network has " + channels);
                }
                names.addAll(all.subList(0, channels));
            }
            default -> throw new UsageException(
                    "--class-order must be standard or incremental, not '" + order + "'");
        }
        return names;
    }

    private ClassSubset taskChannels(TrainSet taskSet, List<String> names) {
        List<String> taskClasses = taskSet.classes();
        List<Integer> channels = new ArrayList<>();
        for (String c : taskClasses) {
            int i = names.indexOf(c);
            if (i < 0) {
                throw new UsageException("--task " + task + " needs class '" + c
                        + "', which the network (" + names.size() + " channels) does not have");
            }
            channels.add(i);
        }
        return ClassSubset.of(channels);
    }

    private static int outputChannels(Model model) {
        try (ai.djl.ndarray.NDManager m = model.getNDManager().newSubManager()) {
            ai.djl.ndarray.NDArray x = m.zeros(new ai.djl.ndarray.types.Shape(1, 3, 64, 64));
            return (int) model.getBlock()
                    .forward(new ai.djl.training.ParameterStore(m, false), new ai.djl.ndarray.NDList(x), false)
                    .singletonOrThrow().getShape().get(1);
        }
    }


}
