package dev.slipway.app;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.ErrorCode;
import dev.slipway.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What was refused, kept in the audit log: who tried what, from where, and why it was refused.
 *
 * <p>A refused command ({@link #refused}) is written at once, in a small transaction of its own (the refusal's own
 * was rolled back), and only when its {@link ErrorCode#audited() code is about policy}. Requests with a bad signature
 * ({@link #badSignature}) are only counted, per source and remote address, and written as one event per source at
 * each {@link #flush}: every minute once {@link #start started}, and on {@link #close}, so a flood of them costs no
 * database write per request. Writing never changes an answer: when it fails, a warning is logged and the refusal
 * goes out as it would have.
 */
public final class DeniedAttempts implements AutoCloseable {
    /** How often counted attempts are written, and the window of {@link #record}'s limit. */
    public static final Duration WINDOW = Duration.ofMinutes(1);
    /** How many {@link #record} calls of one action are written one by one in a window; the rest are counted. */
    static final int RECORDED_PER_WINDOW = 10;
    /** Remote addresses told apart per source; a flood from more is counted under {@link #OTHER_ADDRESSES}. */
    static final int ADDRESSES_PER_SOURCE = 64;
    static final String OTHER_ADDRESSES = "other addresses";
    static final String UNKNOWN = "unknown";
    private static final Logger log = LoggerFactory.getLogger(DeniedAttempts.class);

    private final Store store;
    private final Clock clock;
    /** Guarded by {@code this}: bad signatures since the last flush, by source. */
    private Map<String, Unsigned> unsigned = new LinkedHashMap<>();
    /** Guarded by {@code this}: {@link #record} calls since the last flush, by action. */
    private Map<String, Recorded> recorded = new LinkedHashMap<>();
    private ScheduledExecutorService flusher;

    public DeniedAttempts(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What a refused command was about; {@code project}, {@code environment} and {@code deploymentId} may be null. */
    public record Attempt(String verb, String project, String environment, Long deploymentId) {
    }

    /**
     * A command refused with {@code code} and {@code message}: written as {@code <verb>.refused} when the code is
     * {@link ErrorCode#audited() audited}, else nothing.
     */
    public void refused(String user, ChatOrigin origin, Attempt attempt, ErrorCode code, String message) {
        if (!code.audited()) {
            return;
        }
        String from = origin == null ? "" : "; from " + origin.surface()
                + (origin.channel() == null ? "" : " " + origin.channel());
        write(new AuditEvent(0, clock.instant(), user == null ? UNKNOWN : user, attempt.verb() + ".refused",
                attempt.project(), attempt.environment(), attempt.deploymentId(), code.name() + ": " + message + from));
    }

    /**
     * One inbound request to {@code path} refused for an invalid, stale or missing signature or token; counted under
     * {@code source} ({@code slack}, {@code github}, ...) and {@code remoteAddress} (null when unknown) until the next
     * {@link #flush}. Writes nothing.
     */
    public synchronized void badSignature(String source, String path, String remoteAddress) {
        unsigned.computeIfAbsent(source, s -> new Unsigned(path)).count(remoteAddress == null ? UNKNOWN : remoteAddress);
    }

    /**
     * Writes one event at once: {@code actor} (who, or {@code unknown}) was refused {@code action} (such as
     * {@code slack.install.refused}) for the reason in {@code detail}. Past {@value #RECORDED_PER_WINDOW} of one
     * action in a window, the rest are only counted, and written as one event at the next {@link #flush}.
     */
    public void record(String actor, String action, String detail) {
        AuditEvent event = new AuditEvent(0, clock.instant(), actor == null ? UNKNOWN : actor, action, null, null, null,
                detail);
        boolean now;
        synchronized (this) {
            now = recorded.computeIfAbsent(action, a -> new Recorded()).take(event);
        }
        if (now) {
            write(event);
        }
    }

    /** Writes what was counted since the last flush: one event per source, one per action past its limit. */
    public void flush() {
        Map<String, Unsigned> signatures;
        Map<String, Recorded> records;
        synchronized (this) {
            signatures = unsigned;
            records = recorded;
            unsigned = new LinkedHashMap<>();
            recorded = new LinkedHashMap<>();
        }
        signatures.forEach((source, counted) -> write(counted.event(clock.instant())));
        records.forEach((action, counted) -> {
            if (counted.dropped > 0) {
                AuditEvent last = counted.last;
                write(new AuditEvent(0, clock.instant(), last.actor(), action, null, null, null, ("%d more in the"
                        + " last minute, not recorded one by one; the last: %s").formatted(counted.dropped, last.detail())));
            }
        });
    }

    /** Flushes every {@link #WINDOW} from now on, on a thread of its own. */
    public synchronized void start() {
        if (flusher != null) {
            return;
        }
        flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "denied-attempts");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleAtFixedRate(this::flushQuietly, WINDOW.toMillis(), WINDOW.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops flushing every minute and flushes what is left; call it before the store closes. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = flusher;
            flusher = null;
        }
        if (stopping != null) {
            stopping.shutdownNow();
        }
        flushQuietly();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Could not write the denied attempts of the last minute: {}", e.toString());
        }
    }

    /** Its own small transaction; a failure is logged, never passed on to the one who was refused. */
    private void write(AuditEvent event) {
        try {
            store.inTransaction(tx -> tx.audit().record(event));
        } catch (RuntimeException e) {
            log.warn("Could not write {} by {} to the audit log: {}", event.action(), event.actor(), e.toString());
        }
    }

    /** Bad signatures of one source since the last flush, per remote address. */
    private static final class Unsigned {
        private final String path;
        private final Map<String, Long> byAddress = new LinkedHashMap<>();
        private long total;

        Unsigned(String path) {
            this.path = path;
        }

        void count(String address) {
            total++;
            String key = byAddress.containsKey(address) || byAddress.size() < ADDRESSES_PER_SOURCE ? address
                    : OTHER_ADDRESSES;
            byAddress.merge(key, 1L, Long::sum);
        }

        /** The busiest address as the actor; the others, when there are any, in the detail. */
        AuditEvent event(java.time.Instant at) {
            List<Map.Entry<String, Long>> addresses = new ArrayList<>(byAddress.entrySet());
            addresses.sort(Map.Entry.<String, Long>comparingByValue().reversed());
            String actor = addresses.get(0).getKey().equals(OTHER_ADDRESSES) ? UNKNOWN : addresses.get(0).getKey();
            StringBuilder detail = new StringBuilder("%d request%s with an invalid, stale or missing signature to %s in the last minute"
                    .formatted(total, total == 1 ? "" : "s", path));
            if (addresses.size() > 1) {
                detail.append(" from ").append(addresses.size()).append(" addresses (")
                        .append(addresses.stream().map(a -> a.getKey() + ": " + a.getValue())
                                .collect(java.util.stream.Collectors.joining(", "))).append(')');
            }
            return new AuditEvent(0, at, actor, "signature.refused", null, null, null, detail.toString());
        }
    }

    /** {@link #record} calls of one action since the last flush. */
    private static final class Recorded {
        private int written;
        private long dropped;
        private AuditEvent last;

        /** Whether this one is written now; else it is counted. */
        boolean take(AuditEvent event) {
            if (written < RECORDED_PER_WINDOW) {
                written++;
                return true;
            }
            dropped++;
            last = event;
            return false;
        }
    }
}
