package org.lifelongseg.core.checkpoint;

import java.nio.file.Path;

/**
 * Training refused to start because its checkpoint folder already holds something it would
 * overwrite or cannot continue from; nothing was changed. The {@link #reason()} lets a front end
 * phrase the remedy in its own terms (a command line's options, an application's settings).
 */
public final class CheckpointConflictException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Why training did not start. */
    public enum Reason {
        /** Valid checkpoints exist and resuming was not asked for. */
        EXISTS,
        /** Resuming was asked for, but a checkpoint training would build on or overwrite is unreadable. */
        UNREADABLE,
        /** The checkpoint to resume was written with another configuration. */
        OTHER_CONFIGURATION
    }

    private final Reason reason;
    private final transient Path directory;
    private final String problem;

    /**
     * @param reason why training did not start
     * @param directory the checkpoint (or models) folder concerned
     * @param problem what is wrong, one sentence without a remedy
     * @param remedy what to do, in the library's terms
     */
    public CheckpointConflictException(Reason reason, Path directory, String problem, String remedy) {
        super(problem + "; nothing was changed (" + remedy + ")");
        this.reason = reason;
        this.directory = directory;
        this.problem = problem;
    }

    /** @return why training did not start */
    public Reason reason() {
        return reason;
    }

    /** @return the checkpoint or models folder concerned */
    public Path directory() {
        return directory;
    }

    /** @return what is wrong, without the remedy */
    public String problem() {
        return problem;
    }
}
