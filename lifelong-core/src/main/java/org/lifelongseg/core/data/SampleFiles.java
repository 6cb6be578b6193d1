package org.lifelongseg.core.data;

import java.nio.file.Path;

/**
 * A sample stored as two files: the image and its label map.
 *
 * <pre>{@code
 * SampleFiles s = layout.samples("train").get(0);   // a FolderSample, a CityscapesPair, ...
 * LabeledImage img = new SampleReader(PngDecoder.fastest()).read(s, encoding);
 * }</pre>
 */
public interface SampleFiles extends SampleInfo {

    /** The image file (PNG, or any format ImageIO reads). */
    Path image();

    /** The label map file: one 8-bit value per pixel (see {@link LabelEncoding}). */
    Path label();
}
