package org.lifelongseg.core.data.transform;

import java.util.Random;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.data.PreparedSample;

/**
 * Turns a decoded image and its raw label map into a network-ready sample. Runs on Java arrays
 * (any thread, no native memory); the dataset stacks samples into tensors afterwards.
 *
 * <pre>{@code
 * SegmentationTransform t = SegmentationTransform.training(TransformSettings.reference());
 * PreparedSample s = t.apply(image, labelTable, new Random(Seeds.forSample(seed, epoch, index)));
 * }</pre>
 *
 * <p>{@code labelTable} maps each raw label value (0..255) to a class index or 255 (ignored); it
 * is applied on the final label map. Randomness comes only from {@code rng}.
 */
public interface SegmentationTransform {

    /**
     * Transforms one sample; {@code image} is not modified.
     *
     * @throws IllegalArgumentException if the image does not suit the transform (e.g. smaller
     *     than a crop); datasets report it as a bad sample
     */
    PreparedSample apply(LabeledImage image, byte[] labelTable, Random rng);

    /** The training augmentation of these settings (flip, resize, random downscale, crop, jitter). */
    static SegmentationTransform training(TransformSettings settings) {
        return new TrainingTransform(settings);
    }

    /** The evaluation transform of these settings (image resized, labels at full resolution). */
    static SegmentationTransform evaluation(TransformSettings settings) {
        return new EvaluationTransform(settings);
    }

    /** Applies a 256-entry table to a label map, returning a new array. */
    static byte[] mapLabels(byte[] labels, byte[] table) {
        if (table.length != 256) {
            throw new IllegalArgumentException("label table must have 256 entries, has " + table.length);
        }
        byte[] out = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = table[labels[i] & 0xFF];
        }
        return out;
    }
}
