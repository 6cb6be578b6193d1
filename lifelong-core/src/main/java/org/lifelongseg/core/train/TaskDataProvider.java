package org.lifelongseg.core.train;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.lifelongseg.core.data.SegmentationDataset;
import org.lifelongseg.core.infer.InputSpec;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.TaskSequence;

/**
 * The data SPI of the trainer and the lifelong pipeline: the training (and optional validation)
 * data of one step, and the labelled evaluation split.
 *
 * <pre>{@code
 * TaskDataProvider data = CityscapesTaskData.builder().setRoot(root).build(); // lifelong-cityscapes
 * SegmentationDataset train = data.trainingData(sequence, 1, LabelScope.NEW_CLASSES, 6, 1234);
 * }</pre>
 *
 * <p>Labels are channel indices of {@code sequence.classSpaceAfter(step)}; pixels of classes
 * outside the requested scope (and void) are 255. Training data is shuffled and augmented
 * deterministically by the seed (see {@link SegmentationDataset}); validation and evaluation data
 * are neither.
 */
public interface TaskDataProvider {

    /**
     * The training data of a step.
     *
     * @param sequence the task sequence
     * @param step the 0-based step
     * @param scope which classes are labelled
     * @param batchSize images per batch (the last incomplete batch is dropped)
     * @param seed the seed of shuffling and augmentation
     * @return the dataset
     * @throws IOException if the data cannot be read
     * @throws IllegalArgumentException naming the task if it selects no image
     */
    SegmentationDataset trainingData(
            TaskSequence sequence, int step, LabelScope scope, int batchSize, long seed)
            throws IOException;

    /**
     * The validation data of a step, with every class of {@code classSpaceAfter(step)} labelled,
     * if the provider has any.
     *
     * @param sequence the task sequence
     * @param step the 0-based step
     * @param batchSize images per batch
     * @return the dataset, or empty
     * @throws IOException if the data cannot be read
     */
    Optional<SegmentationDataset> validationData(TaskSequence sequence, int step, int batchSize)
            throws IOException;

    /**
     * The labelled evaluation split (e.g. Cityscapes' {@code val}), unaugmented and in a fixed
     * order, with every class of {@code classes} labelled by its index there (other classes and
     * void are 255): what a model is evaluated on, per task and union of tasks, with {@code
     * DatasetEvaluator} (the lifelong pipeline does so after every step). Pass the model's classes
     * (its channels); the final class space serves every model whose classes are a prefix of it.
     * Default: none.
     *
     * <pre>{@code
     * SegmentationDataset val = data.evaluationData(step.classSpace(), 6).orElseThrow();
     * DatasetEvaluator.builder().addTasks(sequence).build()
     *         .evaluate(step.block(), step.classSpace(), val, Device.cpu());
     * }</pre>
     *
     * @param classes the labelled classes, in channel order
     * @param batchSize images per batch
     * @return the dataset, or empty if the provider has no evaluation split
     * @throws IOException if the data cannot be read
     * @throws IllegalArgumentException naming the class if one of {@code classes} is not the
     *     dataset's
     */
    default Optional<SegmentationDataset> evaluationData(ClassSpace classes, int batchSize)
            throws IOException {
        return Optional.empty();
    }

    /**
     * How a model trained on this data must be fed: the normalization and network input size of
     * the evaluation transform, the ignore label and the dataset's name, with {@code classes} as
     * the channels. The trainer records it in every checkpoint ({@link InputSpec#FILE}) and
     * attaches it to the models it returns. Default: nothing is recorded.
     *
     * @param classes the model's classes, in channel order
     * @return the spec, or empty if the provider cannot say
     */
    default Optional<InputSpec> inputSpec(ClassSpace classes) {
        return Optional.empty();
    }

    /** Settings recorded in checkpoints (root, transforms, ...). */
    default Map<String, String> describe() {
        return Map.of("data", getClass().getSimpleName());
    }
}
