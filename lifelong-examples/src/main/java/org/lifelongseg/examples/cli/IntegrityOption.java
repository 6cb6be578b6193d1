package org.lifelongseg.examples.cli;

import picocli.CommandLine.Option;

/**
 * {@code --skip-integrity-check}, shared by the commands that load checkpoints. Every weights file
 * of a checkpoint folder is checked against the SHA-256 its checkpoint recorded; with this option
 * the command runs inside {@link org.lifelongseg.core.checkpoint.IntegrityChecks#skipping} (see
 * {@link LifelongCommand}), for files edited on purpose.
 */
final class IntegrityOption {

    /** The option's name, as the remedies in messages spell it. */
    static final String NAME = "--skip-integrity-check";

    @Option(names = NAME, description = "Load checkpoint files even if they differ from the SHA-256"
            + " their checkpoint recorded (files edited on purpose).")
    boolean skip;
}
