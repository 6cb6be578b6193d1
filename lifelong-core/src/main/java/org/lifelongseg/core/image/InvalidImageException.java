package org.lifelongseg.core.image;

import java.nio.file.Path;

/** An image file that cannot be used: missing, truncated, of an unknown format or layout. */
public final class InvalidImageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public InvalidImageException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public InvalidImageException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
