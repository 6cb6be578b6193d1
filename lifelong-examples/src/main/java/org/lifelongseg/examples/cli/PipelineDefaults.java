package org.lifelongseg.examples.cli;

/** Defaults of the main job on the embedded synthetic dataset (tuned to fit 10 minutes on 2 cores). */
final class PipelineDefaults {

    /** Epochs per training on the synthetic dataset. */
    static final int SYNTHETIC_EPOCHS = 12;

    private PipelineDefaults() {}
}
