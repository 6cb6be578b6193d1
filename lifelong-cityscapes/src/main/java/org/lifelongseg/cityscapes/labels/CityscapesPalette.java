package org.lifelongseg.cityscapes.labels;

import java.util.List;
import org.lifelongseg.core.infer.ColorMap;

/**
 * The official Cityscapes colours for a model's class list, looked up by class name.
 *
 * <pre>{@code
 * ColorMap palette = CityscapesPalette.forClasses(List.of("road", "sidewalk", "sky"));
 * }</pre>
 *
 * <p>Names that are not Cityscapes classes (e.g. {@code "void"}) are drawn black, as void is in the
 * reference's colour maps.
 */
public final class CityscapesPalette {

    private CityscapesPalette() {}

    /** A colour map whose index i has the Cityscapes colour of {@code classNames.get(i)}. */
    public static ColorMap forClasses(List<String> classNames) {
        int[] rgb = new int[classNames.size()];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = CityscapesLabels.findByName(classNames.get(i))
                    .filter(CityscapesLabel::isEvaluated)
                    .map(CityscapesLabel::rgb)
                    .orElse(0);
        }
        return ColorMap.of(rgb);
    }
}
