package dev.slipway.cli;

import dev.slipway.SlipwayServer;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.secret.SecretException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code slipway serve}: the server — HTTP endpoints, Slack and the job workers — until SIGTERM or SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Slipway server.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    @Mixin
    ConfigOption config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Optional<SlipwayConfig> loaded = config.load(spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return 1;
        }
        SlipwayServer server;
        try {
            server = SlipwayServer.start(loaded.get(), Clock.systemUTC());
        } catch (SecretException e) {
            // A wrong or unreadable master key: one line saying which, and what to do; nothing has started.
            spec.commandLine().getErr().println("slipway: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down: no new requests; running jobs get {} to finish, then are handed back", SHUTDOWN_GRACE);
            server.stop(SHUTDOWN_GRACE);
            stopped.countDown();
        }, "slipway-shutdown"));
        log.info("Talk to it from a terminal: bin/slipway console --config {} --as <user id>", config.file);
        log.info("See it in a browser: bin/slipway web-login --config {} --as <user id> prints a sign-in link",
                config.file);
        stopped.await();
        return 0;
    }
}
