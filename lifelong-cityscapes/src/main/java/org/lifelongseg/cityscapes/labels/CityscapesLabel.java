package org.lifelongseg.cityscapes.labels;

/**
 * One row of the official Cityscapes label table.
 *
 * @param name class name, e.g. {@code "traffic sign"}
 * @param id labelId as stored in {@code *_gtFine_labelIds.png} (-1 for the license plate)
 * @param trainId standard trainId 0..18, or 255 / -1 when the class is not trained on
 * @param category category name, e.g. {@code "vehicle"}
 * @param categoryId category id 0..7
 * @param hasInstances whether instance ids exist for this class
 * @param ignoreInEval whether the official evaluator ignores this class
 * @param red colour, red component
 * @param green colour, green component
 * @param blue colour, blue component
 */
public record CityscapesLabel(
        String name,
        int id,
        int trainId,
        String category,
        int categoryId,
        boolean hasInstances,
        boolean ignoreInEval,
        int red,
        int green,
        int blue) {

    /** The colour as 0xRRGGBB. */
    public int rgb() {
        return (red << 16) | (green << 8) | blue;
    }

    /** Whether this is one of the 19 evaluated classes. */
    public boolean isEvaluated() {
        return trainId >= 0 && trainId < 19;
    }
}
