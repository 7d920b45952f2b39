package dev.slipway.store;

import dev.slipway.domain.ChannelBinding;
import java.util.Optional;

/** Channels bound to projects by {@code setup}: at most one binding per channel. */
public interface ChannelBindingRepository {
    Optional<ChannelBinding> find(String channel);

    /** The channel bound to {@code project} most recently, if any. */
    Optional<ChannelBinding> findNewestByProject(String project);

    /** Binds the channel, replacing the binding it had, if any. */
    void put(ChannelBinding binding);

    /** Returns false when the channel had no binding. */
    boolean delete(String channel);
}
