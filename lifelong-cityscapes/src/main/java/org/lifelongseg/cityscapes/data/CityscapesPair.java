package org.lifelongseg.cityscapes.data;

import java.nio.file.Path;
import org.lifelongseg.core.data.SampleFiles;

/**
 * One frame of a Cityscapes-layout dataset: the image and its ground truth.
 *
 * <pre>{@code
 * CityscapesPair p = layout.pairs("train").get(0);
 * p.id();     // "aachen_000000_000019"
 * p.city();   // "aachen"
 * }</pre>
 *
 * @param split "train", "val" or "test"
 * @param city the city (the folder name)
 * @param id the frame stem {@code <city>_<seq>_<frame>}
 * @param image {@code leftImg8bit/<split>/<city>/<id>_leftImg8bit.png}
 * @param label the ground-truth file
 * @param format how the ground-truth file encodes classes
 */
public record CityscapesPair(
        String split, String city, String id, Path image, Path label, LabelFormat format)
        implements SampleFiles {

    @Override
    public String group() {
        return city;
    }
}
