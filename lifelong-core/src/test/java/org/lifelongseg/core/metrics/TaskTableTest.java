package org.lifelongseg.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskTableTest {

    @Test
    void columnsForThreeAndFourTasks() {
        assertEquals(
                List.of("Task 1", "Task 2", "Task 1∪2", "Task 3", "Task 1∪2∪3"),
                TaskTable.columns(3).stream().map(TaskTable.Column::label).toList());
        List<TaskTable.Column> four = TaskTable.columns(4);
        assertEquals(7, four.size());
        assertEquals(new TaskTable.Column("Task 1∪2∪3∪4", List.of(1, 2, 3, 4)), four.get(6));
        assertEquals(List.of("Task 1"), TaskTable.columns(1).stream().map(TaskTable.Column::label).toList());
    }

    @Test
    void markdownAndCsv() {
        TaskTable t =
                TaskTable.builder(2)
                        .addRow("a, b", 0.9050373920073053, 0.5, 0.74)
                        .addRow("ours", Map.of("Task 1∪2", 0.123))
                        .build();
        assertEquals(
                "| Method | Task 1 | Task 2 | Task 1∪2 |\n"
                        + "|---|---:|---:|---:|\n"
                        + "| a, b | 90.5 | 50.0 | 74.0 |\n"
                        + "| ours | – | – | 12.3 |\n",
                t.toMarkdown());
        assertEquals(
                "Method,Task 1,Task 2,Task 1∪2\r\n"
                        + "\"a, b\",0.9050373920073053,0.5,0.74\r\n"
                        + "ours,,,0.123\r\n",
                t.toCsv());
    }

    @Test
    void validatesRows() {
        assertThrows(IllegalArgumentException.class, () -> TaskTable.builder(2).addRow("x", 1.0));
        assertThrows(IllegalArgumentException.class, () -> TaskTable.builder(2).addRow("x", Map.of("Task 3", 1.0)));
        assertThrows(
                IllegalArgumentException.class,
                () -> TaskTable.builder(1).addRow("x", 1.0).addRow("x", 2.0));
    }
}
