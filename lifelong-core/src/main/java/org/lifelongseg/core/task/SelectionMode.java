package org.lifelongseg.core.task;

/**
 * How a task's images are chosen beyond its {@link ImageFilter}, following the usual meaning in
 * continual semantic segmentation (Cermelli et al., "Modeling the Background", CVPR 2020).
 *
 * <pre>{@code
 * TaskSequence seq = TaskSequence.builder().addTask(t1).addTask(t2)
 *         .optMode(SelectionMode.DISJOINT).build();
 * }</pre>
 *
 * <p>In every mode only the current task's classes are labelled in its images; pixels of old and
 * future classes and void are unlabelled (ignored by the loss).
 */
public enum SelectionMode {
    /**
     * The image filter alone decides (the Cityscapes protocol of Klingner et al.: disjoint city
     * subsets; an image may show old and future classes, unlabelled).
     */
    FILTER_ONLY,
    /**
     * Of the filtered images, those showing at least one pixel of a class of the current task; old
     * and future classes may appear too, so an image can belong to several steps.
     */
    OVERLAPPED,
    /**
     * Of the filtered images, those showing at least one pixel of a current class and no pixel of a
     * future class (only old and current classes); hence every image belongs to at most one step.
     */
    DISJOINT;

    /** Whether the mode needs to know which classes an image shows. */
    public boolean needsClassPresence() {
        return this != FILTER_ONLY;
    }
}
