package org.lifelongseg.core.metrics;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The per-task mIoU table of a class-incremental benchmark, generalised to N tasks: one row per
 * method, columns "Task 1", "Task 2", "Task 1∪2", "Task 3", "Task 1∪2∪3", … (each task, then
 * after it the cumulative union up to it). Immutable.
 *
 * <pre>{@code
 * TaskTable table = TaskTable.builder(3)
 *         .addRow("fine-tuning", 0.10, 0.62, 0.35, 0.55, 0.30)        // in column order
 *         .addRow("ours", Map.of("Task 1", 0.71, "Task 1∪2∪3", 0.52)) // by column label
 *         .build();
 * System.out.println(table.toMarkdown());   // percentages, 1 decimal, "–" where missing
 * Files.writeString(out, table.toCsv());    // fractions at full precision, empty where missing
 * }</pre>
 */
public final class TaskTable {

    /**
     * One column: its label and the tasks (1-based) whose union it evaluates.
     *
     * @param label e.g. {@code "Task 1∪2"}
     * @param tasks e.g. {@code [1, 2]}
     */
    public record Column(String label, List<Integer> tasks) {}

    /**
     * One row.
     *
     * @param name the method / model name
     * @param values one score per column (fractions), NaN where missing
     */
    public record Row(String name, List<Double> values) {}

    private final ImmutableList<Column> columns;
    private final ImmutableList<Row> rows;
    private final int decimals;

    private TaskTable(Builder b) {
        this.columns = b.columns;
        this.rows = ImmutableList.copyOf(b.rows);
        this.decimals = b.decimals < 0 ? 1 : b.decimals;
    }

    /** The columns for {@code numTasks} tasks. */
    public static List<Column> columns(int numTasks) {
        Preconditions.checkArgument(numTasks >= 1, "numTasks must be at least 1, got %s", numTasks);
        List<Column> out = new ArrayList<>();
        out.add(new Column("Task 1", List.of(1)));
        for (int k = 2; k <= numTasks; k++) {
            out.add(new Column("Task " + k, List.of(k)));
            List<Integer> union = new ArrayList<>();
            for (int i = 1; i <= k; i++) {
                union.add(i);
            }
            String label = "Task " + union.stream().map(String::valueOf).collect(Collectors.joining("∪"));
            out.add(new Column(label, List.copyOf(union)));
        }
        return List.copyOf(out);
    }

    /** A builder for {@code numTasks} tasks. */
    public static Builder builder(int numTasks) {
        return new Builder(numTasks);
    }

    /** The columns. */
    public List<Column> columns() {
        return columns;
    }

    /** The rows, in insertion order. */
    public List<Row> rows() {
        return rows;
    }

    /** A GitHub-flavoured Markdown table; scores as percentages, "–" where missing. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("| Method |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Column c : columns) {
            sb.append(' ').append(c.label()).append(" |");
            rule.append("---:|");
        }
        sb.append('\n').append(rule).append('\n');
        for (Row r : rows) {
            sb.append("| ").append(r.name().replace("|", "\\|")).append(" |");
            for (double v : r.values()) {
                sb.append(' ')
                        .append(Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", 100 * v))
                        .append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** RFC 4180 CSV with a header row; scores as fractions at full precision, empty where missing. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("Method");
        for (Column c : columns) {
            sb.append(',').append(csv(c.label()));
        }
        sb.append("\r\n");
        for (Row r : rows) {
            sb.append(csv(r.name()));
            for (double v : r.values()) {
                sb.append(',');
                if (!Double.isNaN(v)) {
                    sb.append(v);
                }
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    private static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** Builder of {@link TaskTable}. */
    public static final class Builder {
        private final ImmutableList<Column> columns;
        private final List<Row> rows = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private int decimals = -1;

        private Builder(int numTasks) {
            this.columns = ImmutableList.copyOf(columns(numTasks));
        }

        /** Adds a row with one score per column, in column order (NaN = missing). */
        public Builder addRow(String name, double... values) {
            Preconditions.checkArgument(
                    values.length == columns.size(),
                    "row '%s' has %s values but the table has %s columns %s",
                    name, values.length, columns.size(), labels());
            Preconditions.checkArgument(names.add(name), "row '%s' given twice", name);
            List<Double> v = new ArrayList<>();
            for (double d : values) {
                v.add(d);
            }
            rows.add(new Row(name, List.copyOf(v)));
            return this;
        }

        /** Adds a row from scores keyed by column label; absent columns are missing. */
        public Builder addRow(String name, Map<String, Double> byColumn) {
            List<String> labels = labels();
            for (String key : byColumn.keySet()) {
                Preconditions.checkArgument(
                        labels.contains(key), "row '%s': unknown column '%s'; columns: %s", name, key, labels);
            }
            double[] values = new double[columns.size()];
            for (int i = 0; i < values.length; i++) {
                Double d = byColumn.get(columns.get(i).label());
                values[i] = d == null ? Double.NaN : d;
            }
            return addRow(name, values);
        }

        /** Decimals of the Markdown percentages (default 1). */
        public Builder optDecimals(int decimals) {
            Preconditions.checkState(this.decimals < 0, "decimals given twice");
            Preconditions.checkArgument(decimals >= 0 && decimals <= 12, "decimals must be in [0, 12]");
            this.decimals = decimals;
            return this;
        }

        private List<String> labels() {
            return columns.stream().map(Column::label).toList();
        }

        /** Builds the table. */
        public TaskTable build() {
            return new TaskTable(this);
        }
    }
}
