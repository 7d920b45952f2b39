package dev.slipway.store;

import dev.slipway.store.Store.TransactionWork;

/**
 * Fences the writes a job's handler makes with the job's lease. While a thread holds a fence (from {@link #hold}
 * until it is closed), every write transaction it begins first checks, in that transaction, that the claim still
 * holds the job ({@link JobQueue#holdLease}); when it does not, the transaction writes nothing and throws
 * {@link LeaseLostException}. A worker whose lease ran out can thus commit nothing after another has claimed
 * the job. Reads are not fenced, nor are writes from threads the handler starts.
 */
public final class LeaseFence implements AutoCloseable {
    private static final ThreadLocal<Job> HELD = new ThreadLocal<>();

    private final Job previous;

    private LeaseFence(Job previous) {
        this.previous = previous;
    }

    /** Fences this thread's write transactions with {@code claimed}'s lease until the fence is closed. */
    public static LeaseFence hold(Job claimed) {
        if (claimed.leaseToken() == null) {
            throw new IllegalArgumentException("job " + claimed.id() + " was not claimed");
        }
        LeaseFence fence = new LeaseFence(HELD.get());
        HELD.set(claimed);
        return fence;
    }

    /**
     * {@code work} guarded by the fence the calling thread holds, or {@code work} itself when it holds none.
     * A store calls this on the thread that asked for the transaction, before handing the work to any other.
     */
    public static <T> TransactionWork<T> guard(TransactionWork<T> work) {
        Job claimed = HELD.get();
        if (claimed == null) {
            return work;
        }
        return tx -> {
            if (!tx.jobs().holdLease(claimed)) {
                throw new LeaseLostException("job " + claimed.id() + " (" + claimed.kind()
                        + ") is no longer leased to this worker");
            }
            return work.run(tx);
        };
    }

    @Override
    public void close() {
        if (previous == null) {
            HELD.remove();
        } else {
            HELD.set(previous);
        }
    }
}
