package org.lifelongseg.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes PNG files of huge dimensions cheaply, for tests of the readers' size limit.
 *
 * <pre>{@code
 * LargePngs.blackBilevel(dir.resolve("big.png"), 30000, 30000); // valid, ~110 KB
 * LargePngs.headerOnly(dir.resolve("big8.png"), 30000, 30000, 8, 2); // IHDR says 8-bit RGB, no pixels
 * }</pre>
 */
public final class LargePngs {

    private LargePngs() {}

    /** A valid all-black 1-bit grayscale PNG (rows of zeros compress about 1000:1). */
    public static Path blackBilevel(Path file, int width, int height) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (OutputStream z = new DeflaterOutputStream(idat)) {
            byte[] row = new byte[1 + (width + 7) / 8]; // filter type 0, then the packed pixels
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        }
        return write(file, ihdr(width, height, 1, 0), idat.toByteArray());
    }

    /**
     * A PNG whose header announces {@code width x height} pixels of the given bit depth and colour
     * type but whose image data is a few bytes: a reader must judge the size from the header.
     */
    public static Path headerOnly(Path file, int width, int height, int bitDepth, int colorType)
            throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (OutputStream z = new DeflaterOutputStream(idat)) {
            z.write(new byte[16]);
        }
        return write(file, ihdr(width, height, bitDepth, colorType), idat.toByteArray());
    }

    private static byte[] ihdr(int width, int height, int bitDepth, int colorType) {
        return ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) bitDepth)
                .put((byte) colorType).put((byte) 0).put((byte) 0).put((byte) 0).array();
    }

    private static Path write(Path file, byte[] ihdr, byte[] idat) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(png, "IHDR", ihdr);
        chunk(png, "IDAT", idat);
        chunk(png, "IEND", new byte[0]);
        Files.write(file, png.toByteArray());
        return file;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(t);
        out.write(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
