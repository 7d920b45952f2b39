package dev.slipway.store;

import dev.slipway.domain.EnvironmentLock;
import java.util.List;
import java.util.Optional;

/** Environment locks: at most one per project and environment. */
public interface LockRepository {
    Optional<EnvironmentLock> find(String project, String environment);

    /** Throws {@link ConflictException} when the environment is already locked. */
    void insert(EnvironmentLock lock);

    /** Returns false when there was no lock. */
    boolean delete(String project, String environment);

    /** All locks, or one project's when {@code project} is not null. */
    List<EnvironmentLock> list(String project);
}
