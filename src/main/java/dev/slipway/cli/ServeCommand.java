package dev.slipway.cli;

import dev.slipway.Slipway;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code slipway serve}: the server — HTTP endpoints and the job workers — until SIGTERM or SIGINT. */
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
        SlipwayConfig settings = loaded.get();
        Slipway slipway = Slipway.open(settings, Map.of(), Clock.systemUTC());
        HttpServer server = new HttpServer(slipway.store());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down: no new requests; running jobs get {} to finish, then are handed back", SHUTDOWN_GRACE);
            server.close();
            slipway.stop(SHUTDOWN_GRACE);
            stopped.countDown();
        }, "slipway-shutdown"));
        slipway.startWorkers();
        int port = server.start(settings.server().host(), settings.server().port());
        log.info("Slipway listening on http://{}:{} with {} project(s)", settings.server().host(), port,
                settings.projects().size());
        log.info("Talk to it from a terminal: java -jar target/slipway.jar console --config {} --as <user id>", config.file);
        stopped.await();
        return 0;
    }
}
