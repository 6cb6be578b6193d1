package org.lifelongseg.cityscapes.data;

import java.util.Arrays;
import org.lifelongseg.cityscapes.labels.CityscapesLabel;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.data.LabelEncoding;

/**
 * How a ground-truth file encodes classes.
 *
 * <pre>{@code
 * byte[] toTrainId = LabelFormat.LABEL_IDS.toTrainIdTable();
 * }</pre>
 */
public enum LabelFormat {
    /** {@code *_gtFine_labelIds.png}: official labelIds 0..33 (preferred, as the official evaluator). */
    LABEL_IDS("_gtFine_labelIds.png"),
    /** {@code *_gtFine_labelTrainIds.png}: standard trainIds 0..18, 255 = void. */
    TRAIN_IDS("_gtFine_labelTrainIds.png");

    private final String suffix;

    LabelFormat(String suffix) {
        this.suffix = suffix;
    }

    /** The file name suffix after the frame stem. */
    public String suffix() {
        return suffix;
    }

    /** A 256-entry table: file value -> standard trainId (255 = void). */
    public byte[] toTrainIdTable() {
        if (this == LABEL_IDS) {
            return CityscapesLabels.labelIdToTrainIdTable();
        }
        byte[] lut = new byte[256];
        Arrays.fill(lut, (byte) CityscapesLabels.IGNORE);
        for (int t = 0; t < 19; t++) {
            lut[t] = (byte) t;
        }
        return lut;
    }

    /**
     * How such a file encodes classes: each value names its evaluated class (by trainId), void
     * values name none, values outside the Cityscapes table are errors.
     */
    public LabelEncoding encoding() {
        return this == LABEL_IDS ? Encodings.LABEL_IDS : Encodings.TRAIN_IDS;
    }

    /** Which of the 256 byte values may occur in such a file (the rest are errors). */
    private boolean[] validValues() {
        boolean[] ok = new boolean[256];
        if (this == LABEL_IDS) {
            for (CityscapesLabel l : CityscapesLabels.all()) {
                if (l.id() >= 0) {
                    ok[l.id()] = true;
                }
            }
        } else {
            for (int t = 0; t < 19; t++) {
                ok[t] = true;
            }
            ok[CityscapesLabels.IGNORE] = true;
        }
        return ok;
    }

    private LabelEncoding newEncoding() {
        byte[] toTrainId = toTrainIdTable();
        boolean[] valid = validValues();
        String[] classOf = new String[256];
        for (int v = 0; v < 256; v++) {
            int t = toTrainId[v] & 0xFF;
            if (valid[v] && t < 19) {
                classOf[v] = CityscapesLabels.findByTrainId(t).orElseThrow().name();
            }
        }
        return this == LABEL_IDS
                ? LabelEncoding.of("the Cityscapes label table", classOf, valid,
                        "is not in the Cityscapes label table (labelIds 0..33)")
                : LabelEncoding.of("the Cityscapes trainId table", classOf, valid,
                        "is not in the Cityscapes trainId table (0..18, 255)");
    }

    /** The encodings, made once (after the enum's constants). */
    private static final class Encodings {
        static final LabelEncoding LABEL_IDS = LabelFormat.LABEL_IDS.newEncoding();
        static final LabelEncoding TRAIN_IDS = LabelFormat.TRAIN_IDS.newEncoding();
    }
}
