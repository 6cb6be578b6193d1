package org.lifelongseg.core.report;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.lifelongseg.core.metrics.TaskTable;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;

/**
 * The keys and labels of the task-table columns of a run (each task, followed from task 2 on by
 * the cumulative union of the tasks so far), decided from the tasks' names: the one place that
 * names the columns of results.json, results.md/csv, the report and the leaderboard.
 *
 * <pre>{@code
 * TaskKeys.of(List.of("task1", "task2", "task3")).keys();   // [task1, task2, task12, task3, task123]
 * TaskKeys.of(List.of("ground", "things", "sky")).keys();   // [ground, things, ground+things, sky, all]
 * TaskKeys.of(List.of("ground", "things", "sky")).labels(); // [ground, things, ground∪things, sky, all]
 * TaskKeys.of(sequence).allTasksKey();                      // the final, all-class column
 * }</pre>
 *
 * <p><b>Numbered tasks</b> (named {@code task1, task2, …, taskN} in that order, as the Cityscapes
 * protocol's): a key is {@code "task"} followed by the task numbers of the column concatenated
 * ({@code task12}); when a union involves a task number of two or more digits the numbers are
 * joined with {@code '_'} ({@code task1_2_3_4_5_6_7_8_9_10}) so that keys stay unambiguous.
 * Labels read {@code Task 1}, {@code Task 1∪2}.
 *
 * <p><b>Any other names</b>: a task's column is keyed and labelled by the task's name, a union of
 * the first k tasks (k below N) by their names joined with {@code '+'} (label: joined with
 * {@code '∪'}), and the union of every task by {@value #ALL}. With a single task its one column is
 * the task itself. Names that would make two columns share a key (a task named {@value #ALL}) are
 * refused.
 */
public final class TaskKeys {

    /** The key and label of the union of every task's classes when the tasks are not numbered. */
    public static final String ALL = "all";

    private final ImmutableList<String> taskNames;
    private final boolean numbered;
    private final ImmutableList<TaskTable.Column> columns;
    private final ImmutableList<String> keys;

    private TaskKeys(List<String> taskNames) {
        Preconditions.checkArgument(!taskNames.isEmpty(), "a run needs at least one task");
        this.taskNames = ImmutableList.copyOf(taskNames);
        Preconditions.checkArgument(new HashSet<>(this.taskNames).size() == this.taskNames.size(),
                "task names must be distinct: %s", this.taskNames);
        this.numbered = IntStream.range(0, taskNames.size())
                .allMatch(i -> taskNames.get(i).equals("task" + (i + 1)));
        int n = taskNames.size();
        ImmutableList.Builder<TaskTable.Column> cols = ImmutableList.builder();
        List<String> k = new ArrayList<>();
        for (TaskTable.Column c : TaskTable.columns(n)) {
            List<Integer> tasks = c.tasks();
            if (numbered) {
                cols.add(c);
                k.add(numberedKey(tasks));
            } else if (tasks.size() == 1) {
                String name = name(tasks.get(0));
                cols.add(new TaskTable.Column(name, tasks));
                k.add(name);
            } else if (tasks.size() == n) {
                cols.add(new TaskTable.Column(ALL, tasks));
                k.add(ALL);
            } else {
                List<String> names = tasks.stream().map(this::name).toList();
                cols.add(new TaskTable.Column(String.join("∪", names), tasks));
                k.add(String.join("+", names));
            }
        }
        this.columns = cols.build();
        this.keys = ImmutableList.copyOf(k);
        Set<String> seen = new HashSet<>();
        for (String key : keys) {
            Preconditions.checkArgument(seen.add(key),
                    "tasks %s would give two result columns the key '%s'%s; rename the task", taskNames, key,
                    key.equals(ALL) ? " ('" + ALL + "' is the union of every task's classes)" : "");
        }
    }

    /** The columns of tasks with these names, in order (task 1 first). */
    public static TaskKeys of(List<String> taskNames) {
        taskNames.forEach(n -> Objects.requireNonNull(n, "task name"));
        return new TaskKeys(taskNames);
    }

    /** The columns of a sequence's tasks. */
    public static TaskKeys of(TaskSequence sequence) {
        return of(sequence.tasks().stream().map(Task::name).toList());
    }

    /** The columns of {@code numTasks} tasks named {@code task1 … taskN}. */
    public static TaskKeys numbered(int numTasks) {
        Preconditions.checkArgument(numTasks >= 1, "number of tasks must be at least 1, got %s", numTasks);
        return of(IntStream.rangeClosed(1, numTasks).mapToObj(t -> "task" + t).toList());
    }

    /** The tasks' names, task 1 first. */
    public List<String> taskNames() {
        return taskNames;
    }

    /** The number of tasks. */
    public int numTasks() {
        return taskNames.size();
    }

    /** Whether the tasks are named {@code task1 … taskN} (and the keys numbered). */
    public boolean isNumbered() {
        return numbered;
    }

    /** The column keys, in table order. */
    public List<String> keys() {
        return keys;
    }

    /** The column labels ("Task 1∪2", "ground∪things", …), in table order. */
    public List<String> labels() {
        return columns.stream().map(TaskTable.Column::label).toList();
    }

    /** The columns (label and the 1-based tasks whose union each evaluates), in table order. */
    public List<TaskTable.Column> columns() {
        return columns;
    }

    /** The key of the column of task {@code task} alone (1-based). */
    public String taskKey(int task) {
        return keys.get(index(task, false));
    }

    /** The key of the column of the union of tasks 1..{@code task} (task 1's own column for 1). */
    public String unionKey(int task) {
        return keys.get(index(task, true));
    }

    /** The key of the column holding every task (the final, all-class score). */
    public String allTasksKey() {
        return keys.get(keys.size() - 1);
    }

    /** How task {@code task} (1-based) is called in tables and charts: "Task 1" or its name. */
    public String taskLabel(int task) {
        checkTask(task);
        return numbered ? "Task " + task : name(task);
    }

    private int index(int task, boolean union) {
        checkTask(task);
        // columns: task1, task2, union 1..2, task3, union 1..3, …
        return task == 1 ? 0 : 2 * task - (union ? 2 : 3);
    }

    private void checkTask(int task) {
        Preconditions.checkArgument(task >= 1 && task <= taskNames.size(),
                "task %s outside 1..%s", task, taskNames.size());
    }

    private String name(int task) {
        return taskNames.get(task - 1);
    }

    private static String numberedKey(List<Integer> tasks) {
        boolean wide = tasks.stream().anyMatch(t -> t >= 10);
        String sep = wide && tasks.size() > 1 ? "_" : "";
        return "task" + tasks.stream().map(String::valueOf).collect(Collectors.joining(sep));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskKeys t && t.taskNames.equals(taskNames);
    }

    @Override
    public int hashCode() {
        return taskNames.hashCode();
    }

    @Override
    public String toString() {
        return "TaskKeys" + keys;
    }
}
