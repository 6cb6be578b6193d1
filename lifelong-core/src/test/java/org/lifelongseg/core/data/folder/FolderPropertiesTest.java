package org.lifelongseg.core.data.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.data.PreparedSample;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.train.LabelScope;

/** Properties of label remapping and of the random flip and crop. */
class FolderPropertiesTest {

    /**
     * For any class list and any split of a random subset of it into tasks, a dataset value maps
     * to the channel of the same class in the step's class space when the step labels that class,
     * and to 255 otherwise.
     */
    @Property(tries = 200)
    void labelValuesMapToTheSameClassInTheStepsClassSpace(
            @ForAll @IntRange(min = 1, max = 40) int numClasses,
            @ForAll @IntRange(min = 1, max = 4) int numTasks,
            @ForAll long seed) {
        Random rng = new Random(seed);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < numClasses; i++) {
            names.add("class" + i);
        }
        ClassSpace dataset = ClassSpace.of(names);
        List<String> used = new ArrayList<>(names);
        Collections.shuffle(used, rng);
        used = used.subList(0, 1 + rng.nextInt(numClasses));
        int tasks = Math.min(numTasks, used.size());
        TaskSequence.Builder b = TaskSequence.builder();
        for (int t = 0; t < tasks; t++) {
            b.addTask(Task.of("t" + t, used.subList(t * used.size() / tasks, (t + 1) * used.size() / tasks),
                    ImageFilter.all()));
        }
        TaskSequence seq = b.build();
        for (int step = 0; step < seq.size(); step++) {
            for (LabelScope scope : LabelScope.values()) {
                ClassSpace space = seq.classSpaceAfter(step);
                List<String> labelled = scope.labelledClasses(seq, step);
                byte[] table = FolderDataset.labelTable(dataset, space, labelled);
                for (int v = 0; v < 256; v++) {
                    int mapped = table[v] & 0xFF;
                    if (v < numClasses && labelled.contains(dataset.name(v))) {
                        assertEquals(dataset.name(v), space.name(mapped), "value " + v);
                    } else {
                        assertEquals(255, mapped, "value " + v + " is not labelled at step " + step);
                    }
                }
            }
        }
    }

    /**
     * A flipped and cropped sample is a window of the source, mirrored or not, with image and labels
     * moved together: every output pixel's image encodes the source coordinates of its label.
     */
    @Property(tries = 200)
    void flipAndCropMoveImageAndLabelsTogether(
            @ForAll @IntRange(min = 1, max = 20) int width,
            @ForAll @IntRange(min = 1, max = 20) int height,
            @ForAll @IntRange(min = 1, max = 20) int cropWidth,
            @ForAll @IntRange(min = 1, max = 20) int cropHeight,
            @ForAll boolean flip,
            @ForAll long seed) {
        int cw = Math.min(cropWidth, width);
        int ch = Math.min(cropHeight, height);
        Random data = new Random(seed);
        byte[] rgb = new byte[width * height * 3];
        byte[] labels = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                rgb[i * 3] = (byte) x;
                rgb[i * 3 + 1] = (byte) y;
                labels[i] = (byte) data.nextInt(256);
            }
        }
        byte[] table = new byte[256];
        for (int v = 0; v < 256; v++) {
            table[v] = (byte) (255 - v);
        }
        FolderTransform t = FolderTransform.builder().optCrop(cw, ch).optHorizontalFlip(flip)
                .optNormalization(Normalization.NONE).build();
        PreparedSample s = t.apply(new LabeledImage("p", width, height, rgb, labels), table, new Random(seed));
        assertEquals(cw, s.width());
        assertEquals(ch, s.height());
        int x0 = Math.round(s.image()[0] * 255);
        int y0 = Math.round(s.image()[cw * ch] * 255);
        int step = cw > 1 ? Math.round(s.image()[1] * 255) - x0 : 1;
        assertTrue(step == 1 || (flip && step == -1), "step " + step);
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int sx = Math.round(s.image()[y * cw + x] * 255);
                int sy = Math.round(s.image()[cw * ch + y * cw + x] * 255);
                assertEquals(x0 + step * x, sx);
                assertEquals(y0 + y, sy);
                assertEquals(table[labels[sy * width + sx] & 0xFF], s.labels()[y * cw + x]);
            }
        }
    }
}
