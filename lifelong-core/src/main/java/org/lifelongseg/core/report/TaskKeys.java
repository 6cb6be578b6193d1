package org.lifelongseg.core.report;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.lifelongseg.core.metrics.TaskTable;

/**
 * The keys and labels of the task-table columns of an N-task run: each task k, followed (from
 * task 2 on) by the cumulative union 1∪…∪k.
 *
 * <pre>{@code
 * TaskKeys.keys(3);    // [task1, task2, task12, task3, task123]
 * TaskKeys.labels(3);  // [Task 1, Task 2, Task 1∪2, Task 3, Task 1∪2∪3]
 * }</pre>
 *
 * <p>A key is {@code "task"} followed by the task numbers of the column concatenated ({@code
 * task12}); when a union involves a task number of two or more digits the numbers are joined with
 * {@code '_'} instead ({@code task1_2_3_4_5_6_7_8_9_10}) so that keys stay unambiguous.
 */
public final class TaskKeys {

    private TaskKeys() {}

    /** The column keys for {@code numTasks} tasks, in table order. */
    public static List<String> keys(int numTasks) {
        List<String> out = new ArrayList<>();
        for (TaskTable.Column c : TaskTable.columns(numTasks)) {
            out.add(key(c.tasks()));
        }
        return List.copyOf(out);
    }

    /** The column labels ("Task 1∪2", …) for {@code numTasks} tasks, in table order. */
    public static List<String> labels(int numTasks) {
        return TaskTable.columns(numTasks).stream().map(TaskTable.Column::label).toList();
    }

    /** The key of the column evaluating the union of {@code tasks} (1-based, ascending). */
    public static String key(List<Integer> tasks) {
        Preconditions.checkArgument(!tasks.isEmpty(), "a task column needs at least one task");
        boolean wide = tasks.stream().anyMatch(t -> t >= 10);
        String sep = wide && tasks.size() > 1 ? "_" : "";
        return "task" + tasks.stream().map(String::valueOf).collect(Collectors.joining(sep));
    }

    /** The key of the column holding every task 1..{@code numTasks} (the final, all-class score). */
    public static String allTasksKey(int numTasks) {
        List<String> keys = keys(numTasks);
        return keys.get(keys.size() - 1);
    }
}
