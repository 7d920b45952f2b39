package dev.slipway.cli;

import dev.slipway.Slipway;
import dev.slipway.app.AccessService;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.domain.ApiToken;
import dev.slipway.domain.ApiTokenInfo;
import dev.slipway.domain.RefusedException;
import dev.slipway.store.Store;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slipway api-token create|list|revoke}: the bearer tokens of the JSON API. */
@Command(name = "api-token", mixinStandardHelpOptions = true,
        description = "Create, list and revoke the bearer tokens of the JSON API; each acts as its person.",
        subcommands = {ApiTokenCommand.Create.class, ApiTokenCommand.ListTokens.class, ApiTokenCommand.Revoke.class})
final class ApiTokenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Say what to do: create, list or revoke.");
    }

    /** Loads the configuration, opens the database and runs {@code action} with the access use case. */
    private static int withAccess(ConfigOption config, CommandLine.Model.CommandSpec spec,
                                  Function<AccessService, Integer> action) {
        PrintWriter err = spec.commandLine().getErr();
        Optional<SlipwayConfig> loaded = config.load(err);
        if (loaded.isEmpty()) {
            return 1;
        }
        try (Store store = Slipway.openDatabase(loaded.get())) {
            return action.apply(new AccessService(store, Clock.systemUTC()));
        } catch (RefusedException refused) {
            err.println("slipway: " + refused.refusal().message());
            err.flush();
            return 1;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token that acts as PERSON, and print its secret: the only time it is shown.")
    static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--as", required = true, paramLabel = "PERSON",
                description = "Who the token acts as: a Slack user id (U0001) or a console name (alice).")
        String user;

        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "The token's name: lower-case letters, digits, '.', '_' and '-' (e.g. ci-dashboard).")
        String name;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return withAccess(config, spec, access -> {
                ApiToken token = access.createApiToken(user, name);
                PrintWriter out = spec.commandLine().getOut();
                out.printf("Created API token %s acting as %s.%n", token.name(), token.user());
                out.println(token.secret());
                out.println("Keep this secret now: it is not stored and cannot be shown again."
                        + " Send it as \"Authorization: Bearer <secret>\".");
                out.flush();
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List every token (revoked ones too): name, person, created, last used, revoked. Never a secret.")
    static final class ListTokens implements Callable<Integer> {
        private static final DateTimeFormatter WHEN =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

        @Mixin
        ConfigOption config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return withAccess(config, spec, access -> {
                List<ApiTokenInfo> tokens = access.listApiTokens();
                PrintWriter out = spec.commandLine().getOut();
                if (tokens.isEmpty()) {
                    out.println("No API tokens.");
                } else {
                    print(out, tokens);
                }
                out.flush();
                return 0;
            });
        }

        private static void print(PrintWriter out, List<ApiTokenInfo> tokens) {
            List<String[]> rows = new java.util.ArrayList<>();
            rows.add(new String[] {"NAME", "USER", "CREATED", "LAST USED", "REVOKED"});
            for (ApiTokenInfo t : tokens) {
                rows.add(new String[] {t.name(), t.user(), when(t.createdAt()), when(t.lastUsedAt()),
                        when(t.revokedAt())});
            }
            int[] widths = new int[5];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
                }
                out.println(line.toString().stripTrailing());
            }
        }

        private static String when(Instant at) {
            return at == null ? "-" : WHEN.format(at);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke the token named NAME: from now on it is refused. Its name stays taken.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The token to revoke.")
        String name;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return withAccess(config, spec, access -> {
                if (!access.revokeApiToken(name)) {
                    spec.commandLine().getErr().println("slipway: there is no unrevoked API token named " + name + ".");
                    spec.commandLine().getErr().flush();
                    return 1;
                }
                spec.commandLine().getOut().println("Revoked API token " + name + ".");
                spec.commandLine().getOut().flush();
                return 0;
            });
        }
    }
}
