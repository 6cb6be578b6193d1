package org.lifelongseg.core.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A sample that cannot be used: unreadable or truncated file, missing partner file, size mismatch,
 * label values outside the label table. The message names the file and what is wrong.
 *
 * <pre>{@code
 * try { dataset.prepare(i, epoch); }
 * catch (BadSampleException e) { log.warn("skipping {}: {}", e.sampleId(), e.getMessage()); }
 * }</pre>
 */
public class BadSampleException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String sampleId;
    private final transient Path file;

    /** A bad sample, with the file at fault if known. */
    public BadSampleException(String sampleId, Path file, String message, Throwable cause) {
        super((file != null ? file + ": " : sampleId + ": ") + message, cause);
        this.sampleId = sampleId;
        this.file = file;
    }

    /** A bad sample, with the file at fault if known. */
    public BadSampleException(String sampleId, Path file, String message) {
        this(sampleId, file, message, null);
    }

    /** The id of the bad sample. */
    public String sampleId() {
        return sampleId;
    }

    /** The file at fault, if known. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
