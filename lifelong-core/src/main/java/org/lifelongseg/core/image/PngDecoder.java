package org.lifelongseg.core.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Decodes the PNG files of a dataset (images and label maps) to 8-bit pixels. Implementations are
 * thread-safe.
 *
 * <pre>{@code
 * PngDecoder d = PngDecoder.fastest();
 * DecodedImage rgb = d.decodeRgb(Path.of("frame.png"));
 * DecodedImage ids = d.decodeGray(Path.of("frame_labelIds.png"));
 * }</pre>
 *
 * <p>{@link #imageIo()} reads any format ImageIO knows (JPEG, BMP, ...), not only PNG; {@link
 * #fast()} reads PNG only.
 */
public interface PngDecoder {

    /**
     * Decodes an image as 8-bit RGB.
     *
     * @throws IOException naming the file if it is unreadable, truncated or not an image
     */
    DecodedImage decodeRgb(Path file) throws IOException;

    /**
     * Decodes a single-channel 8-bit image (label map); palette images give their indices.
     *
     * @throws IOException naming the file if it is unreadable, truncated, not single-channel or has
     *     values above 255
     */
    DecodedImage decodeGray(Path file) throws IOException;

    /** The JDK's ImageIO decoder. */
    static PngDecoder imageIo() {
        return ImageIoPngDecoder.INSTANCE;
    }

    /**
     * A pure-Java decoder for 8-bit non-interlaced PNGs (inflate once, unfilter in place; other
     * PNGs go to ImageIO); faster than ImageIO on large 8-bit frames such as Cityscapes'.
     */
    static PngDecoder fast() {
        return FastPngDecoder.INSTANCE;
    }

    /** The fastest decoder available: {@link #fast()}. */
    static PngDecoder fastest() {
        return FastPngDecoder.INSTANCE;
    }
}
