package org.lifelongseg.core.train.strategy;

import org.lifelongseg.core.train.LabelScope;
import org.lifelongseg.core.train.StudentInitialization;
import org.lifelongseg.core.train.TrainingStrategy;

/**
 * The built-in strategies without a teacher. Distillation (Klingner et al.) is lifelong-erfnet's
 * {@code KlingnerDistillation}.
 *
 * <pre>{@code
 * LifelongTrainer.forTasks(CityscapesProtocol.jointBaseline()).strategy(Strategies.joint())...
 * LifelongTrainer.forTasks(sequence).strategy(Strategies.fineTuning())...   // lower bound
 * }</pre>
 */
public final class Strategies {

    private Strategies() {}

    /**
     * Static training: a fresh model with one channel per class seen so far, cross-entropy on the
     * step's own classes (stage 1 of the protocol; the joint baseline when the only task holds
     * every class).
     */
    public static TrainingStrategy staticTraining() {
        return new CrossEntropyStrategy("static", LabelScope.NEW_CLASSES, StudentInitialization.FRESH);
    }

    /**
     * Fine-tuning, the forgetting lower bound: the student starts from the previous model (all
     * matching parameters and the old output channels) and is trained with cross-entropy on the
     * new classes only.
     */
    public static TrainingStrategy fineTuning() {
        return new CrossEntropyStrategy(
                "finetune", LabelScope.NEW_CLASSES, StudentInitialization.FROM_PREVIOUS);
    }

    /**
     * Joint training, the upper bound: a fresh model trained with cross-entropy on every class
     * seen so far (all of them labelled).
     */
    public static TrainingStrategy joint() {
        return new CrossEntropyStrategy("joint", LabelScope.ALL_SEEN_CLASSES, StudentInitialization.FRESH);
    }
}
