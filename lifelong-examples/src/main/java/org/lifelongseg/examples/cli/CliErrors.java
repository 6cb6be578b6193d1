package org.lifelongseg.examples.cli;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on stderr: exit code 1 for a failed run, 2 for a usage error. The
 * stack trace is printed only when {@code --verbose} is on the command line.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {

    /** Exit code of a run that failed (bad input file, training diverged, ...). */
    static final int FAILED = 1;

    /** Exit code of a usage error (unknown option, invalid value, impossible combination). */
    static final int USAGE = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        if (ex instanceof UsageException) {
            LifelongCommand.printError(cmd, ex.getMessage());
            cmd.usage(cmd.getErr());
            return USAGE;
        }
        LifelongCommand.printError(cmd, describe(ex));
        if (verbose(parseResult.originalArgs().toArray(new String[0]))) {
            ex.printStackTrace(cmd.getErr());
        } else {
            cmd.getErr().println("(run with --verbose for the stack trace)");
        }
        cmd.getErr().flush();
        return FAILED;
    }

    /** One line describing a failure: its message, or its type when it has none. */
    static String describe(Throwable ex) {
        String msg = ex.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = ex.getClass().getSimpleName();
        }
        return msg.replace('\n', ' ');
    }

    static boolean verbose(String[] args) {
        return Arrays.asList(args).contains("--verbose");
    }

    /** Usage errors: one line and the usage of the command, exit code 2. */
    static final class UsageErrors implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cmd = ex.getCommandLine();
            LifelongCommand.printError(cmd, describe(ex));
            if (verbose(args)) {
                ex.printStackTrace(cmd.getErr());
            }
            cmd.usage(cmd.getErr());
            return USAGE;
        }
    }
}
