package dev.slipway.store;

import dev.slipway.domain.WorkspaceInstallation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Chat workspaces that installed the app, one per team (or organisation, for an organisation-wide install), with
 * their tokens sealed at rest; and the single-use OAuth states of installs under way.
 */
public interface InstallationRepository {
    /** The installation with this key ({@link WorkspaceInstallation#key}), tokens opened. */
    Optional<WorkspaceInstallation> findById(String id);

    List<WorkspaceInstallation> listAll();

    /** Stores the installation, replacing the one with the same key. */
    void put(WorkspaceInstallation installation);

    /** Returns false when there was none. */
    boolean delete(String id);

    /** Remembers an OAuth state handed out, usable until {@code expiresAt}. */
    void addState(String state, Instant expiresAt);

    /** True when the state was handed out and has not expired at {@code now}; it stays usable. */
    boolean hasState(String state, Instant now);

    /** Uses the state up: true when it was there and had not expired; it is gone afterwards either way. */
    boolean consumeState(String state, Instant now);

    /** Forgets states that expired before {@code now}; returns how many. */
    int deleteExpiredStates(Instant now);
}
