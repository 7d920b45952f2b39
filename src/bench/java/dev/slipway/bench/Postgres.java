package dev.slipway.bench;

import dev.slipway.testing.EmbeddedPostgresServer;
import java.io.IOException;

/**
 * The embedded PostgreSQL of {@code deploy-pg}, started the first time a run needs it and stopped at the end, also
 * when the benchmark is interrupted.
 */
final class Postgres implements AutoCloseable {
    private EmbeddedPostgresServer server;
    private Thread stopAtExit;

    EmbeddedPostgresServer server() throws IOException {
        if (server == null) {
            server = EmbeddedPostgresServer.start();
            stopAtExit = new Thread(this::stop);
            Runtime.getRuntime().addShutdownHook(stopAtExit);
        }
        return server;
    }

    @Override
    public void close() {
        if (server != null) {
            stop();
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        }
    }

    private void stop() {
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("could not stop the embedded PostgreSQL: " + e);
        }
    }
}
