package dev.slipway.store;

import java.time.Duration;

/**
 * The moment by which the current thread's request must be answered, so that a write the caller has stopped
 * waiting for is dropped rather than committed late. An inbound adapter opens one around each request; a
 * {@link Store} refuses to start a write after it has passed ({@link StoreUnavailableException}). Threads without
 * one (workers) wait for their writes as long as the database takes.
 */
public final class WriteDeadline implements AutoCloseable {
    private static final ThreadLocal<WriteDeadline> CURRENT = new ThreadLocal<>();

    private final long dueNanos;
    private final WriteDeadline outer;

    private WriteDeadline(long dueNanos, WriteDeadline outer) {
        this.dueNanos = dueNanos;
        this.outer = outer;
    }

    /** Sets a deadline {@code within} from now for this thread until the returned scope is closed. */
    public static WriteDeadline start(Duration within) {
        WriteDeadline deadline = new WriteDeadline(System.nanoTime() + within.toNanos(), CURRENT.get());
        CURRENT.set(deadline);
        return deadline;
    }

    /** This thread's deadline, or null when it has none. */
    public static WriteDeadline current() {
        return CURRENT.get();
    }

    /** Nanoseconds left before the deadline; zero or less once it has passed. */
    public long remainingNanos() {
        return dueNanos - System.nanoTime();
    }

    public boolean hasPassed() {
        return remainingNanos() <= 0;
    }

    /** Throws when this thread has a deadline and it has passed: the write must not start. */
    public static void checkNotPassed() {
        WriteDeadline deadline = CURRENT.get();
        if (deadline != null && deadline.hasPassed()) {
            throw StoreUnavailableException.notWritten("the database did not answer before the request was due");
        }
    }

    @Override
    public void close() {
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }
}
