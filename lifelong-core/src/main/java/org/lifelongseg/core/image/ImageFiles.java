package org.lifelongseg.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.lifelongseg.core.checkpoint.AtomicFiles;

/**
 * Reads and writes image files with errors that name the file and what is wrong with it.
 *
 * <pre>{@code
 * RgbImage img = ImageFiles.readRgb(Path.of("frame.png"));          // any PNG/JPEG: gray, RGBA, 16-bit
 * LabelMap ids = ImageFiles.readLabels(Path.of("x_labelIds.png"));     // 8-bit single channel
 * ImageFiles.writePng(img.toBufferedImage(), Path.of("out.png"));   // atomic
 * }</pre>
 */
public final class ImageFiles {

    private ImageFiles() {}

    /**
     * Decodes an image file.
     *
     * @throws InvalidImageException naming the file if it is missing, a folder, of an unknown
     *     format, larger than {@link ImageLimits#MAX_PIXELS} (checked before decoding) or corrupt
     */
    public static BufferedImage read(Path file) {
        return withReader(file, reader -> {
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            if (!ImageLimits.fits(w, h)) {
                throw new InvalidImageException(file, ImageLimits.tooLarge(w, h));
            }
            return reader.read(0);
        });
    }

    /**
     * The size of an image file from its header, without decoding the pixels.
     *
     * @return {@code {width, height}}
     * @throws InvalidImageException naming the file as {@link #read} does
     */
    public static int[] size(Path file) {
        return withReader(file, reader -> new int[] {reader.getWidth(0), reader.getHeight(0)});
    }

    /** What to do with an image's ImageIO reader. */
    private interface ReaderCall<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /** Opens the reader of an image file, its input set, for {@code call}. */
    private static <T> T withReader(Path file, ReaderCall<T> call) {
        if (Files.isDirectory(file)) {
            throw new InvalidImageException(file, "is a folder, expected an image file");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidImageException(file, "no such file");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidImageException(file, "cannot read the file (permission denied)");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new InvalidImageException(file, "cannot open the file");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidImageException(
                        file, "not an image format this reader knows (PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return call.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException(
                    file, "cannot decode image (truncated or corrupt?): " + e.getMessage(), e);
        }
    }

    /** Decodes an image file to 8-bit RGB (gray is replicated, alpha dropped, 16-bit reduced). */
    public static RgbImage readRgb(Path file) {
        return RgbImage.of(read(file));
    }

    /**
     * Decodes a single-channel 8-bit label image (class ids, one byte per pixel; gray levels or
     * palette indices), e.g. a Cityscapes {@code *_labelIds.png}.
     *
     * @throws InvalidImageException naming the file if it is unreadable, has more than one
     *     channel or values above 255
     */
    public static LabelMap readLabels(Path file) {
        BufferedImage img = read(file);
        Raster raster = img.getRaster();
        if (raster.getNumBands() != 1) {
            throw new InvalidImageException(
                    file, "label image must have one channel, found " + raster.getNumBands());
        }
        int bits = img.getColorModel().getComponentSize(0);
        if (bits != 8 && bits != 16) {
            throw new InvalidImageException(file, "label image must be 8-bit, found " + bits + "-bit");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        if (bits == 8 && raster.getDataBuffer() instanceof DataBufferByte dbb
                && img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return new LabelMap(file, w, h, dbb.getData().clone());
        }
        byte[] out = new byte[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                if (row[x] > 255) {
                    throw new InvalidImageException(
                            file, "label value " + row[x] + " at (" + x + "," + y + ") exceeds 255");
                }
                out[y * w + x] = (byte) row[x];
            }
        }
        return new LabelMap(file, w, h, out);
    }

    /**
     * Writes a PNG atomically (temporary file in the same folder, then rename).
     *
     * @throws UncheckedIOException naming the file and why it cannot be written
     */
    public static void writePng(BufferedImage img, Path file) {
        try {
            AtomicFiles.write(file, out -> {
                if (!ImageIO.write(img, "png", out)) {
                    throw new IOException("no PNG writer for image type " + img.getType());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** An 8-bit gray image of the given label bytes. */
    public static BufferedImage grayImage(byte[] labels, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(labels, 0, dst, 0, labels.length);
        return img;
    }
}
