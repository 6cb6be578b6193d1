package org.lifelongseg.cityscapes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.data.LabelEncoding;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.TaskSequence;

/** The label formats' encodings against the Cityscapes label table they stand for. */
class LabelFormatTest {

    /**
     * The tables the datasets build from an encoding are the compositions of the label table's
     * own lookups (labelId or trainId to trainId to channel), for every labelling the protocol uses.
     */
    @Test
    void encodingTablesEqualTheLabelTablesCompositions() {
        List<Map.Entry<ClassSpace, List<String>>> labellings = new ArrayList<>();
        for (TrainSet t : TrainSet.values()) {
            labellings.add(Map.entry(t.modelClassSpace(), t.classes()));
        }
        for (TaskSequence seq : List.of(CityscapesProtocol.taskSequence(), CityscapesProtocol.jointBaseline())) {
            for (int step = 0; step < seq.size(); step++) {
                ClassSpace space = seq.classSpaceAfter(step);
                labellings.add(Map.entry(space, seq.newClasses(step)));
                labellings.add(Map.entry(space, space.names()));
            }
        }
        labellings.add(Map.entry(ClassSpace.of(CityscapesLabels.trainClassNames()), List.of("car", "road")));
        for (Map.Entry<ClassSpace, List<String>> l : labellings) {
            byte[] toClass = CityscapesLabels.trainIdToClassTable(l.getKey(), l.getValue());
            for (LabelFormat f : LabelFormat.values()) {
                assertArrayEquals(CityscapesLabels.compose(f.toTrainIdTable(), toClass),
                        f.encoding().table(l.getKey(), l.getValue()), f + " " + l);
            }
        }
        assertArrayEquals(TrainSet.T12.labelIdTable(), LabelFormat.LABEL_IDS.encoding()
                .table(TrainSet.T12.modelClassSpace(), TrainSet.T12.classes()));
    }

    @Test
    void validValuesAreThoseOfTheTable() {
        LabelEncoding ids = LabelFormat.LABEL_IDS.encoding();
        LabelEncoding trainIds = LabelFormat.TRAIN_IDS.encoding();
        int validIds = 0;
        int validTrainIds = 0;
        for (int v = 0; v < 256; v++) {
            validIds += ids.isValid(v) ? 1 : 0;
            validTrainIds += trainIds.isValid(v) ? 1 : 0;
        }
        assertEquals(34, validIds); // labelIds 0..33
        assertEquals(20, validTrainIds); // 0..18 and 255
        assertEquals(false, ids.isValid(255));
        assertEquals(true, trainIds.isValid(255));
        assertEquals("road", ids.classOf(7).orElseThrow());
        assertEquals("road", trainIds.classOf(0).orElseThrow());
        assertEquals(true, ids.classOf(0).isEmpty()); // unlabeled: valid, no class
        assertEquals(19, ids.classes().size());
        assertEquals(ids.classes().size(), trainIds.classes().size());
    }
}
