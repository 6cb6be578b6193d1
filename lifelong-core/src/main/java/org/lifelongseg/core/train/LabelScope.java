package org.lifelongseg.core.train;

/**
 * Which classes the training labels of a step mark; every other pixel is 255 (unlabelled).
 *
 * <pre>{@code
 * LabelScope scope = strategy.labelScope();
 * List<String> labelled = scope.labelledClasses(sequence, step);
 * }</pre>
 */
public enum LabelScope {
    /** Only the classes the step introduces (the class-incremental protocol). */
    NEW_CLASSES,
    /** Every class of {@code classSpaceAfter(step)} (joint training, the upper bound). */
    ALL_SEEN_CLASSES;

    /**
     * The labelled classes of a step.
     *
     * @param sequence the task sequence
     * @param step the 0-based step
     * @return the class names, in channel order
     */
    public java.util.List<String> labelledClasses(
            org.lifelongseg.core.task.TaskSequence sequence, int step) {
        return this == NEW_CLASSES
                ? sequence.newClasses(step)
                : sequence.classSpaceAfter(step).names();
    }
}
