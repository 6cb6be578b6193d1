package org.lifelongseg.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import org.lifelongseg.core.checkpoint.CheckpointLayout;
import picocli.CommandLine;

/** Option values shared by the commands, each turning bad input into a {@link UsageException}. */
final class CliValues {

    private CliValues() {}

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

    /** Runs a library parser, reporting its complaint under the option's name. */
    static <T> T parse(Supplier<T> parser, String option) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    /** {@code WxH} with positive multiples of 32, as {@code {w, h}}. */
    static int[] inputSize(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0].trim());
                int h = Integer.parseInt(parts[1].trim());
                if (w > 0 && h > 0 && w % 32 == 0 && h % 32 == 0) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--input-size must be WxH with positive multiples of 32, not '" + text + "'");
    }

    /**
     * The existing checkpoint folder {@code <root>/<name>/models/weights_<epoch>}.
     *
     * @param what how the error names the options that chose it
     */
    static Path checkpointFolder(Path root, String name, int epoch, String what) {
        Path dir = parse(() -> CheckpointLayout.of(root, name).directory(epoch), what);
        if (!Files.isDirectory(dir)) {
            throw new UsageException(what + ": no checkpoint " + dir);
        }
        return dir;
    }
}
