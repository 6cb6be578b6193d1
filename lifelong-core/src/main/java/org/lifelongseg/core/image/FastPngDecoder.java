package org.lifelongseg.core.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A pure-Java PNG decoder for the common case (8-bit gray, RGB, RGBA, gray+alpha or palette,
 * not interlaced): one inflate of all IDAT data into the final buffer, then in-place unfiltering.
 * Other PNGs (16-bit, low bit depths, interlaced) go to ImageIO. Truncated or corrupt data, and
 * images of more than {@link ImageLimits#MAX_PIXELS} pixels, are errors naming the file (the zlib
 * checksum is verified by the inflater).
 */
final class FastPngDecoder implements PngDecoder {

    static final FastPngDecoder INSTANCE = new FastPngDecoder();

    private static final long SIGNATURE = 0x89504E470D0A1A0AL;

    private FastPngDecoder() {}

    /** Decoded raw pixels in the file's own format. */
    private record Raw(int width, int height, int colorType, int channels, byte[] pixels, byte[] palette) {}

    private static int readInt(byte[] b, int o) {
        return ((b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
    }

    /** Parses and inflates; returns null when the format needs the general decoder. */
    private static Raw decode(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        if (b.length < 8 + 25 || ((long) readInt(b, 0) << 32 | (readInt(b, 4) & 0xFFFFFFFFL)) != SIGNATURE) {
            throw new IOException(file + ": not a PNG file");
        }
        int pos = 8;
        int width = -1;
        int height = -1;
        int colorType = -1;
        byte[] palette = null;
        int idatTotal = 0;
        // first pass: header and the IDAT size
        int p = pos;
        boolean end = false;
        while (p + 8 <= b.length) {
            int len = readInt(b, p);
            int type = readInt(b, p + 4);
            if (len < 0 || p + 12L + len > b.length) {
                throw new IOException(file + ": truncated PNG (chunk at byte " + p + " runs past the end)");
            }
            if (type == 0x49484452) { // IHDR
                width = readInt(b, p + 8);
                height = readInt(b, p + 12);
                if (width > 0 && height > 0 && !ImageLimits.fits(width, height)) {
                    throw new IOException(file + ": " + ImageLimits.tooLarge(width, height));
                }
                int bitDepth = b[p + 16] & 0xFF;
                colorType = b[p + 17] & 0xFF;
                int interlace = b[p + 20] & 0xFF;
                if (bitDepth != 8 || interlace != 0) {
                    return null;
                }
            } else if (type == 0x504C5445) { // PLTE
                palette = new byte[len];
                System.arraycopy(b, p + 8, palette, 0, len);
            } else if (type == 0x49444154) { // IDAT
                idatTotal += len;
            } else if (type == 0x49454E44) { // IEND
                end = true;
                break;
            }
            p += 12 + len;
        }
        if (width <= 0 || height <= 0) {
            throw new IOException(file + ": PNG without a valid IHDR");
        }
        if (!end) {
            throw new IOException(file + ": truncated PNG (no IEND chunk)");
        }
        int channels;
        switch (colorType) {
            case 0: channels = 1; break;
            case 2: channels = 3; break;
            case 3: channels = 1; break;
            case 4: channels = 2; break;
            case 6: channels = 4; break;
            default: throw new IOException(file + ": unsupported PNG colour type " + colorType);
        }
        if (colorType == 3 && palette == null) {
            throw new IOException(file + ": palette PNG without PLTE chunk");
        }
        byte[] idat = new byte[idatTotal];
        int o = 0;
        p = pos;
        while (p + 8 <= b.length) {
            int len = readInt(b, p);
            int type = readInt(b, p + 4);
            if (type == 0x49444154) {
                System.arraycopy(b, p + 8, idat, o, len);
                o += len;
            } else if (type == 0x49454E44) {
                break;
            }
            p += 12 + len;
        }
        int stride = width * channels;
        long rawSize = (long) height * (stride + 1);
        if (rawSize > Integer.MAX_VALUE - 16) {
            throw new IOException(file + ": image too large: " + width + "x" + height);
        }
        byte[] raw = new byte[(int) rawSize];
        Inflater inf = new Inflater();
        try {
            inf.setInput(idat);
            int got = 0;
            while (got < raw.length) {
                int n = inf.inflate(raw, got, raw.length - got);
                if (n == 0) {
                    if (inf.finished() || inf.needsInput()) {
                        throw new IOException(file + ": truncated PNG image data (" + got + " of "
                                + raw.length + " bytes)");
                    }
                    if (inf.needsDictionary()) {
                        throw new IOException(file + ": corrupt PNG image data (needs a dictionary)");
                    }
                }
                got += n;
            }
            // consume the stream end so that the checksum is verified
            byte[] rest = new byte[1];
            while (!inf.finished()) {
                int n = inf.inflate(rest);
                if (n > 0) {
                    throw new IOException(file + ": PNG image data longer than the image");
                }
                if (inf.needsInput()) {
                    throw new IOException(file + ": truncated PNG image data (no stream end)");
                }
            }
        } catch (DataFormatException e) {
            throw new IOException(file + ": corrupt PNG image data: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
        byte[] pixels = new byte[height * stride];
        unfilter(raw, pixels, width, height, channels, file);
        return new Raw(width, height, colorType, channels, pixels, palette);
    }

    private static void unfilter(byte[] raw, byte[] out, int w, int h, int bpp, Path file)
            throws IOException {
        int stride = w * bpp;
        for (int y = 0; y < h; y++) {
            int in = y * (stride + 1);
            int filter = raw[in] & 0xFF;
            in++;
            int o = y * stride;
            int prev = o - stride;
            switch (filter) {
                case 0:
                    System.arraycopy(raw, in, out, o, stride);
                    break;
                case 1:
                    for (int i = 0; i < stride; i++) {
                        int left = i >= bpp ? out[o + i - bpp] : 0;
                        out[o + i] = (byte) (raw[in + i] + left);
                    }
                    break;
                case 2:
                    if (y == 0) {
                        System.arraycopy(raw, in, out, o, stride);
                    } else {
                        for (int i = 0; i < stride; i++) {
                            out[o + i] = (byte) (raw[in + i] + out[prev + i]);
                        }
                    }
                    break;
                case 3:
                    for (int i = 0; i < stride; i++) {
                        int left = i >= bpp ? out[o + i - bpp] & 0xFF : 0;
                        int up = y > 0 ? out[prev + i] & 0xFF : 0;
                        out[o + i] = (byte) (raw[in + i] + ((left + up) >>> 1));
                    }
                    break;
                case 4:
                    if (y == 0) { // Paeth with no row above is Sub
                        for (int i = 0; i < stride; i++) {
                            int left = i >= bpp ? out[o + i - bpp] : 0;
                            out[o + i] = (byte) (raw[in + i] + left);
                        }
                        break;
                    }
                    for (int i = 0; i < bpp; i++) { // no left neighbour: the predictor is "up"
                        out[o + i] = (byte) (raw[in + i] + out[prev + i]);
                    }
                    for (int i = bpp; i < stride; i++) {
                        int a = out[o + i - bpp] & 0xFF;
                        int bb = out[prev + i] & 0xFF;
                        int c = out[prev + i - bpp] & 0xFF;
                        int pa = Math.abs(bb - c);
                        int pb = Math.abs(a - c);
                        int pc = Math.abs(a + bb - 2 * c);
                        int pred = (pa <= pb && pa <= pc) ? a : (pb <= pc ? bb : c);
                        out[o + i] = (byte) (raw[in + i] + pred);
                    }
                    break;
                default:
                    throw new IOException(file + ": corrupt PNG image data (filter type " + filter
                            + " in row " + y + ")");
            }
        }
    }

    @Override
    public DecodedImage decodeRgb(Path file) throws IOException {
        Raw r = decode(file);
        if (r == null) {
            return ImageIoPngDecoder.INSTANCE.decodeRgb(file);
        }
        int n = r.width() * r.height();
        byte[] px = r.pixels();
        byte[] out;
        switch (r.colorType()) {
            case 2:
                out = px;
                break;
            case 6:
                out = new byte[n * 3];
                for (int i = 0, j = 0; i < n; i++, j += 4) {
                    out[i * 3] = px[j];
                    out[i * 3 + 1] = px[j + 1];
                    out[i * 3 + 2] = px[j + 2];
                }
                break;
            case 0:
            case 4:
                out = new byte[n * 3];
                for (int i = 0; i < n; i++) {
                    byte v = px[i * r.channels()];
                    out[i * 3] = v;
                    out[i * 3 + 1] = v;
                    out[i * 3 + 2] = v;
                }
                break;
            default: { // palette
                out = new byte[n * 3];
                byte[] pal = r.palette();
                for (int i = 0; i < n; i++) {
                    int k = (px[i] & 0xFF) * 3;
                    if (k + 2 >= pal.length) {
                        throw new IOException(file + ": palette index " + (k / 3) + " outside the palette");
                    }
                    out[i * 3] = pal[k];
                    out[i * 3 + 1] = pal[k + 1];
                    out[i * 3 + 2] = pal[k + 2];
                }
            }
        }
        return new DecodedImage(r.width(), r.height(), 3, out);
    }

    @Override
    public DecodedImage decodeGray(Path file) throws IOException {
        Raw r = decode(file);
        if (r == null) {
            return ImageIoPngDecoder.INSTANCE.decodeGray(file);
        }
        if (r.colorType() == 0 || r.colorType() == 3) {
            return new DecodedImage(r.width(), r.height(), 1, r.pixels());
        }
        throw new IOException(file + ": a label map must have one channel, found " + r.channels()
                + " (PNG colour type " + r.colorType() + ")");
    }
}
