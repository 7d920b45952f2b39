package dev.slipway.store;

import dev.slipway.domain.EnvironmentLock;
import java.util.List;
import java.util.Optional;

/** Environment locks: at most one per project and environment. */
public interface LockRepository {
    /**
     * Waits until no other open transaction has taken the environment's turn, then holds it until this
     * transaction ends. Taking a lock and admitting a deployment both take the turn before they read what they
     * decide on, so that they take effect one after the other on however many replicas: the second sees the first,
     * and its audit event comes after the first's.
     */
    void takeTurn(String project, String environment);

    Optional<EnvironmentLock> find(String project, String environment);

    /** Throws {@link ConflictException} when the environment is already locked. */
    void insert(EnvironmentLock lock);

    /** Returns false when there was no lock. */
    boolean delete(String project, String environment);

    /** All locks, or one project's when {@code project} is not null. */
    List<EnvironmentLock> list(String project);
}
