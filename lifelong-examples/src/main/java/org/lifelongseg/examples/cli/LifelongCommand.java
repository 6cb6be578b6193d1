package org.lifelongseg.examples.cli;

import java.io.PrintWriter;
import org.lifelongseg.core.checkpoint.IntegrityChecks;
import org.lifelongseg.core.util.EnvironmentVariables;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code lifelong} command line: the seed's commands in Java form.
 *
 * <p>Usage errors (unknown option, missing or invalid value) print one line and a pointer to the
 * command's {@code --help} on stderr and exit with 2; failures while running print one line on
 * stderr and exit with 1 (the stack trace only with {@code --verbose}).
 */
@Command(
        name = "lifelong",
        mixinStandardHelpOptions = true,
        versionProvider = LifelongCommand.Version.class,
        description = "Lifelong (class-incremental) semantic segmentation on the JVM.",
        subcommands = {
            PipelineCommand.class,
            TrainCommands.Static.class,
            TrainCommands.Incremental.class,
            EvaluateCommand.class,
            InferCommand.class,
            RecognizeCommand.class,
            EvaluatePredictionsCommand.class,
            DatasetInfoCommand.class
        })
public final class LifelongCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns its exit code. */
    public static int execute(String... args) {
        return execute(EnvironmentVariables.system(), args);
    }

    /** Runs the command line with the given environment variables (e.g. a test's). */
    static int execute(EnvironmentVariables environment, String... args) {
        CommandLine cli = new CommandLine(new LifelongCommand(), new Factory(environment));
        cli.setExecutionExceptionHandler(new CliErrors());
        cli.setParameterExceptionHandler(new CliErrors.UsageErrors());
        CliValues.registerNumberConverters(cli);
        cli.setExecutionStrategy(LifelongCommand::run);
        return cli.execute(args);
    }

    /** Runs the chosen command, inside {@link IntegrityChecks#skipping} if it was asked for. */
    private static int run(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        if (!last.hasMatchedOption(IntegrityOption.NAME)) {
            return new CommandLine.RunLast().execute(parsed);
        }
        try {
            return IntegrityChecks.skipping(() -> new CommandLine.RunLast().execute(parsed));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) {
        System.exit(OrderlyStop.run(() -> execute(args)));
    }

    /** Reports the library version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LifelongCommand.class.getPackage().getImplementationVersion();
            return new String[] {"lifelong " + (v == null ? "(development build)" : v)};
        }
    }

    /** Creates the commands and their option groups, handing the environment to those that read it. */
    private record Factory(EnvironmentVariables environment) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == DatasetOptions.class) {
                return cls.cast(new DatasetOptions(environment));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    /** Prints a message on the command's error stream. */
    static void printError(CommandLine cmd, String message) {
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandName() + ": " + message);
        err.flush();
    }
}
