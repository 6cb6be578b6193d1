package org.lifelongseg.core.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the standard set of result files of a run into a folder, each atomically.
 *
 * <pre>{@code
 * List<Path> written = ReportFiles.writeAll(run, Path.of("runs/seed"));
 * // results.json, results.md, results.csv, report.html
 * }</pre>
 */
public final class ReportFiles {

    /** The JSON results. */
    public static final String JSON = "results.json";
    /** The Markdown task table. */
    public static final String MARKDOWN = "results.md";
    /** The CSV task table. */
    public static final String CSV = "results.csv";
    /** The HTML report. */
    public static final String HTML = "report.html";

    private ReportFiles() {}

    /** Writes results.json, results.md, results.csv and report.html (default options) into {@code dir}. */
    public static List<Path> writeAll(RunResults run, Path dir) throws IOException {
        return writeAll(run, dir, HtmlReport.builder().build());
    }

    /** As {@link #writeAll(RunResults, Path)}, with the given HTML renderer. */
    public static List<Path> writeAll(RunResults run, Path dir, HtmlReport html) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(JSON);
        Path md = dir.resolve(MARKDOWN);
        Path csv = dir.resolve(CSV);
        Path report = dir.resolve(HTML);
        ResultsJsonWriter.write(run, json);
        TableRenderer.writeMarkdown(run, md);
        TableRenderer.writeCsv(run, csv);
        html.write(run, report);
        return List.of(json, md, csv, report);
    }
}
