package org.lifelongseg.examples.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lifelongseg.cityscapes.labels.CityscapesLabel;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.cityscapes.labels.CityscapesPalette;
import org.lifelongseg.core.checkpoint.CheckpointLayout;
import org.lifelongseg.core.image.ImageLimits;
import org.lifelongseg.core.infer.ColorMap;
import picocli.CommandLine;

/**
 * Option values shared by the commands, each turning bad input into a {@link UsageException} whose
 * message names the option (and the value or file) and says what is wrong.
 */
final class CliValues {

    /** The device names {@code --device} accepts (DJL's names of a CPU and a single GPU). */
    private static final Pattern DEVICE = Pattern.compile("cpu|gpu[0-9]*");

    private static final Pattern INPUT_SIZE = Pattern.compile("\\s*([0-9]{1,18})\\s*x\\s*([0-9]{1,18})\\s*");

    /** The splits of a Cityscapes tree. */
    static final List<String> SPLITS = List.of("train", "val", "test");

    private CliValues() {}

    /** Runs a library parser, reporting its complaint under the option's name. */
    static <T> T parse(Supplier<T> parser, String option) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    /**
     * Converts the numeric options with messages in the user's words ("'x' is not a whole number",
     * not picocli's "'x' is not an int"); infinite and NaN values are refused.
     */
    static void registerNumberConverters(CommandLine cli) {
        CommandLine.ITypeConverter<Integer> wholeNumber = s -> number(s, Integer::valueOf, "a whole number");
        CommandLine.ITypeConverter<Long> longNumber = s -> number(s, Long::valueOf, "a whole number");
        CommandLine.ITypeConverter<Double> real = s -> {
            double d = number(s, Double::valueOf, "a number");
            if (!Double.isFinite(d)) {
                throw new CommandLine.TypeConversionException("'" + s + "' is not a finite number");
            }
            return d;
        };
        cli.registerConverter(Integer.class, wholeNumber).registerConverter(int.class, wholeNumber)
                .registerConverter(Long.class, longNumber).registerConverter(long.class, longNumber)
                .registerConverter(Double.class, real).registerConverter(double.class, real);
    }

    private static <T> T number(String text, Function<String, T> parser, String what) {
        try {
            return parser.apply(text.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is "
                    + (text.trim().matches("[+-]?[0-9]+") ? "out of range" : "not " + what));
        }
    }

    /** {@code value}, checked to be at least {@code min}. */
    static int atLeast(int value, int min, String option) {
        if (value < min) {
            throw new UsageException(option + " must be at least " + min + ", not " + value);
        }
        return value;
    }

    /**
     * {@code WxH} with positive multiples of 32 of at most {@link ImageLimits#MAX_SIDE}, as {@code
     * {w, h}}.
     */
    static int[] inputSize(String text) {
        Matcher m = INPUT_SIZE.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long w = Long.parseLong(m.group(1));
            long h = Long.parseLong(m.group(2));
            if (w > ImageLimits.MAX_SIDE || h > ImageLimits.MAX_SIDE) {
                throw new UsageException("--input-size " + text + ": width and height must be at most "
                        + ImageLimits.MAX_SIDE);
            }
            if (w > 0 && h > 0 && w % 32 == 0 && h % 32 == 0) {
                return new int[] {(int) w, (int) h};
            }
        }
        throw new UsageException("--input-size must be WxH with positive multiples of 32 (e.g. 1024x512),"
                + " not '" + text + "'");
    }

    /** A network input side ({@code --height}, {@code --width}): a positive multiple of 32. */
    static int networkSide(int value, String option) {
        if (value <= 0 || value % 32 != 0 || value > ImageLimits.MAX_SIDE) {
            throw new UsageException(option + " must be a positive multiple of 32 of at most "
                    + ImageLimits.MAX_SIDE + ", not " + value);
        }
        return value;
    }

    /**
     * The device named by {@code --device}: {@code cpu}, {@code gpu} or {@code gpuN}; a GPU must
     * exist.
     */
    static Device device(String name) {
        if (!DEVICE.matcher(name).matches()) {
            throw new UsageException("--device " + name + ": expected cpu, gpu or gpuN (e.g. gpu0)");
        }
        if (name.equals("cpu")) {
            return Device.cpu();
        }
        Device d = Device.fromName(name);
        int gpus = Engine.getInstance().getGpuCount();
        if (gpus == 0) {
            throw new UsageException("--device " + name + ": no GPU found (PyTorch sees none); use --device cpu");
        }
        if (d.getDeviceId() >= gpus) {
            throw new UsageException("--device " + name + ": no such GPU; found " + gpus + " (gpu0"
                    + (gpus > 1 ? " to gpu" + (gpus - 1) : "") + ")");
        }
        return d;
    }

    /**
     * The colours of classes in colour maps and reports, the one rule of every command: the colours
     * the dataset gives (a folder dataset's {@code classes.txt}, or those a checkpoint recorded from
     * it), by class name, when they cover every class; else the Cityscapes colours when every class
     * but {@code void} (black) is a Cityscapes class; else a fixed set of well-separated hues (your
     * own dataset's classes, even if some share a Cityscapes name such as sky, which would leave
     * the others black).
     *
     * @param given colours 0xRRGGBB by class name, empty if none
     */
    static ColorMap colors(List<String> classNames, Map<String, Integer> given) {
        if (!given.isEmpty() && given.keySet().containsAll(classNames)) {
            return ColorMap.of(classNames.stream().mapToInt(given::get).toArray());
        }
        boolean cityscapes = classNames.stream().filter(n -> !n.equals("void")).allMatch(n -> CityscapesLabels
                .findByName(n).filter(CityscapesLabel::isEvaluated).isPresent());
        return cityscapes ? CityscapesPalette.forClasses(classNames) : ColorMap.distinct(classNames.size());
    }

    /** One of the Cityscapes splits (train, val, test). */
    static String split(String value, String option) {
        if (!SPLITS.contains(value)) {
            throw new UsageException(option + " must be train, val or test, not '" + value + "'");
        }
        return value;
    }

    /**
     * An existing file given to {@code option}.
     *
     * @param kind what the option expects, e.g. "an image file"
     */
    static Path file(Path path, String option, String kind) {
        if (Files.isDirectory(path)) {
            throw new UsageException(option + " " + path + ": is a folder, expected " + kind);
        }
        if (!Files.isRegularFile(path)) {
            throw new UsageException(option + " " + path + ": no such file");
        }
        return path;
    }

    /** An existing folder given to {@code option}. */
    static Path folder(Path path, String option) {
        if (Files.isDirectory(path)) {
            return path;
        }
        if (Files.exists(path)) {
            throw new UsageException(option + " " + path + ": is a file, expected a folder");
        }
        throw new UsageException(option + " " + path + ": no such folder");
    }

    /** A folder the command writes to: absent (it is created) or a folder. */
    static Path outputFolder(Path path, String option) {
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new UsageException(option + " " + path + ": is a file, expected a folder");
        }
        Path blocker = fileAmongParents(path);
        if (blocker != null) {
            throw new UsageException(option + " " + path + ": " + blocker + " is a file, expected a folder");
        }
        return path;
    }

    /** A file the command writes: absent (it is created) or a file, not a folder. */
    static Path outputFile(Path path, String option) {
        if (Files.isDirectory(path)) {
            throw new UsageException(option + " " + path + ": is a folder, expected a file");
        }
        Path blocker = fileAmongParents(path);
        if (blocker != null) {
            throw new UsageException(option + " " + path + ": " + blocker + " is a file, expected a folder");
        }
        return path;
    }

    /** The nearest existing parent of {@code path} if it is not a folder, else null. */
    private static Path fileAmongParents(Path path) {
        for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? null : p;
            }
        }
        return null;
    }

    /**
     * A Cityscapes root (with {@code leftImg8bit/} and {@code gtFine/}).
     *
     * @param what how the error names where the root came from, e.g. {@code "--dataset-root DIR"}
     */
    static Path cityscapesRoot(Path root, String what) {
        if (!Files.exists(root)) {
            throw new UsageException(what + ": no such folder");
        }
        if (!Files.isDirectory(root)) {
            throw new UsageException(what + ": is a file, expected a folder");
        }
        if (!Files.isDirectory(root.resolve("leftImg8bit")) || !Files.isDirectory(root.resolve("gtFine"))) {
            throw new UsageException(what + " is not a Cityscapes tree (no leftImg8bit/ and gtFine/)");
        }
        return root;
    }

    /**
     * The existing checkpoint folder {@code <root>/<name>/models/weights_<epoch>}.
     *
     * @param what how the error names the options that chose it
     */
    static Path checkpointFolder(Path root, String name, int epoch, String what) {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new UsageException("--checkpoint-root " + root + ": is a file, expected a folder");
        }
        Path dir = parse(() -> CheckpointLayout.of(root, name).directory(epoch), what);
        if (!Files.isDirectory(dir)) {
            throw new UsageException(what + ": no checkpoint " + dir);
        }
        return dir;
    }
}
