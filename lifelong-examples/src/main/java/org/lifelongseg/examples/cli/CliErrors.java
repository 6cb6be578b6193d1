package org.lifelongseg.examples.cli;

import java.util.Arrays;
import java.util.List;
import org.lifelongseg.core.checkpoint.CheckpointIntegrityException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns failures into one line on stderr: exit code 1 for a failed run, 2 for a usage error (then
 * followed by a pointer to the command's {@code --help}). The stack trace is printed only when
 * {@code --verbose} is on the command line.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {

    /** Exit code of a run that failed (bad input file, training diverged, ...). */
    static final int FAILED = 1;

    /** Exit code of a usage error (unknown option, invalid value, impossible combination). */
    static final int USAGE = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        boolean verbose = verbose(parseResult.originalArgs().toArray(new String[0]));
        if (ex instanceof UsageException) {
            printUsageError(cmd, ex.getMessage());
            if (verbose) {
                ex.printStackTrace(cmd.getErr());
            }
            return USAGE;
        }
        LifelongCommand.printError(cmd, describe(ex, verbose) + remedy(ex));
        if (verbose) {
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return FAILED;
    }

    /**
     * One line describing a failure: its message; without one (a bug rather than bad input) its
     * type and where to find more.
     */
    static String describe(Throwable ex, boolean verbose) {
        String msg = ex.getMessage();
        if (msg == null || msg.isBlank()) {
            return "internal error (" + ex.getClass().getSimpleName() + ")"
                    + (verbose ? "" : "; run with --verbose for the stack trace");
        }
        return msg.replace('\n', ' ');
    }

    /** A remedy in the command line's terms for failures that have one, else nothing. */
    private static String remedy(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof CheckpointIntegrityException) {
                return "; " + IntegrityOption.NAME + " loads it anyway if it was edited on purpose";
            }
        }
        return "";
    }

    static boolean verbose(String[] args) {
        return Arrays.asList(args).contains("--verbose");
    }

    /** Prints a usage error: the line, then where the options are explained. */
    static void printUsageError(CommandLine cmd, String message) {
        LifelongCommand.printError(cmd, message);
        boolean top = cmd.getParent() == null;
        cmd.getErr().println("Try './" + cmd.getCommandSpec().qualifiedName(" ") + " --help' for the "
                + (top ? "commands." : "options."));
        cmd.getErr().flush();
    }

    /** Usage errors found while parsing: one line and the pointer to --help, exit code 2. */
    static final class UsageErrors implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cmd = ex.getCommandLine();
            printUsageError(cmd, describe(ex));
            if (verbose(args)) {
                ex.printStackTrace(cmd.getErr());
            }
            return USAGE;
        }

        /** Picocli's message, with unknown words named as such and the closest option suggested. */
        private static String describe(ParameterException ex) {
            if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
                String first = u.getUnmatched().get(0);
                String what = first.startsWith("-") ? "unknown option '" + first + "'"
                        : ex.getCommandLine().getParent() == null ? "unknown command '" + first + "'"
                        : "unexpected argument '" + first + "'";
                List<String> suggestions = u.getSuggestions();
                return what + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?");
            }
            return CliErrors.describe(ex, false);
        }
    }
}
