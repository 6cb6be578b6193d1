package org.lifelongseg.core.train.strategy;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.lifelongseg.core.train.LabelScope;
import org.lifelongseg.core.train.LossTerms;
import org.lifelongseg.core.train.StepContext;
import org.lifelongseg.core.train.StudentInitialization;
import org.lifelongseg.core.train.TrainingStrategy;
import org.lifelongseg.core.train.loss.MaskedCrossEntropyLoss;

/**
 * Masked cross-entropy with a label scope and an initialization: the static, fine-tuning and
 * joint strategies.
 *
 * <pre>{@code
 * TrainingStrategy ft = Strategies.fineTuning();   // a CrossEntropyStrategy
 * }</pre>
 */
final class CrossEntropyStrategy implements TrainingStrategy {

    private final String name;
    private final LabelScope scope;
    private final StudentInitialization initialization;

    CrossEntropyStrategy(String name, LabelScope scope, StudentInitialization initialization) {
        this.name = name;
        this.scope = scope;
        this.initialization = initialization;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public LabelScope labelScope() {
        return scope;
    }

    @Override
    public StudentInitialization initialization() {
        return initialization;
    }

    @Override
    public LossTerms loss(NDArray studentLogits, NDArray labels, NDArray teacherLogits, StepContext context) {
        return LossTerms.of(MaskedCrossEntropyLoss.compute(studentLogits, labels));
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("strategy", name, "labels", scope.name(), "initialization", initialization.name());
    }

    @Override
    public String toString() {
        return name;
    }
}
