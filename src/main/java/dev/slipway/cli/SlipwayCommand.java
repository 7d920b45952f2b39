package dev.slipway.cli;

import dev.slipway.domain.PublicText;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code slipway} itself: a ChatOps deployment bot with one subcommand per way of running it. */
@Command(name = "slipway", mixinStandardHelpOptions = true, versionProvider = SlipwayCommand.Version.class,
        description = "A ChatOps deployment bot: ship projects to environments from chat.",
        subcommands = {ServeCommand.class, ConsoleCommand.class, CheckConfigCommand.class, SecretsCommand.class,
                BackupCommand.class, MigrateToCommand.class, WebLoginCommand.class, ApiTokenCommand.class,
                CommandLine.HelpCommand.class})
public final class SlipwayCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Say what to do: serve, console, check-config, secrets, backup, migrate-to, web-login or api-token.");
    }

    /** Runs the command line and returns the process exit code: 0 ok, 1 failure, 2 usage error. */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)}, printing to the given writers. */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        return new CommandLine(new SlipwayCommand())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // The whole exception goes to the (masked) log; the terminal gets one line without class names.
                    LoggerFactory.getLogger(SlipwayCommand.class).error("{} failed", cmd.getCommandName(), e);
                    cmd.getErr().println("slipway: "
                            + PublicText.of(e.getMessage() != null ? e.getMessage() : e.toString()));
                    return 1;
                })
                .execute(args);
    }

    /** What the build wrote into {@code dev/slipway/version.properties}: the version and the commit it was built from. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            return new String[] {"slipway " + describe(SlipwayCommand.class.getResourceAsStream("/dev/slipway/version.properties"))};
        }

        /** "0.1.0 (commit 2142f8c of 2026-12-03)", or "development" when the build did not fill the file in. */
        static String describe(java.io.InputStream file) throws java.io.IOException {
            java.util.Properties built = new java.util.Properties();
            if (file != null) {
                try (file) {
                    built.load(file);
                }
            }
            String version = built.getProperty("version", "");
            if (version.isBlank() || version.startsWith("${")) {
                return "development";
            }
            String commit = built.getProperty("commit", "");
            if (commit.isBlank() || commit.startsWith("${")) {
                return version + " (commit unknown)";
            }
            return version + " (commit " + commit + " of " + built.getProperty("commitDate", "?")
                    + ("true".equals(built.getProperty("dirty")) ? ", with uncommitted changes" : "") + ")";
        }
    }
}
