package org.lifelongseg.core.image;

/**
 * Decoded 8-bit pixels, row-major and interleaved.
 *
 * <pre>{@code
 * DecodedImage rgb = decoder.decodeRgb(path);   // channels == 3
 * int g = rgb.pixels()[(y * rgb.width() + x) * 3 + 1] & 0xFF;
 * }</pre>
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param channels 1 (gray / label map) or 3 (RGB)
 * @param pixels height x width x channels unsigned bytes; not copied
 */
public record DecodedImage(int width, int height, int channels, byte[] pixels) {}
