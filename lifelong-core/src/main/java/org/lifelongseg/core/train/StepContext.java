package org.lifelongseg.core.train;

import java.util.List;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.task.Task;
import org.lifelongseg.core.task.TaskSequence;

/**
 * What a strategy knows about the step being trained.
 *
 * <pre>{@code
 * int oldChannels = context.oldClasses().size();   // teacher channels, [0, n_old) of the student
 * }</pre>
 *
 * @param sequence the task sequence
 * @param step the 0-based step
 * @param hasPreviousModel whether a previous model (teacher) is available
 */
public record StepContext(TaskSequence sequence, int step, boolean hasPreviousModel) {

    /** The step's task. */
    public Task task() {
        return sequence.task(step);
    }

    /** The student's output classes. */
    public ClassSpace classSpace() {
        return sequence.classSpaceAfter(step);
    }

    /** The classes learned before this step. */
    public List<String> oldClasses() {
        return sequence.oldClasses(step);
    }

    /** The classes this step introduces. */
    public List<String> newClasses() {
        return sequence.newClasses(step);
    }
}
