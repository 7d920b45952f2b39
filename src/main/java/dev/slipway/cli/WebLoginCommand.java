package dev.slipway.cli;

import dev.slipway.Slipway;
import dev.slipway.app.AccessService;
import dev.slipway.config.ServerConfig;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.domain.RefusedException;
import dev.slipway.store.Store;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slipway web-login --as alice}: a one-time link that signs alice in to the web dashboard. */
@Command(name = "web-login", mixinStandardHelpOptions = true,
        description = {"Print a one-time link that signs a person in to the web dashboard, good for 10 minutes.",
                "The link is only written to the database; the server (running now or started later) redeems it."})
final class WebLoginCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--as", required = true, paramLabel = "PERSON",
            description = "Who the link signs in: a Slack user id (U0001) or a console name (alice).")
    String user;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Optional<SlipwayConfig> loaded = config.load(err);
        if (loaded.isEmpty()) {
            return 1;
        }
        String token;
        try (Store store = Slipway.openDatabase(loaded.get())) {
            token = new AccessService(store, Clock.systemUTC()).createLoginLink(user);
        } catch (RefusedException refused) {
            err.println("slipway: " + refused.refusal().message());
            err.flush();
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Sign in as %s within %d minutes: %s/login?token=%s%n", user,
                AccessService.LOGIN_LINK_LIFETIME.toMinutes(), base(loaded.get().server()), token);
        out.flush();
        return 0;
    }

    /** Where a browser reaches the server: its public URL, else its port on this machine. */
    static String base(ServerConfig server) {
        String publicUrl = server.publicUrl();
        if (publicUrl != null && !publicUrl.isBlank()) {
            return publicUrl.replaceAll("/+$", "");
        }
        String host = server.host();
        if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("127.0.0.1")
                || host.equals("::") || host.equals("::1")) {
            host = "localhost";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + server.port();
    }
}
