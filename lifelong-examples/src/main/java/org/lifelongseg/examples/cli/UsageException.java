package org.lifelongseg.examples.cli;

/**
 * A bad option value or a combination of options that cannot work together (found after parsing);
 * reported like a parse error: one line naming the option, a pointer to {@code --help}, exit code 2.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
