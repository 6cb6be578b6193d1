package org.lifelongseg.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.image.DecodedImage;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.PngDecoder;
import org.lifelongseg.core.task.ClassSpace;

/** The shared reader: which decoder reads which file, and the errors that name the file. */
class SampleReaderTest {

    record Files2(String id, Path image, Path label) implements SampleFiles {
        @Override
        public String group() {
            return id;
        }
    }

    /** Records the files it is asked for and decodes them with the fast decoder. */
    static final class Recording implements PngDecoder {
        final List<Path> asked = new ArrayList<>();

        @Override
        public synchronized DecodedImage decodeRgb(Path file) throws IOException {
            asked.add(file);
            return PngDecoder.fast().decodeRgb(file);
        }

        @Override
        public synchronized DecodedImage decodeGray(Path file) throws IOException {
            asked.add(file);
            return PngDecoder.fast().decodeGray(file);
        }
    }

    static final LabelEncoding TWO = LabelEncoding.classIndices("classes.txt", ClassSpace.of("a", "b"));

    static BufferedImage rgb(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (10 * x) << 16 | (20 * y) << 8 | 77);
            }
        }
        return img;
    }

    static Path labels(Path file, int w, int h, int value) {
        byte[] v = new byte[w * h];
        java.util.Arrays.fill(v, (byte) value);
        v[0] = (byte) 255;
        ImageFiles.writePng(ImageFiles.grayImage(v, w, h), file);
        return file;
    }

    @Test
    void pngGoesToTheGivenDecoderAndJpegToImageIo(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("x.png");
        ImageFiles.writePng(rgb(6, 4), png);
        Path jpg = dir.resolve("y.JPG");
        BufferedImage flat = new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                flat.setRGB(x, y, 90 << 16 | 140 << 8 | 77);
            }
        }
        ImageIO.write(flat, "jpg", jpg.toFile());
        Path lab = labels(dir.resolve("x_labels.png"), 6, 4, 1);
        Recording decoder = new Recording();
        SampleReader reader = new SampleReader(decoder);
        LabeledImage a = reader.read(new Files2("x", png, lab), TWO);
        assertEquals(List.of(png, lab), decoder.asked);
        assertArrayEquals(PngDecoder.imageIo().decodeRgb(png).pixels(), a.rgb());
        assertEquals(255, a.labels()[0] & 0xFF);
        assertEquals(1, a.labels()[1]);
        LabeledImage b = reader.read(new Files2("y", jpg, lab), TWO);
        assertEquals(List.of(png, lab, lab), decoder.asked, "the JPEG went to ImageIO");
        for (int i = 0; i < b.rgb().length; i += 3) {
            assertEquals(90, b.rgb()[i] & 0xFF, 8.0, "JPEG is lossy but close");
            assertEquals(140, b.rgb()[i + 1] & 0xFF, 8.0);
            assertEquals(77, b.rgb()[i + 2] & 0xFF, 8.0);
        }
        assertEquals(Set.of("b"), reader.classesIn(new Files2("x", png, lab), TWO));
    }

    @Test
    void badFilesAreNamed(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("x.png");
        ImageFiles.writePng(rgb(6, 4), png);
        Path small = labels(dir.resolve("small.png"), 3, 4, 0);
        Path badValue = labels(dir.resolve("seven.png"), 6, 4, 7);
        SampleReader reader = new SampleReader(PngDecoder.fastest());
        BadSampleException e = assertThrows(BadSampleException.class,
                () -> reader.read(new Files2("x", png, small), TWO));
        assertEquals(small + ": label map is 3x4 but its image " + png + " is 6x4", e.getMessage());
        e = assertThrows(BadSampleException.class, () -> reader.read(new Files2("x", png, badValue), TWO));
        assertTrue(e.getMessage().startsWith(badValue + ": label value 7 (at x=1, y=0; 23 pixel(s)) is not a"
                + " class: classes.txt lists 2 classes"), e.getMessage());
        Path missing = dir.resolve("missing.png");
        e = assertThrows(BadSampleException.class, () -> reader.read(new Files2("x", missing, small), TWO));
        assertEquals(missing + ": file is missing", e.getMessage());
        e = assertThrows(BadSampleException.class, () -> reader.read(new Files2("x", dir, small), TWO));
        assertEquals(dir + ": is a folder, expected an image file", e.getMessage());
        Path text = dir.resolve("text.png");
        Files.writeString(text, "not an image, but long enough to have a header.........");
        e = assertThrows(BadSampleException.class, () -> reader.read(new Files2("x", text, small), TWO));
        assertEquals(text + ": not a PNG file", e.getMessage());
        e = assertThrows(BadSampleException.class, () -> reader.read(new Files2("x", png, png), TWO));
        assertTrue(e.getMessage().startsWith(png + ": a label map must have one channel"), e.getMessage());
    }
}
