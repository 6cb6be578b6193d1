/**
 * The lifelong workflow as a library call: {@link org.lifelongseg.core.pipeline.LifelongPipeline}
 * trains stage 1, every compared method and the joint baseline on any {@link
 * org.lifelongseg.core.train.TaskDataProvider} and task sequence, evaluates every model on each
 * task and union of tasks, and returns the {@link org.lifelongseg.core.report.RunResults} the
 * report writers take; {@link org.lifelongseg.core.pipeline.UnknownTaskRecognition} adds
 * unknown-task recognition with one method's final model. The model and the methods are given to
 * it, so it knows no network and no dataset.
 *
 * <pre>{@code
 * RunResults results = LifelongPipeline.builder()
 *         .setData(data, "garden").setTasks(split).setModel(factory)
 *         .addMethod("finetune", Strategies.fineTuning())
 *         .addMethod("distill", distillation)
 *         .build().run();
 * ReportFiles.writeAll(results, out);
 * }</pre>
 */
package org.lifelongseg.core.pipeline;
