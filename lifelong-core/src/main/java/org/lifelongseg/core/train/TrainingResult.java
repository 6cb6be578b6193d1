package org.lifelongseg.core.train;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The steps trained by {@link LifelongTrainer#train()}; closing frees every step's model.
 *
 * <pre>{@code
 * try (TrainingResult r = trainer.train()) {
 *     StepResult last = r.last();
 *     r.steps().forEach(s -> System.out.println(s.task().name() + " " + s.epochs().size()));
 * }
 * }</pre>
 */
public final class TrainingResult implements AutoCloseable {

    private final ImmutableList<StepResult> steps;

    TrainingResult(List<StepResult> steps) {
        this.steps = ImmutableList.copyOf(steps);
    }

    /** The step results in order. */
    public ImmutableList<StepResult> steps() {
        return steps;
    }

    /** The result of sequence step {@code step}. */
    public StepResult step(int step) {
        for (StepResult s : steps) {
            if (s.step() == step) {
                return s;
            }
        }
        throw new IllegalArgumentException("step " + step + " was not trained; trained: "
                + steps.stream().map(StepResult::step).toList());
    }

    /** The last step's result. */
    public StepResult last() {
        return steps.get(steps.size() - 1);
    }

    /** Frees every step's model. */
    @Override
    public void close() {
        steps.forEach(StepResult::close);
    }
}
