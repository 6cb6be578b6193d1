package org.lifelongseg.cityscapes.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.lifelongseg.core.data.BadSampleException;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.image.DecodedImage;
import org.lifelongseg.core.image.PngDecoder;

/**
 * Reads and checks one image/ground-truth pair.
 *
 * <pre>{@code
 * CityscapesReader reader = new CityscapesReader(PngDecoder.fastest());
 * LabeledImage img = reader.read(pair);   // labels hold the file's raw values (labelIds or trainIds)
 * }</pre>
 *
 * <p>Checks: both files readable and complete, the image RGB, both of the same size, and every
 * label value in the label table of the pair's {@link LabelFormat}.
 */
public final class CityscapesReader {

    private final PngDecoder decoder;

    /** A reader decoding with {@code decoder}. */
    public CityscapesReader(PngDecoder decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /** The decoder. */
    public PngDecoder decoder() {
        return decoder;
    }

    /**
     * Reads the pair.
     *
     * @throws BadSampleException naming the file and what is wrong with it
     */
    public LabeledImage read(CityscapesPair pair) throws BadSampleException {
        DecodedImage rgb = decode(pair, pair.image(), true);
        DecodedImage lab = decodeLabels(pair);
        if (rgb.width() != lab.width() || rgb.height() != lab.height()) {
            throw new BadSampleException(pair.id(), pair.label(),
                    "ground truth is " + lab.width() + "x" + lab.height() + " but its image "
                            + pair.image().getFileName() + " is " + rgb.width() + "x" + rgb.height());
        }
        return new LabeledImage(pair.id(), rgb.width(), rgb.height(), rgb.pixels(), lab.pixels());
    }

    /**
     * Reads and checks only the ground truth (raw values).
     *
     * @throws BadSampleException naming the file if it is unreadable or has values outside the table
     */
    public DecodedImage decodeLabels(CityscapesPair pair) throws BadSampleException {
        DecodedImage lab = decode(pair, pair.label(), false);
        checkValues(pair, lab.pixels(), lab.width());
        return lab;
    }

    private DecodedImage decode(CityscapesPair pair, Path file, boolean rgb)
            throws BadSampleException {
        if (!Files.isRegularFile(file)) {
            throw new BadSampleException(pair.id(), file, "file is missing");
        }
        try {
            return rgb ? decoder.decodeRgb(file) : decoder.decodeGray(file);
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            if (m.startsWith(file.toString())) {
                m = m.substring(file.toString().length()).replaceFirst("^: ", "");
            }
            throw new BadSampleException(pair.id(), file, m, e);
        }
    }

    private static void checkValues(CityscapesPair pair, byte[] labels, int width)
            throws BadSampleException {
        boolean[] ok = pair.format().validValues();
        for (int i = 0; i < labels.length; i++) {
            int v = labels[i] & 0xFF;
            if (!ok[v]) {
                long count = 0;
                for (byte b : labels) {
                    if ((b & 0xFF) == v) {
                        count++;
                    }
                }
                throw new BadSampleException(pair.id(), pair.label(),
                        "label value " + v + " (at x=" + i % width + ", y=" + i / width + "; "
                                + count + " pixel(s)) is not in the Cityscapes "
                                + (pair.format() == LabelFormat.LABEL_IDS
                                        ? "label table (labelIds 0..33)"
                                        : "trainId table (0..18, 255)"));
            }
        }
    }
}
