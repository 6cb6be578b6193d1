package org.lifelongseg.core.data.folder;

import java.nio.file.Path;
import java.util.Objects;
import org.lifelongseg.core.data.SampleFiles;

/**
 * One image of a folder dataset and its label file.
 *
 * <pre>{@code
 * List<FolderSample> train = FolderLayout.at(root).samples("train");
 * List<FolderSample> indoor = ImageFilter.groups("indoor").select(train);   // indoor_*.png
 * }</pre>
 *
 * <p>The id is the image's file name without extension ({@code indoor_0007}); the group is the
 * part of the id before its first {@code '_'} ({@code indoor}), or the whole id when it has none,
 * so {@link org.lifelongseg.core.task.ImageFilter#groups} selects images by a name prefix and
 * {@link org.lifelongseg.core.task.ImageFilter#ids} by file name.
 *
 * @param id the file name without extension, unique within the split
 * @param image the image file
 * @param label the label file (it may not exist when the layout reports the sample as bad)
 */
public record FolderSample(String id, Path image, Path label) implements SampleFiles {

    /** Checks that nothing is null or blank. */
    public FolderSample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(label, "label");
        if (id.isBlank()) {
            throw new IllegalArgumentException("blank sample id for " + image);
        }
    }

    /** The part of the id before its first {@code '_'}, or the whole id. */
    @Override
    public String group() {
        int cut = id.indexOf('_');
        return cut > 0 ? id.substring(0, cut) : id;
    }
}
