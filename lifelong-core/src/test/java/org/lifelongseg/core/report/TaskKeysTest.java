package org.lifelongseg.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.metrics.TaskTable;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;

class TaskKeysTest {

    @Test
    void numberedTasksKeepTheProtocolsKeys() {
        TaskKeys three = TaskKeys.of(List.of("task1", "task2", "task3"));
        assertTrue(three.isNumbered());
        assertEquals(three, TaskKeys.numbered(3));
        assertEquals(List.of("task1", "task2", "task12", "task3", "task123"), three.keys());
        assertEquals(List.of("Task 1", "Task 2", "Task 1∪2", "Task 3", "Task 1∪2∪3"), three.labels());
        assertEquals(List.of("task1", "task2", "task12", "task3", "task123", "task4", "task1234"),
                TaskKeys.numbered(4).keys());
        assertEquals(List.of("task1"), TaskKeys.numbered(1).keys());
        assertEquals("task123", three.allTasksKey());
        assertEquals("Task 2", three.taskLabel(2));
    }

    @Test
    void twoDigitTasksAreUnambiguous() {
        TaskKeys eleven = TaskKeys.numbered(11);
        List<String> keys = eleven.keys();
        assertEquals("task10", keys.get(keys.size() - 4));
        assertEquals("task1_2_3_4_5_6_7_8_9_10", keys.get(keys.size() - 3));
        assertEquals("task1_2_3_4_5_6_7_8_9_10_11", eleven.allTasksKey());
        assertEquals(keys.size(), keys.stream().distinct().count());
    }

    @Test
    void namedTasksGiveTheirNamesAndAllForTheUnionOfEveryTask() {
        TaskKeys named = TaskKeys.of(List.of("ground", "things", "sky"));
        assertFalse(named.isNumbered());
        assertEquals(List.of("ground", "things", "ground+things", "sky", "all"), named.keys());
        assertEquals(List.of("ground", "things", "ground∪things", "sky", "all"), named.labels());
        assertEquals(List.of(List.of(1), List.of(2), List.of(1, 2), List.of(3), List.of(1, 2, 3)),
                named.columns().stream().map(TaskTable.Column::tasks).toList());
        assertEquals("sky", named.taskKey(3));
        assertEquals("sky", named.taskLabel(3));
        assertEquals("ground", named.unionKey(1));
        assertEquals("ground+things", named.unionKey(2));
        assertEquals("all", named.unionKey(3));
        assertEquals("all", named.allTasksKey());
        assertEquals(List.of("a", "all"), TaskKeys.of(List.of("a", "b")).keys().stream()
                .filter(k -> !k.equals("b")).toList());
        assertEquals(List.of("only"), TaskKeys.of(List.of("only")).keys());
        // numbered only when task k is called "task<k>", in order
        assertEquals(List.of("task2", "task1", "all"), TaskKeys.of(List.of("task2", "task1")).keys());
    }

    @Test
    void keysFollowTheSequencesTaskNames() {
        TaskSequence seq = TaskSequence.builder()
                .addTask(Task.builder().setName("A").setClasses("c0").build())
                .addTask(Task.builder().setName("B").setClasses("c1").build())
                .build();
        assertEquals(List.of("A", "B", "all"), TaskKeys.of(seq).keys());
    }

    @Test
    void refusesNamesThatWouldShareAKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskKeys.of(List.of("all", "b")));
        assertTrue(e.getMessage().contains("'all'") && e.getMessage().contains("rename"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TaskKeys.of(List.of("a", "b", "a+b")));
        assertTrue(e.getMessage().contains("'a+b'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TaskKeys.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> TaskKeys.numbered(3).taskKey(4));
    }
}
