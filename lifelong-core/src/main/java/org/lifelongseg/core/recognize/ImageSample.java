package org.lifelongseg.core.recognize;

import java.util.Objects;
import org.lifelongseg.core.image.RgbImage;

/**
 * One inference sample: an id (e.g. the file name) and its decoded image.
 *
 * @param id the sample id
 * @param image the RGB image
 */
public record ImageSample(String id, RgbImage image) {

    /** Checks for nulls. */
    public ImageSample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
    }
}
