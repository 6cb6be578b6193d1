package org.lifelongseg.cityscapes.labels;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lifelongseg.core.task.ClassSpace;

/**
 * The official Cityscapes label table: 35 labels (ids 0..33 and the license plate, id -1), with
 * the standard trainIds (0..18, 255 = ignored in training and evaluation).
 *
 * <pre>{@code
 * CityscapesLabel road = CityscapesLabels.byName("road");   // id 7, trainId 0
 * byte[] lut = CityscapesLabels.labelIdToTrainIdTable();    // 256 entries, 255 by default
 * }</pre>
 */
public final class CityscapesLabels {

    /** Label value meaning "ignored" (void) in trainId and task-label maps. */
    public static final int IGNORE = 255;

    private static final ImmutableList<CityscapesLabel> ALL =
            ImmutableList.of(
            new CityscapesLabel("unlabeled", 0, 255, "void", 0, false, true, 0, 0, 0),
            new CityscapesLabel("ego vehicle", 1, 255, "void", 0, false, true, 0, 0, 0),
            new CityscapesLabel("rectification border", 2, 255, "void", 0, false, true, 0, 0, 0),
            new CityscapesLabel("out of roi", 3, 255, "void", 0, false, true, 0, 0, 0),
            new CityscapesLabel("static", 4, 255, "void", 0, false, true, 0, 0, 0),
            new CityscapesLabel("dynamic", 5, 255, "void", 0, false, true, 111, 74, 0),
            new CityscapesLabel("ground", 6, 255, "void", 0, false, true, 81, 0, 81),
            new CityscapesLabel("road", 7, 0, "flat", 1, false, false, 128, 64, 128),
            new CityscapesLabel("sidewalk", 8, 1, "flat", 1, false, false, 244, 35, 232),
            new CityscapesLabel("parking", 9, 255, "flat", 1, false, true, 250, 170, 160),
            new CityscapesLabel("rail track", 10, 255, "flat", 1, false, true, 230, 150, 140),
            new CityscapesLabel("building", 11, 2, "construction", 2, false, false, 70, 70, 70),
            new CityscapesLabel("wall", 12, 3, "construction", 2, false, false, 102, 102, 156),
            new CityscapesLabel("fence", 13, 4, "construction", 2, false, false, 190, 153, 153),
            new CityscapesLabel("guard rail", 14, 255, "construction", 2, false, true, 180, 165, 180),
            new CityscapesLabel("bridge", 15, 255, "construction", 2, false, true, 150, 100, 100),
            new CityscapesLabel("tunnel", 16, 255, "construction", 2, false, true, 150, 120, 90),
            new CityscapesLabel("pole", 17, 5, "object", 3, false, false, 153, 153, 153),
            new CityscapesLabel("polegroup", 18, 255, "object", 3, false, true, 153, 153, 153),
            new CityscapesLabel("traffic light", 19, 6, "object", 3, false, false, 250, 170, 30),
            new CityscapesLabel("traffic sign", 20, 7, "object", 3, false, false, 220, 220, 0),
            new CityscapesLabel("vegetation", 21, 8, "nature", 4, false, false, 107, 142, 35),
            new CityscapesLabel("terrain", 22, 9, "nature", 4, false, false, 152, 251, 152),
            new CityscapesLabel("sky", 23, 10, "sky", 5, false, false, 70, 130, 180),
            new CityscapesLabel("person", 24, 11, "human", 6, true, false, 220, 20, 60),
            new CityscapesLabel("rider", 25, 12, "human", 6, true, false, 255, 0, 0),
            new CityscapesLabel("car", 26, 13, "vehicle", 7, true, false, 0, 0, 142),
            new CityscapesLabel("truck", 27, 14, "vehicle", 7, true, false, 0, 0, 70),
            new CityscapesLabel("bus", 28, 15, "vehicle", 7, true, false, 0, 60, 100),
            new CityscapesLabel("caravan", 29, 255, "vehicle", 7, true, true, 0, 0, 90),
            new CityscapesLabel("trailer", 30, 255, "vehicle", 7, true, true, 0, 0, 110),
            new CityscapesLabel("train", 31, 16, "vehicle", 7, true, false, 0, 80, 100),
            new CityscapesLabel("motorcycle", 32, 17, "vehicle", 7, true, false, 0, 0, 230),
            new CityscapesLabel("bicycle", 33, 18, "vehicle", 7, true, false, 119, 11, 32),
            new CityscapesLabel("license plate", -1, -1, "vehicle", 7, false, true, 0, 0, 142));

    /**
     * The 19 evaluated classes in the class-incremental protocol's order (Klingner et al.): task 1
     * road..sky, task 2 building..traffic sign, task 3 person..bicycle.
     */
    private static final ImmutableList<String> INCREMENTAL_ORDER =
            ImmutableList.of(
                    "road", "sidewalk", "vegetation", "terrain", "sky",
                    "building", "wall", "fence", "pole", "traffic light", "traffic sign",
                    "person", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle");

    private static final ImmutableMap<String, CityscapesLabel> BY_NAME;
    private static final CityscapesLabel[] BY_ID = new CityscapesLabel[34];
    private static final ImmutableList<CityscapesLabel> TRAIN_CLASSES;

    static {
        ImmutableMap.Builder<String, CityscapesLabel> names = ImmutableMap.builder();
        CityscapesLabel[] train = new CityscapesLabel[19];
        for (CityscapesLabel l : ALL) {
            names.put(l.name(), l);
            if (l.id() >= 0) {
                BY_ID[l.id()] = l;
            }
            if (l.trainId() >= 0 && l.trainId() < 19) {
                train[l.trainId()] = l;
            }
        }
        BY_NAME = names.buildOrThrow();
        TRAIN_CLASSES = ImmutableList.copyOf(Arrays.asList(train));
    }

    private CityscapesLabels() {}

    /** All 35 labels in the official order (by id, license plate last). */
    public static List<CityscapesLabel> all() {
        return ALL;
    }

    /** The 19 evaluated classes in standard trainId order (road, sidewalk, building, ...). */
    public static List<CityscapesLabel> trainClasses() {
        return TRAIN_CLASSES;
    }

    /** The label with this name, e.g. {@code "traffic light"}. */
    public static CityscapesLabel byName(String name) {
        CityscapesLabel l = BY_NAME.get(name);
        if (l == null) {
            throw new IllegalArgumentException(
                    "unknown Cityscapes class name '" + name + "'; known names: " + BY_NAME.keySet());
        }
        return l;
    }

    /** The label with this name, if any. */
    public static Optional<CityscapesLabel> findByName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The label with this labelId (0..33), if any. */
    public static Optional<CityscapesLabel> findById(int id) {
        return id >= 0 && id < BY_ID.length ? Optional.of(BY_ID[id]) : Optional.empty();
    }

    /**
     * A 256-entry lookup table labelId -> standard trainId; values that are no labelId map to
     * {@link #IGNORE}. Index with {@code value & 0xFF}; entries are unsigned bytes.
     */
    public static byte[] labelIdToTrainIdTable() {
        byte[] lut = new byte[256];
        Arrays.fill(lut, (byte) IGNORE);
        for (CityscapesLabel l : ALL) {
            if (l.id() >= 0) {
                lut[l.id()] = (byte) (l.trainId() < 0 ? IGNORE : l.trainId());
            }
        }
        return lut;
    }

    /** The 19 evaluated class names in the class-incremental protocol's order (road first). */
    public static List<String> incrementalOrder() {
        return INCREMENTAL_ORDER;
    }

    /** The 19 evaluated class names in standard trainId order (road, sidewalk, building, ...). */
    public static List<String> trainClassNames() {
        return TRAIN_CLASSES.stream().map(CityscapesLabel::name).toList();
    }

    /**
     * The Cityscapes trainId of each channel of a model whose classes are Cityscapes classes,
     * matched by name whatever the channel order ({@code "void"} gives {@link #IGNORE}); empty if
     * a name is not one of the 19 evaluated classes or void.
     *
     * @param classNames the model's classes in channel order
     * @return trainId per channel, or empty
     */
    public static Optional<int[]> trainIdsOf(List<String> classNames) {
        int[] ids = new int[classNames.size()];
        for (int i = 0; i < ids.length; i++) {
            String name = classNames.get(i);
            if (name.equals("void")) {
                ids[i] = IGNORE;
                continue;
            }
            Optional<CityscapesLabel> label = findByName(name).filter(CityscapesLabel::isEvaluated);
            if (label.isEmpty()) {
                return Optional.empty();
            }
            ids[i] = label.get().trainId();
        }
        return Optional.of(ids);
    }

    /** The evaluated class with this standard trainId (0..18), if any. */
    public static Optional<CityscapesLabel> findByTrainId(int trainId) {
        return trainId >= 0 && trainId < 19 ? Optional.of(TRAIN_CLASSES.get(trainId)) : Optional.empty();
    }

    /**
     * A 256-entry table standard trainId -> channel in {@code space} for the {@code labelled}
     * classes, {@link #IGNORE} for everything else (other classes, void, values that are no
     * trainId).
     *
     * @throws IllegalArgumentException if a labelled class is no evaluated Cityscapes class or is
     *     not in {@code space}
     */
    public static byte[] trainIdToClassTable(ClassSpace space, Collection<String> labelled) {
        if (space.size() > 255) {
            throw new IllegalArgumentException("class space too large for 8-bit labels: " + space);
        }
        byte[] lut = new byte[256];
        Arrays.fill(lut, (byte) IGNORE);
        Set<String> seen = new HashSet<>();
        for (String name : labelled) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException("class '" + name + "' listed twice");
            }
            CityscapesLabel l = byName(name);
            if (!l.isEvaluated()) {
                throw new IllegalArgumentException(
                        "class '" + name + "' is void in Cityscapes (trainId " + l.trainId()
                                + "); trainable classes: " + trainClassNames());
            }
            lut[l.trainId()] = (byte) space.indexOf(name);
        }
        return lut;
    }

    /**
     * A 256-entry table labelId -> channel in {@code space} for the {@code labelled} classes,
     * {@link #IGNORE} otherwise: the label table of one learning stage or evaluation subset.
     *
     * <pre>{@code
     * ClassSpace s = ClassSpace.of(CityscapesLabels.incrementalOrder().subList(0, 11));
     * byte[] stage2 = CityscapesLabels.labelIdToClassTable(s, s.names().subList(5, 11));
     * // building (labelId 11) -> 5, road (labelId 7) -> 255
     * }</pre>
     */
    public static byte[] labelIdToClassTable(ClassSpace space, Collection<String> labelled) {
        return compose(labelIdToTrainIdTable(), trainIdToClassTable(space, labelled));
    }

    /** The table {@code x -> second[first[x]]} of two 256-entry tables. */
    public static byte[] compose(byte[] first, byte[] second) {
        byte[] out = new byte[256];
        for (int i = 0; i < 256; i++) {
            out[i] = second[first[i] & 0xFF];
        }
        return out;
    }
}
