package org.lifelongseg.core.report;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.lifelongseg.core.checkpoint.AtomicFiles;

/**
 * An Ianvs-style leaderboard CSV that accumulates rows across runs ({@code rank.csv}).
 *
 * <pre>{@code
 * LeaderboardCsv board = LeaderboardCsv.of(Path.of("workspace/rank.csv"))
 *         .sortedBy("accuracy", LeaderboardCsv.Order.DESCENDING);
 * board.append(List.of(entryFinetune, entryDistill, entryJoint));   // merge + sort + atomic rewrite
 * LeaderboardCsv.Table t = board.read();
 * }</pre>
 *
 * <p>Columns, in order: {@code rank} (1..N after sorting), {@code algorithm}, one column per
 * metric, {@code paradigm}, one column per module type, one column per hyperparameter named
 * {@code {module_type}-{hp_name}}, {@code time} ({@code yyyy-MM-dd HH:mm:ss}) and {@code url}. This
 * is the layout of Ianvs' {@code all_rank.csv}, with the comma separator of Ianvs' main branch
 * and RFC 4180 quoting.
 *
 * <p>{@link #append} re-reads the existing file, takes the union of the columns (existing columns
 * keep their place, new ones are appended to their group; cells a row does not have are empty),
 * sorts all rows by the sort keys (numerically; empty or non-numeric values last; ties keep their
 * order, so older rows come first) and rewrites the file atomically. Appends to the same file are
 * serialised with a lock on a sibling file {@code .<name>.lock} (across processes too, where the
 * platform supports file locks).
 */
public final class LeaderboardCsv {

    /** Sort direction. */
    public enum Order {
        /** Largest first. */
        DESCENDING,
        /** Smallest first. */
        ASCENDING
    }

    /** The fixed columns. */
    public static final String RANK = "rank";
    /** The algorithm column. */
    public static final String ALGORITHM = "algorithm";
    /** The paradigm column. */
    public static final String PARADIGM = "paradigm";
    /** The time column. */
    public static final String TIME = "time";
    /** The url column. */
    public static final String URL = "url";

    /** The format of the time column. */
    public static final DateTimeFormatter TIME_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static final Map<Path, Object> JVM_LOCKS = new HashMap<>();

    /** A parsed leaderboard: the header and the rows (each as wide as the header). */
    public record Table(List<String> columns, List<List<String>> rows) {
        /** Copies the lists. */
        public Table {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
        }

        /** The cell of {@code row} in {@code column}, or "" if there is no such column. */
        public String get(int row, String column) {
            int c = columns.indexOf(column);
            return c < 0 ? "" : rows.get(row).get(c);
        }
    }

    private record SortKey(String metric, Order order) {}

    private final Path file;
    private final ImmutableList<SortKey> sortKeys;

    private LeaderboardCsv(Path file, ImmutableList<SortKey> sortKeys) {
        this.file = file;
        this.sortKeys = sortKeys;
    }

    /** A leaderboard at {@code file}, unsorted until {@link #sortedBy} is given. */
    public static LeaderboardCsv of(Path file) {
        return new LeaderboardCsv(Objects.requireNonNull(file, "file"), ImmutableList.of());
    }

    /** This leaderboard sorted by {@code metric} first (replacing earlier sort keys). */
    public LeaderboardCsv sortedBy(String metric, Order order) {
        return new LeaderboardCsv(file, ImmutableList.of(new SortKey(metric, order)));
    }

    /** This leaderboard with a further, lower-priority sort key. */
    public LeaderboardCsv thenBy(String metric, Order order) {
        Preconditions.checkState(!sortKeys.isEmpty(), "thenBy needs a sortedBy first");
        return new LeaderboardCsv(
                file, ImmutableList.<SortKey>builder().addAll(sortKeys).add(new SortKey(metric, order)).build());
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** Whether {@code name} is one of the fixed columns (rank, algorithm, paradigm, time, url). */
    public static boolean isFixedColumn(String name) {
        return name.equals(RANK) || name.equals(ALGORITHM) || name.equals(PARADIGM)
                || name.equals(TIME) || name.equals(URL);
    }

    /**
     * Reads the file (an empty table if it does not exist).
     *
     * @throws IllegalArgumentException naming the file if it is not a leaderboard of this layout
     */
    public Table read() throws IOException {
        if (!Files.exists(file)) {
            return new Table(List.of(), List.of());
        }
        List<List<String>> records = CsvFormat.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        if (records.isEmpty()) {
            return new Table(List.of(), List.of());
        }
        List<String> header = records.get(0);
        Groups.of(header, file); // validates the layout
        List<List<String>> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> row = records.get(r);
            if (row.size() != header.size()) {
                throw new IllegalArgumentException(file + ": row " + r + " has " + row.size()
                        + " fields but the header has " + header.size());
            }
            rows.add(row);
        }
        return new Table(header, rows);
    }

    /**
     * Adds the entries to the file: merges with the rows already there, sorts, renumbers the
     * ranks and rewrites the file atomically.
     *
     * @return the table as written
     */
    public Table append(Collection<LeaderboardEntry> entries) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        Object jvmLock;
        synchronized (JVM_LOCKS) {
            jvmLock = JVM_LOCKS.computeIfAbsent(abs, p -> new Object());
        }
        synchronized (jvmLock) {
            Path parent = abs.getParent();
            Files.createDirectories(parent);
            Path lockFile = parent.resolve("." + abs.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(
                            lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                Table merged = merge(read(), entries);
                AtomicFiles.writeString(file, toCsv(merged));
                return merged;
            }
        }
    }

    private Table merge(Table existing, Collection<LeaderboardEntry> entries) {
        Groups groups = existing.columns().isEmpty() ? new Groups() : Groups.of(existing.columns(), file);
        for (LeaderboardEntry e : entries) {
            groups.metrics.addAll(e.metrics().keySet());
            groups.modules.addAll(e.modules().keySet());
            groups.hyperparameters.addAll(e.hyperparameters().keySet());
        }
        List<String> columns = groups.columns();
        if (new LinkedHashSet<>(columns).size() != columns.size()) {
            throw new IllegalArgumentException(file + ": a name is used by more than one of metrics, modules "
                    + "and hyperparameters (or by a fixed column): " + columns);
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> r : existing.rows()) {
            Map<String, String> m = new HashMap<>();
            for (int c = 0; c < existing.columns().size(); c++) {
                m.put(existing.columns().get(c), r.get(c));
            }
            rows.add(m);
        }
        for (LeaderboardEntry e : entries) {
            Map<String, String> m = new HashMap<>();
            m.put(ALGORITHM, e.algorithm());
            e.metrics().forEach((k, v) -> m.put(k, Double.isNaN(v) ? "" : Double.toString(v)));
            m.put(PARADIGM, e.paradigm());
            m.putAll(e.modules());
            m.putAll(e.hyperparameters());
            m.put(TIME, TIME_FORMAT.format(e.time()));
            m.put(URL, e.url());
            rows.add(m);
        }
        Comparator<Map<String, String>> order = null;
        for (SortKey k : sortKeys) {
            Comparator<Map<String, String>> c = (a, b) -> compare(value(a, k.metric()), value(b, k.metric()), k.order());
            order = order == null ? c : order.thenComparing(c);
        }
        if (order != null) {
            rows.sort(order); // stable
        }
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> m = rows.get(i);
            m.put(RANK, Integer.toString(i + 1));
            List<String> r = new ArrayList<>();
            for (String c : columns) {
                r.add(m.getOrDefault(c, ""));
            }
            out.add(r);
        }
        return new Table(columns, out);
    }

    private static double value(Map<String, String> row, String metric) {
        String s = row.get(metric);
        if (s == null || s.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static int compare(double a, double b, Order order) {
        boolean na = Double.isNaN(a);
        boolean nb = Double.isNaN(b);
        if (na || nb) {
            return Boolean.compare(na, nb); // missing values last
        }
        return order == Order.DESCENDING ? Double.compare(b, a) : Double.compare(a, b);
    }

    private static String toCsv(Table t) {
        StringBuilder sb = new StringBuilder(CsvFormat.line(t.columns())).append("\r\n");
        for (List<String> r : t.rows()) {
            sb.append(CsvFormat.line(r)).append("\r\n");
        }
        return sb.toString();
    }

    /** The column groups of a leaderboard header. */
    private static final class Groups {
        final Set<String> metrics = new LinkedHashSet<>();
        final Set<String> modules = new LinkedHashSet<>();
        final Set<String> hyperparameters = new LinkedHashSet<>();

        static Groups of(List<String> header, Path file) {
            int n = header.size();
            if (n < 5 || !header.get(0).equals(RANK) || !header.get(1).equals(ALGORITHM)
                    || !header.get(n - 2).equals(TIME) || !header.get(n - 1).equals(URL)
                    || !header.contains(PARADIGM)) {
                throw new IllegalArgumentException(file + " is not a leaderboard: its header must be "
                        + "rank, algorithm, <metrics>, paradigm, <modules>, <hyperparameters>, time, url; found "
                        + header);
            }
            Set<String> seen = new LinkedHashSet<>();
            for (String h : header) {
                if (!seen.add(h)) {
                    throw new IllegalArgumentException(file + ": column '" + h + "' appears twice");
                }
            }
            Groups g = new Groups();
            int p = header.indexOf(PARADIGM);
            g.metrics.addAll(header.subList(2, p));
            for (String h : header.subList(p + 1, n - 2)) {
                (h.contains("-") ? g.hyperparameters : g.modules).add(h);
            }
            return g;
        }

        List<String> columns() {
            List<String> c = new ArrayList<>();
            c.add(RANK);
            c.add(ALGORITHM);
            c.addAll(metrics);
            c.add(PARADIGM);
            c.addAll(modules);
            c.addAll(hyperparameters);
            c.add(TIME);
            c.add(URL);
            return c;
        }
    }
}
