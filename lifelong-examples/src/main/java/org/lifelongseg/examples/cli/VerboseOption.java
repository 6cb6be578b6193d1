package org.lifelongseg.examples.cli;

import picocli.CommandLine.Option;

/**
 * {@code --verbose}, shared by every command: failures then print their stack trace ({@link
 * CliErrors} reads it from the arguments, since it must work even when parsing fails).
 */
final class VerboseOption {

    @Option(names = "--verbose", description = "Print stack traces of failures.")
    boolean verbose;
}
