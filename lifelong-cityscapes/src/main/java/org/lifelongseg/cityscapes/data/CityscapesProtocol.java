package org.lifelongseg.cityscapes.data;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;

/**
 * The class-incremental Cityscapes protocol of Klingner et al. (ITSC 2020): three tasks, each
 * trained on its own cities of the train split; erfurt for validation during training; evaluation
 * on the val split for the subsets 1, 2, 3, 12 and 123 (see {@link TrainSet}).
 *
 * <pre>{@code
 * TaskSequence seq = CityscapesProtocol.taskSequence();
 * seq.classSpaceAfter(1).size();                 // 11
 * TaskSequence joint = CityscapesProtocol.jointBaseline();   // 19 classes, 17 cities
 * }</pre>
 */
public final class CityscapesProtocol {

    /** Task 1's training cities. */
    public static final List<String> STAGE1_CITIES =
            ImmutableList.of("hanover", "aachen", "strasbourg", "dusseldorf");
    /** Task 2's training cities. */
    public static final List<String> STAGE2_CITIES = ImmutableList.of(
            "jena", "monchengladbach", "ulm", "tubingen", "bochum", "hamburg", "weimar");
    /** Task 3's training cities. */
    public static final List<String> STAGE3_CITIES =
            ImmutableList.of("zurich", "darmstadt", "bremen", "cologne", "stuttgart", "krefeld");
    /** The train-split city used for validation during training. */
    public static final String VALIDATION_CITY = "erfurt";
    /** The cities of the val split. */
    public static final List<String> VAL_CITIES = ImmutableList.of("frankfurt", "lindau", "munster");

    /**
     * Finely annotated frames per city in Cityscapes (train and val splits). Task 1 has four cities
     * and task 2 seven, yet the tasks hold about as many frames each (956, 938 and 972): the
     * cities differ in size.
     */
    private static final ImmutableMap<String, Integer> FINE_FRAMES = ImmutableMap.<String, Integer>builder()
            .put("aachen", 174).put("bochum", 96).put("bremen", 316).put("cologne", 154)
            .put("darmstadt", 85).put("dusseldorf", 221).put("erfurt", 109).put("hamburg", 248)
            .put("hanover", 196).put("jena", 119).put("krefeld", 99).put("monchengladbach", 94)
            .put("strasbourg", 365).put("stuttgart", 196).put("tubingen", 144).put("ulm", 95)
            .put("weimar", 142).put("zurich", 122)
            .put("frankfurt", 267).put("lindau", 59).put("munster", 174)
            .build();

    private CityscapesProtocol() {}

    /**
     * The number of finely annotated frames of a Cityscapes train- or val-split city.
     *
     * @throws IllegalArgumentException if {@code city} is not one of them
     */
    public static int fineFrames(String city) {
        Integer n = FINE_FRAMES.get(city);
        if (n == null) {
            throw new IllegalArgumentException("'" + city + "' is not a city of Cityscapes' train or val split");
        }
        return n;
    }

    /** The classes of task {@code task} (1, 2 or 3). */
    public static List<String> taskClasses(int task) {
        List<String> all = CityscapesLabels.incrementalOrder();
        switch (task) {
            case 1:
                return all.subList(0, 5);
            case 2:
                return all.subList(5, 11);
            case 3:
                return all.subList(11, 19);
            default:
                throw new IllegalArgumentException("task must be 1, 2 or 3, got " + task);
        }
    }

    /** The training cities of task {@code task} (1, 2 or 3). */
    public static List<String> taskCities(int task) {
        switch (task) {
            case 1:
                return STAGE1_CITIES;
            case 2:
                return STAGE2_CITIES;
            case 3:
                return STAGE3_CITIES;
            default:
                throw new IllegalArgumentException("task must be 1, 2 or 3, got " + task);
        }
    }

    /** The 17 training cities of the three stages (the joint baseline's training set). */
    public static List<String> allTrainingCities() {
        return ImmutableList.<String>builder()
                .addAll(STAGE1_CITIES).addAll(STAGE2_CITIES).addAll(STAGE3_CITIES).build();
    }

    /** The 19 classes in the protocol's channel order. */
    public static ClassSpace fullClassSpace() {
        return ClassSpace.of(CityscapesLabels.incrementalOrder());
    }

    /** The three-task sequence ("task1", "task2", "task3"), validation on erfurt. */
    public static TaskSequence taskSequence() {
        TaskSequence.Builder b = TaskSequence.builder();
        for (int t = 1; t <= 3; t++) {
            b.addTask(Task.of("task" + t, taskClasses(t), ImageFilter.groups(taskCities(t))));
        }
        return b.optValidationImages(ImageFilter.groups(VALIDATION_CITY)).build();
    }

    /**
     * The joint ("upper bound") baseline: one task of all 19 classes on the 17 cities ({@link
     * TaskSequence#jointBaseline()} of {@link #taskSequence()}).
     */
    public static TaskSequence jointBaseline() {
        return taskSequence().jointBaseline();
    }
}
