package org.lifelongseg.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskKeysTest {

    @Test
    void keysAndLabelsForThreeAndFourTasks() {
        assertEquals(List.of("task1", "task2", "task12", "task3", "task123"), TaskKeys.keys(3));
        assertEquals(List.of("Task 1", "Task 2", "Task 1∪2", "Task 3", "Task 1∪2∪3"), TaskKeys.labels(3));
        assertEquals(List.of("task1", "task2", "task12", "task3", "task123", "task4", "task1234"), TaskKeys.keys(4));
        assertEquals(List.of("task1"), TaskKeys.keys(1));
        assertEquals("task123", TaskKeys.allTasksKey(3));
    }

    @Test
    void twoDigitTasksAreUnambiguous() {
        List<String> keys = TaskKeys.keys(11);
        assertEquals("task10", keys.get(keys.size() - 4));
        assertEquals("task1_2_3_4_5_6_7_8_9_10", keys.get(keys.size() - 3));
        assertEquals("task1_2_3_4_5_6_7_8_9_10_11", TaskKeys.allTasksKey(11));
        assertEquals(keys.size(), keys.stream().distinct().count());
    }
}
