/**
 * The output side of a lifelong-learning run: an immutable results model ({@link
 * org.lifelongseg.core.report.RunResults}, {@link org.lifelongseg.core.report.MethodResult}) and
 * its writers — {@code results.json}, the task table as Markdown/CSV/console text, an Ianvs-style
 * leaderboard CSV merged across runs, and a self-contained HTML report with inline SVG charts.
 *
 * <pre>{@code
 * RunResults run = RunResults.builder()
 *         .setDataset("cityscapes")
 *         .setNumTasks(3)
 *         .addMethod(MethodResult.builder("distill")
 *                 .setTaskScores(Map.of("task1", 0.84, "task2", 0.58, "task12", 0.64,
 *                                       "task3", 0.68, "task123", 0.62))
 *                 .build())
 *         .build();
 * ReportFiles.writeAll(run, Path.of("runs/seed"));   // results.json/.md/.csv, report.html
 * }</pre>
 */
package org.lifelongseg.core.report;
