package org.lifelongseg.erfnet.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint's pickle referred to a Python global (function or class) that is not on the
 * reader's allowlist. Such a file could execute code in Python; it is refused without being run.
 *
 * <pre>{@code
 * catch (UnsafeCheckpointException e) { log.error("refused {}", e.globalName()); }
 * }</pre>
 */
public final class UnsafeCheckpointException extends CheckpointFormatException {

    private static final long serialVersionUID = 1L;

    private final String globalName;

    UnsafeCheckpointException(Path file, String globalName, String what) {
        super(file, "refusing " + what + " '" + globalName
                + "': not on the allowlist of tensor-rebuild functions, storage types and plain"
                + " containers (a checkpoint must not execute code)");
        this.globalName = globalName;
    }

    /** The refused global as {@code module.name}, e.g. {@code os.system}. */
    public String globalName() {
        return globalName;
    }
}
