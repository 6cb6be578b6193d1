package org.lifelongseg.cityscapes.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.task.ImageFilter;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;
import org.lifelongseg.core.task.TaskSequenceJson;

class CityscapesProtocolTest {

    @Test
    void threeTasksWithTheirClassesAndDisjointCities() {
        TaskSequence seq = CityscapesProtocol.taskSequence();
        assertEquals(3, seq.size());
        assertEquals(List.of("road", "sidewalk", "vegetation", "terrain", "sky"), seq.newClasses(0));
        assertEquals(List.of("building", "wall", "fence", "pole", "traffic light", "traffic sign"),
                seq.newClasses(1));
        assertEquals(List.of("person", "rider", "car", "truck", "bus", "train", "motorcycle",
                "bicycle"), seq.newClasses(2));
        assertEquals(5, seq.classSpaceAfter(0).size());
        assertEquals(11, seq.classSpaceAfter(1).size());
        assertEquals(CityscapesLabels.incrementalOrder(), seq.finalClassSpace().names());
        Set<String> seen = new HashSet<>();
        for (int t = 1; t <= 3; t++) {
            for (String c : CityscapesProtocol.taskCities(t)) {
                assertTrue(seen.add(c), c + " in two stages");
            }
        }
        assertEquals(17, seen.size());
        assertTrue(!seen.contains(CityscapesProtocol.VALIDATION_CITY));
        assertEquals(seq, TaskSequenceJson.fromJson(TaskSequenceJson.toJson(seq)));
        assertEquals(17, ((ImageFilter.Groups) CityscapesProtocol.jointBaseline().task(0).images())
                .groups().size());
        // the generic joint baseline of the sequence is the protocol's: 19 classes on the 17 cities
        assertEquals(TaskSequence.builder()
                        .addTask(Task.of("joint", CityscapesLabels.incrementalOrder(),
                                ImageFilter.groups(CityscapesProtocol.allTrainingCities())))
                        .optValidationImages(ImageFilter.groups(CityscapesProtocol.VALIDATION_CITY))
                        .build(),
                CityscapesProtocol.jointBaseline());
    }

    @Test
    void trainSetNumbersMapToTheProtocol() {
        assertEquals(TrainSet.T12, TrainSet.parse("12"));
        assertEquals(List.of(5, 11, 11, 19, 19), List.of(TrainSet.T1, TrainSet.T2, TrainSet.T12,
                TrainSet.T3, TrainSet.T123).stream().map(t -> t.modelClassSpace().size()).toList());
        assertEquals(5, TrainSet.T2.channelFrom());
        assertEquals(11, TrainSet.T2.channelTo());
        assertEquals(0, TrainSet.T12.channelFrom());
        assertEquals(11, TrainSet.T3.channelFrom());
        assertEquals(19, TrainSet.T3.channelTo());
        assertEquals(17, TrainSet.T123.cities().size());
        assertEquals(CityscapesProtocol.STAGE2_CITIES, TrainSet.T2.cities());
        byte[] t2 = TrainSet.T2.labelIdTable();
        assertEquals(5, t2[11] & 0xFF);   // building
        assertEquals(255, t2[7] & 0xFF);  // road: task 1, ignored
        assertEquals(255, t2[26] & 0xFF); // car: task 3, ignored
        assertThrows(IllegalArgumentException.class, () -> TrainSet.parse("4"));
        assertThrows(IllegalArgumentException.class, () -> TrainSet.parse("x"));
    }
}
