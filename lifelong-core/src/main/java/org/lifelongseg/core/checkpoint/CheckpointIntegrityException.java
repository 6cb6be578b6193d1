package org.lifelongseg.core.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint file differs from the SHA-256 its checkpoint recorded: it was changed or replaced
 * after saving. {@link IntegrityChecks#skipping} loads such files on purpose.
 */
public final class CheckpointIntegrityException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file the file that differs
     * @param message what differs, naming the file and the marker
     */
    public CheckpointIntegrityException(Path file, String message) {
        super(message);
        this.file = file;
    }

    /** @return the file that differs */
    public Path file() {
        return file;
    }
}
