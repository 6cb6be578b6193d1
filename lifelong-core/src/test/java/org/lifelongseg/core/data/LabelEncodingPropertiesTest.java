package org.lifelongseg.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.train.LabelScope;

/** Properties of label remapping through a class list's encoding. */
class LabelEncodingPropertiesTest {

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
                byte[] table = LabelEncoding.classIndices("classes.txt", dataset).table(space, labelled);
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
}
