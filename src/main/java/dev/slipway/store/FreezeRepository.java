package dev.slipway.store;

import dev.slipway.domain.Freeze;
import java.util.List;

/**
 * Change freezes made from chat: at most one per project and environment, where the environment may be
 * {@link Freeze#ALL}. Freezes past their end are kept and listed like the others: the reader decides by the time.
 * A stored freeze always has {@code since} and {@code by}; its zone is not kept and reads back as UTC.
 */
public interface FreezeRepository {
    /** Stores the freeze, replacing the one its project and environment had, if any. */
    void put(Freeze freeze);

    /** Every freeze of {@code project}, of any environment, ordered by environment. */
    List<Freeze> list(String project);

    /** Every freeze, ordered by project and environment. */
    List<Freeze> listAll();

    /** Returns false when the environment had no freeze. */
    boolean delete(String project, String environment);
}
