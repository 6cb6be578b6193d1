package org.lifelongseg.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;

/** {@link PngDecoder} on the JDK's ImageIO. */
final class ImageIoPngDecoder implements PngDecoder {

    static final ImageIoPngDecoder INSTANCE = new ImageIoPngDecoder();

    private ImageIoPngDecoder() {}

    /** {@link ImageFiles#read}: its checks (size limit before decoding, ...) as an IOException. */
    private static BufferedImage read(Path file) throws IOException {
        try {
            return ImageFiles.read(file);
        } catch (InvalidImageException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public DecodedImage decodeRgb(Path file) throws IOException {
        BufferedImage img = read(file);
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h * 3];
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR && isPlain(img.getRaster(), w * h * 3)) {
            byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < out.length; i += 3) {
                out[i] = bgr[i + 2];
                out[i + 1] = bgr[i + 1];
                out[i + 2] = bgr[i];
            }
        } else if (!(img.getColorModel() instanceof java.awt.image.IndexColorModel)
                && img.getRaster().getNumBands() <= 2) {
            // grey (+ alpha): R = G = B = the grey value, without ImageIO's linear-grey conversion
            Raster r = img.getRaster();
            int bits = r.getSampleModel().getSampleSize(0);
            int[] g = r.getSamples(0, 0, w, h, 0, (int[]) null);
            for (int i = 0; i < g.length; i++) {
                byte v = (byte) (bits > 8 ? g[i] >> (bits - 8)
                        : bits < 8 ? g[i] * 255 / ((1 << bits) - 1) : g[i]);
                out[i * 3] = v;
                out[i * 3 + 1] = v;
                out[i * 3 + 2] = v;
            }
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = row[x];
                    int o = (y * w + x) * 3;
                    out[o] = (byte) (p >> 16);
                    out[o + 1] = (byte) (p >> 8);
                    out[o + 2] = (byte) p;
                }
            }
        }
        return new DecodedImage(w, h, 3, out);
    }

    @Override
    public DecodedImage decodeGray(Path file) throws IOException {
        BufferedImage img = read(file);
        int w = img.getWidth();
        int h = img.getHeight();
        Raster r = img.getRaster();
        if (r.getNumBands() != 1) {
            throw new IOException(file + ": a label map must have one channel, found "
                    + r.getNumBands());
        }
        if ((img.getType() == BufferedImage.TYPE_BYTE_GRAY
                        || img.getType() == BufferedImage.TYPE_BYTE_INDEXED)
                && isPlain(r, w * h)) {
            byte[] data = ((DataBufferByte) r.getDataBuffer()).getData();
            return new DecodedImage(w, h, 1, data.length == w * h ? data : data.clone());
        }
        int[] samples = r.getSamples(0, 0, w, h, 0, (int[]) null);
        byte[] out = new byte[w * h];
        for (int i = 0; i < samples.length; i++) {
            if (samples[i] < 0 || samples[i] > 255) {
                throw new IOException(file + ": label value " + samples[i] + " at (x="
                        + i % w + ", y=" + i / w + ") does not fit 8 bits");
            }
            out[i] = (byte) samples[i];
        }
        return new DecodedImage(w, h, 1, out);
    }

    private static boolean isPlain(Raster r, int expectedBytes) {
        return r.getDataBuffer() instanceof DataBufferByte d
                && d.getNumBanks() == 1
                && d.getData().length == expectedBytes
                && r.getSampleModelTranslateX() == 0
                && r.getSampleModelTranslateY() == 0;
    }
}
