package org.lifelongseg.cityscapes.labels;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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
}
