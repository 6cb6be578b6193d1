package org.lifelongseg.examples.cli;

/**
 * A combination of options that cannot work together (found after parsing); reported like a parse
 * error: one line, the usage, exit code 2.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
