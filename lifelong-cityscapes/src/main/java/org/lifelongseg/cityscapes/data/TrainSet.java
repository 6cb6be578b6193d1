package org.lifelongseg.cityscapes.data;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.ImageFilter;

/**
 * The reference's {@code --train-set 1|2|3|12|123} numbers: a subset of tasks with its classes,
 * its training cities and the output channels of a model trained up to it.
 *
 * <pre>{@code
 * TrainSet ts = TrainSet.parse("12");
 * ts.classes();            // road .. traffic sign (11)
 * ts.modelClassSpace();    // 11 channels
 * byte[] gt = ts.labelIdTable();   // labelId -> channel for evaluation, 255 otherwise
 * }</pre>
 *
 * <p>Training on a train set uses its cities of the train split (123 = the 17 cities of the joint
 * baseline). Evaluating a train set uses all images of the split with only its classes labelled;
 * the model's logits are restricted to channels [{@link #channelFrom()}, {@link #channelTo()}).
 */
public enum TrainSet {
    /** Task 1: road, sidewalk, vegetation, terrain, sky. */
    T1(1, 1, 1),
    /** Task 2: building, wall, fence, pole, traffic light, traffic sign. */
    T2(2, 2, 2),
    /** Task 3: person, rider, car, truck, bus, train, motorcycle, bicycle. */
    T3(3, 3, 3),
    /** Tasks 1 and 2. */
    T12(12, 1, 2),
    /** Tasks 1, 2 and 3 (all 19 classes). */
    T123(123, 1, 3);

    private final int code;
    private final int firstTask;
    private final int lastTask;

    TrainSet(int code, int firstTask, int lastTask) {
        this.code = code;
        this.firstTask = firstTask;
        this.lastTask = lastTask;
    }

    /** The number used on the command line. */
    public int code() {
        return code;
    }

    /**
     * The train set with this number.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static TrainSet parse(int code) {
        for (TrainSet t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown train set " + code + "; use 1, 2, 3, 12 or 123");
    }

    /** The train set with this number, e.g. {@code "12"}. */
    public static TrainSet parse(String code) {
        try {
            return parse(Integer.parseInt(code.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "unknown train set '" + code + "'; use 1, 2, 3, 12 or 123", e);
        }
    }

    /** The classes of the train set, in channel order. */
    public List<String> classes() {
        List<String> out = new ArrayList<>();
        for (int t = firstTask; t <= lastTask; t++) {
            out.addAll(CityscapesProtocol.taskClasses(t));
        }
        return ImmutableList.copyOf(out);
    }

    /** The training cities of the train set (train split). */
    public List<String> cities() {
        List<String> out = new ArrayList<>();
        for (int t = firstTask; t <= lastTask; t++) {
            out.addAll(CityscapesProtocol.taskCities(t));
        }
        return ImmutableList.copyOf(out);
    }

    /** The images the train set trains on: its cities. */
    public ImageFilter images() {
        return ImageFilter.groups(cities());
    }

    /** The output channels of a model trained up to this train set (5, 11, 11, 19 or 19 channels). */
    public ClassSpace modelClassSpace() {
        List<String> all = CityscapesLabels.incrementalOrder();
        return ClassSpace.of(all.subList(0, lastTask == 1 ? 5 : lastTask == 2 ? 11 : 19));
    }

    /** The first channel of the train set's classes in {@link #modelClassSpace()}. */
    public int channelFrom() {
        return modelClassSpace().indexOf(classes().get(0));
    }

    /** One past the last channel of the train set's classes. */
    public int channelTo() {
        return channelFrom() + classes().size();
    }

    /** labelId -> channel in {@link #modelClassSpace()} for the train set's classes, 255 otherwise. */
    public byte[] labelIdTable() {
        return CityscapesLabels.labelIdToClassTable(modelClassSpace(), classes());
    }
}
