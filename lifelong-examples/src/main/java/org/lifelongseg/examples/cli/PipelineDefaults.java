package org.lifelongseg.examples.cli;

/** Defaults of the main job on the embedded synthetic dataset (tuned to fit 6 minutes on 2 cores). */
final class PipelineDefaults {

    /**
     * Training frames per city of the synthetic dataset, on average (138 / 137 / 140 for the three
     * tasks; validation keeps 10 per city). Twice the frames in half the epochs, the
     * same number of updates: the short runs see more kinds of street and see each less often.
     * Measured without dropout, tasks 1∪2∪3, distill / joint, 12 frames and 22 epochs -> 24 frames
     * and 11 epochs: seed 1234 37.7 / 45.8 (0.82) -> 38.9 / 45.1 (0.86), seed 7 39.4 / 44.4 (0.89)
     * -> 38.6 / 43.9 (0.88), seed 4321 38.5 / 42.5 (0.91) -> 38.8 / 45.2 (0.86) (AMD EPYC).
     */
    static final int SYNTHETIC_FRAMES_PER_CITY = 24;

    /**
     * Epochs per training on the synthetic dataset: as many as fit the main job in 6 minutes on
     * 2 cores with two trainings at a time, the network at half the frame size (128x64, whole
     * frames). 11 epochs of 24 frames per city, without dropout: 5 min 43 s (AMD EPYC, from a
     * fresh clone, dataset generation and recognition included, the first-use build excluded);
     * 22 epochs of 12 frames with dropout took 5 min 16 s on an earlier day. At 256x128 with
     * 96x192 crops the job fitted 11 epochs of 12 frames (4 min 51 s) and gave distillation 26.0 of
     * joint's 32.1 on tasks 1∪2∪3 (seed 7); at 128x64 with 22 epochs 34.6 of 42.8, and the stage-1
     * model 82.2 on task 1 instead of 71.5. More epochs raise distillation's share of joint (seed
     * 7, ERFNet's dropout, 12 frames: 0.82 at 22 epochs, 0.86 at 33).
     */
    static final int SYNTHETIC_EPOCHS = 11;

    /**
     * Epochs per training on a folder dataset: the synthetic dataset's number of updates when it had
     * 12 frames per city, kept as a folder dataset's size is its own.
     */
    static final int FOLDER_EPOCHS = 22;

    /**
     * Base learning rate on the synthetic dataset, for every method alike: 4x the reference's, as
     * ERFNet trains from scratch there in few epochs (measured, stage 1 after 15 epochs at batch 3:
     * validation mIoU 0.714 at 1e-3, 0.765 at 2e-3, 0.703 at 3e-3; at batch 6, 0.31 at 5e-4).
     */
    static final double SYNTHETIC_LEARNING_RATE = 2e-3;

    /**
     * Base learning rate of the incremental steps on the synthetic dataset, for every method alike:
     * 1.5x the static one, as the new classes have a step's epochs to be learned in while the old
     * ones hold well (measured, 22 epochs at 128x64, tasks 1∪2∪3, seeds 7 / 1234: distill 34.6 /
     * 34.7 at 2e-3, 35.0 / 36.2 at 3e-3 against joint's 42.8 / 43.0; task-1 retention 0.96 / 0.97
     * at both rates; fine-tuning 7.1 / 6.1 and 5.7 / 5.8). Not on a folder dataset, which keeps
     * the static rate: on FolderPipelineTest's shapes 3e-3 left distillation's best first-task
     * class (discs) at IoU 0.10 where 2e-3 keeps 0.32.
     */
    static final double SYNTHETIC_INCREMENTAL_LEARNING_RATE = 3e-3;

    /**
     * Images per batch on the synthetic dataset, for every method alike: a third of the reference's
     * 6, so three times the updates in the short runs there at about the same cost per epoch.
     * Measured, stage 1 after 15 epochs: validation mIoU 0.669 at 6, 0.769 at 3. The whole main
     * job at 11 epochs, batch 3 -> 2, tasks 1∪2∪3 distill / joint, seeds 1234, 4321, 7: distill
     * 22.8 -> 26.1, 25.0 -> 26.2, 22.9 -> 23.9 (better on every seed); joint 35.9 -> 33.8, 33.5 ->
     * 38.0, 31.0 -> 32.1; run time about the same (AMD EPYC, 2 cores).
     */
    static final int SYNTHETIC_BATCH_SIZE = 2;

    /**
     * ERFNet's dropout rates are multiplied by this on the synthetic dataset, for every method
     * alike: dropout slows the short runs there. Measured, 22 epochs, tasks 1∪2∪3, distill / joint
     * at ERFNet's rates -> without dropout: seed 7 35.0 / 42.8 -> 39.4 / 44.4 (at 0.33: 35.8 /
     * 42.8), seed 1234 36.2 / 43.0 -> 37.7 / 45.8, seed 4321 36.4 / 41.8 -> 38.5 / 42.5; stage 1 on
     * task 1 82.2 -> 86.0 (84.9 at 0.33), 83.4 -> 84.7, 85.7 -> 85.7 (AMD EPYC, 2 cores).
     */
    static final float SYNTHETIC_DROPOUT_SCALE = 0f;

    private PipelineDefaults() {}
}
