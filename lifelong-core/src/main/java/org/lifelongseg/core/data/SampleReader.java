package org.lifelongseg.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.lifelongseg.core.image.DecodedImage;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.InvalidImageException;
import org.lifelongseg.core.image.PngDecoder;

/**
 * Reads and checks one image/label-map pair: PNG files through a {@link PngDecoder} (by default
 * the fast one), other images (JPEG, ...) through ImageIO. Thread-safe.
 *
 * <pre>{@code
 * SampleReader reader = new SampleReader(PngDecoder.fastest());
 * LabeledImage img = reader.read(sample, encoding);   // labels hold the file's raw values
 * }</pre>
 *
 * <p>Checks: both files readable and complete, the label map single-channel, both of the same
 * size, and every label value valid in the sample's {@link LabelEncoding}; {@link #check} makes
 * them reading only the image's header. Every error is a
 * {@link BadSampleException} naming the file at fault.
 */
public final class SampleReader {

    private final PngDecoder decoder;

    /** A reader decoding PNG files with {@code decoder}. */
    public SampleReader(PngDecoder decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /** The PNG decoder. */
    public PngDecoder decoder() {
        return decoder;
    }

    /**
     * Reads a sample.
     *
     * @param sample the sample's files
     * @param encoding how its label file encodes classes
     * @return the image and its raw label values
     * @throws BadSampleException naming the file and what is wrong with it
     */
    public LabeledImage read(SampleFiles sample, LabelEncoding encoding) throws BadSampleException {
        DecodedImage rgb = decode(sample, sample.image(), true);
        DecodedImage lab = readLabels(sample, encoding);
        requireSameSize(sample, rgb.width(), rgb.height(), lab);
        return new LabeledImage(sample.id(), rgb.width(), rgb.height(), rgb.pixels(), lab.pixels());
    }

    /**
     * Checks a sample without decoding its image: the label map as {@link #readLabels} does, the
     * image's size (from its header) against the label map's.
     *
     * @return the label map (raw values)
     * @throws BadSampleException naming the file at fault (both files if the sizes differ)
     */
    public DecodedImage check(SampleFiles sample, LabelEncoding encoding) throws BadSampleException {
        DecodedImage lab = readLabels(sample, encoding);
        int[] size;
        try {
            size = ImageFiles.size(sample.image());
        } catch (InvalidImageException e) {
            throw new BadSampleException(sample.id(), sample.image(), withoutFile(e, sample.image()), e);
        }
        requireSameSize(sample, size[0], size[1], lab);
        return lab;
    }

    private static void requireSameSize(SampleFiles sample, int width, int height, DecodedImage lab)
            throws BadSampleException {
        if (width != lab.width() || height != lab.height()) {
            throw new BadSampleException(sample.id(), sample.label(), "label map is " + lab.width()
                    + "x" + lab.height() + " but its image " + sample.image() + " is " + width
                    + "x" + height);
        }
    }

    /**
     * Reads and checks only the label map (raw values).
     *
     * @throws BadSampleException naming the file if it is unreadable or holds invalid values
     */
    public DecodedImage readLabels(SampleFiles sample, LabelEncoding encoding) throws BadSampleException {
        DecodedImage lab = decode(sample, sample.label(), false);
        encoding.check(sample.id(), sample.label(), lab.pixels(), lab.width());
        return lab;
    }

    /**
     * The classes a sample's label map shows (at least one pixel).
     *
     * @throws BadSampleException naming the file if it is unreadable or holds invalid values
     */
    public Set<String> classesIn(SampleFiles sample, LabelEncoding encoding) throws BadSampleException {
        return encoding.classesIn(readLabels(sample, encoding).pixels());
    }

    private DecodedImage decode(SampleFiles sample, Path file, boolean rgb) throws BadSampleException {
        if (Files.isDirectory(file)) {
            throw new BadSampleException(sample.id(), file, "is a folder, expected an image file");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadSampleException(sample.id(), file, "file is missing");
        }
        PngDecoder d = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")
                ? decoder : PngDecoder.imageIo();
        try {
            return rgb ? d.decodeRgb(file) : d.decodeGray(file);
        } catch (IOException | RuntimeException e) {
            throw new BadSampleException(sample.id(), file, withoutFile(e, file), e);
        }
    }

    /** The message of a failure reading {@code file}, without the file's name it may start with. */
    private static String withoutFile(Exception e, Path file) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.startsWith(file.toString()) ? m.substring(file.toString().length()).replaceFirst("^: ", "") : m;
    }

    @Override
    public String toString() {
        return "SampleReader{" + decoder + "}";
    }
}
