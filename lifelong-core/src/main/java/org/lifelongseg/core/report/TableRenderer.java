package org.lifelongseg.core.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lifelongseg.core.checkpoint.AtomicFiles;

/**
 * Renders the task table of a run — one row per method, one column per task key — as Markdown,
 * aligned console text or CSV.
 *
 * <pre>{@code
 * System.out.print(TableRenderer.console(run));
 * TableRenderer.writeMarkdown(run, dir.resolve("results.md"));   // atomic
 * TableRenderer.writeCsv(run, dir.resolve("results.csv"));
 * }</pre>
 *
 * <p>Markdown and console show percentages with one decimal; CSV holds the fractions at full
 * precision. A missing (NaN) score is "–" in Markdown/console and empty in CSV. For three tasks
 * the Markdown header is {@code | Model | mIoU Task 1 | mIoU Task 2 | mIoU Task 1∪2 | mIoU Task 3
 * | mIoU Task 1∪2∪3 |}; for tasks with names of their own the columns carry those ({@link
 * TaskKeys}).
 */
public final class TableRenderer {

    private static final String MISSING = "–";

    private TableRenderer() {}

    /**
     * The column headers: "Model", then "mIoU " and each column's label ("mIoU Task 1", "mIoU Task
     * 2", "mIoU Task 1∪2", … or "mIoU ground", …, "mIoU all"; see {@link TaskKeys}).
     */
    public static List<String> headers(RunResults run) {
        List<String> h = new ArrayList<>();
        h.add("Model");
        for (String label : run.taskKeys().labels()) {
            h.add("mIoU " + label);
        }
        return h;
    }

    /** A GitHub-flavoured Markdown table. */
    public static String markdown(RunResults run) {
        StringBuilder sb = new StringBuilder("|");
        for (String h : headers(run)) {
            sb.append(' ').append(h).append(" |");
        }
        sb.append("\n|---|");
        sb.append("---:|".repeat(run.taskKeys().keys().size()));
        sb.append('\n');
        for (MethodResult m : run.methods()) {
            sb.append("| ").append(markdownCell(m.name())).append(" |");
            for (String k : run.taskKeys().keys()) {
                sb.append(' ').append(percent(m.taskScore(k))).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Per-class IoU of each method's final model as a Markdown table (a row per class: its name,
     * its task, then one column per method), or "" when no method has per-class IoU.
     */
    public static String classMarkdown(RunResults run) {
        List<List<String>> rows = classRows(run);
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("| Class | Task |");
        for (MethodResult m : run.methods()) {
            sb.append(' ').append(markdownCell(m.name())).append(" |");
        }
        sb.append("\n|---|---:|").append("---:|".repeat(run.methods().size())).append('\n');
        for (List<String> row : rows) {
            sb.append('|');
            for (int c = 0; c < row.size(); c++) {
                sb.append(' ').append(c == 0 ? markdownCell(row.get(c)) : row.get(c)).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** {@link #classMarkdown} as aligned console text, or "" when no method has per-class IoU. */
    public static String classConsole(RunResults run) {
        List<List<String>> rows = classRows(run);
        if (rows.isEmpty()) {
            return "";
        }
        List<String> headers = new ArrayList<>(List.of("Class", "Task"));
        run.methods().forEach(m -> headers.add(m.name().replaceAll("\\s", " ")));
        return aligned(headers, rows);
    }

    /**
     * Rows of the per-class table: class, task (its number, or its name when the tasks are not
     * numbered; "–" if in no task), the IoU of each method.
     */
    private static List<List<String>> classRows(RunResults run) {
        List<String> classes = new ArrayList<>();
        List<String> tasks = new ArrayList<>();
        List<List<String>> taskClasses = run.taskClasses();
        TaskKeys keys = run.taskKeys();
        for (int t = 0; t < taskClasses.size(); t++) {
            for (String c : taskClasses.get(t)) {
                classes.add(c);
                tasks.add(keys.isNumbered() ? String.valueOf(t + 1) : keys.taskNames().get(t));
            }
        }
        for (MethodResult m : run.methods()) {
            for (String c : m.classIoU().keySet()) {
                if (!classes.contains(c)) {
                    classes.add(c);
                    tasks.add(MISSING);
                }
            }
        }
        if (run.methods().stream().allMatch(m -> m.classIoU().isEmpty())) {
            return List.of();
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            List<String> row = new ArrayList<>(List.of(classes.get(i), tasks.get(i)));
            for (MethodResult m : run.methods()) {
                row.add(percent(m.classIoU().getOrDefault(classes.get(i), Double.NaN)));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Plain text with aligned columns (names left, numbers right), for a console. */
    public static String console(RunResults run) {
        List<String> headers = headers(run);
        List<List<String>> cells = new ArrayList<>();
        for (MethodResult m : run.methods()) {
            List<String> row = new ArrayList<>();
            row.add(m.name().replaceAll("\\s", " "));
            for (String k : run.taskKeys().keys()) {
                row.add(percent(m.taskScore(k)));
            }
            cells.add(row);
        }
        return aligned(headers, cells);
    }

    private static String aligned(List<String> headers, List<List<String>> cells) {
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = length(headers.get(c));
            for (List<String> row : cells) {
                width[c] = Math.max(width[c], length(row.get(c)));
            }
        }
        StringBuilder sb = new StringBuilder();
        appendLine(sb, headers, width);
        List<String> rule = new ArrayList<>();
        for (int w : width) {
            rule.add("-".repeat(w));
        }
        appendLine(sb, rule, width);
        for (List<String> row : cells) {
            appendLine(sb, row, width);
        }
        return sb.toString();
    }

    /**
     * RFC 4180 CSV: header {@code model} and the column keys ({@code task1,task2,task12,…}, see
     * {@link TaskKeys}), fractions at full precision.
     */
    public static String csv(RunResults run) {
        StringBuilder sb = new StringBuilder("model");
        for (String k : run.taskKeys().keys()) {
            sb.append(',').append(CsvFormat.quote(k));
        }
        sb.append("\r\n");
        for (MethodResult m : run.methods()) {
            sb.append(CsvFormat.quote(m.name()));
            for (String k : run.taskKeys().keys()) {
                double v = m.taskScore(k);
                sb.append(',');
                if (!Double.isNaN(v)) {
                    sb.append(v);
                }
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    /**
     * Writes {@link #markdown} to {@code file} atomically, followed by {@link #classMarkdown} (after
     * a blank line and a title) when there is per-class IoU.
     */
    public static void writeMarkdown(RunResults run, Path file) throws IOException {
        String classes = classMarkdown(run);
        AtomicFiles.writeString(file, markdown(run)
                + (classes.isEmpty() ? "" : "\nIoU per class of the final models:\n\n" + classes));
    }

    /** Writes {@link #csv} to {@code file} atomically. */
    public static void writeCsv(RunResults run, Path file) throws IOException {
        AtomicFiles.writeString(file, csv(run));
    }

    /** A fraction as a percentage with one decimal, "–" for NaN. */
    static String percent(double fraction) {
        return Double.isNaN(fraction) ? MISSING : String.format(Locale.ROOT, "%.1f", 100 * fraction);
    }

    private static String markdownCell(String s) {
        return s.replace("|", "\\|").replaceAll("[\\r\\n]+", " ");
    }

    private static void appendLine(StringBuilder sb, List<String> cells, int[] width) {
        for (int c = 0; c < cells.size(); c++) {
            String s = cells.get(c);
            String pad = " ".repeat(width[c] - length(s));
            if (c > 0) {
                sb.append("  ");
            }
            sb.append(c == 0 ? s + pad : pad + s);
        }
        // no trailing spaces
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
        sb.append('\n');
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
