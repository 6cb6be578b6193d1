/**
 * Small runnable programs that show the library in an application (each has a {@code main} and a
 * static {@code run} method; the tests run them on a tiny generated dataset):
 *
 * <ul>
 *   <li>{@link org.lifelongseg.examples.programs.CustomSplitExample}: a two-task split of a folder
 *       dataset that is not Cityscapes through the {@code LifelongPipeline} (stage 1, fine-tuning
 *       and distillation, the joint baseline, results and report), as the command line runs it;
 *   <li>{@link org.lifelongseg.examples.programs.EmbeddedInferenceExample}: a trained checkpoint
 *       in a {@code Segmenter}, images to class masks and colour PNGs;
 *   <li>{@link org.lifelongseg.examples.programs.ContinueSequenceExample}: a finished sequence
 *       continued with a new task, its last checkpoint as the distillation teacher.
 * </ul>
 */
package org.lifelongseg.examples.programs;
