package dev.slipway.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes an HTTP/1.1 connection whose request line and headers have not all arrived within the timeout of their
 * first byte. Jetty parses headers without holding a thread, but bounds them only by size and by its idle timeout,
 * which every byte resets: a client sending a header byte every few seconds would otherwise keep its connection for
 * hours. Added to the connector as a bean, which makes it a listener of every connection the connector opens.
 *
 * <p>Jetty 12.1 has no setting for this, so the check is written here: a sweep every quarter of the timeout (at
 * most a second) reads each connection's parser state and the time its current request began. The connection class
 * lives in Jetty's {@code internal} package; {@code SlowAndBrokenClientsSecurityTest} fails if an upgrade changes it.
 */
final class JettyHeaderTimeout extends AbstractLifeCycle implements Connection.Listener {
    private static final Logger log = LoggerFactory.getLogger(JettyHeaderTimeout.class);

    private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    private final Scheduler scheduler;
    private final long timeoutNanos;
    private final long sweepMillis;
    private final Duration timeout;
    private volatile Scheduler.Task sweep;

    JettyHeaderTimeout(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.sweepMillis = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
    }

    @Override
    protected void doStart() {
        sweep = scheduler.schedule(this::sweep, sweepMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = sweep;
        if (task != null) {
            task.cancel();
        }
        connections.clear();
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            connections.add(http);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        connections.remove(connection);
    }

    private void sweep() {
        try {
            for (HttpConnection connection : connections) {
                if (tooSlow(connection.getParser())) {
                    log.warn("closed the connection from {}: its request headers took longer than {} ms to arrive",
                            connection.getEndPoint().getRemoteSocketAddress(), timeout.toMillis());
                    connections.remove(connection);
                    connection.getEndPoint().close();
                }
            }
        } finally {
            if (isRunning()) {
                sweep = scheduler.schedule(this::sweep, sweepMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Between the first byte of a request and the end of its headers, for longer than the timeout. */
    private boolean tooSlow(HttpParser parser) {
        HttpParser.State state = parser.getState(); // volatile: read first, it publishes the begin time
        if (state == HttpParser.State.START || state.ordinal() >= HttpParser.State.CONTENT.ordinal()) {
            return false;
        }
        long began = parser.getBeginNanoTime();
        return began != 0 && NanoTime.since(began) > timeoutNanos;
    }
}
