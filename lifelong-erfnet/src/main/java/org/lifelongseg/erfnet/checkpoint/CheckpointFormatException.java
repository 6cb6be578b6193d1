package org.lifelongseg.erfnet.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint file could not be read: it is truncated, corrupt, of an unknown format, or holds
 * something this library refuses to read. The message always names the file.
 *
 * <pre>{@code
 * try (StateDict sd = PyTorchCheckpoints.read(path, manager)) { ... }
 * catch (CheckpointFormatException e) { log.error("bad checkpoint {}", e.file(), e); }
 * }</pre>
 */
public class CheckpointFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** Creates an exception for {@code file}; the message is prefixed with the file name. */
    public CheckpointFormatException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    /** Creates an exception for {@code file} caused by {@code cause}. */
    public CheckpointFormatException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }
}
