package dev.slipway.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One request to ship a ref of a project to an environment, and what became of it.
 *
 * @param externalId  the backend's handle for the run (a pipeline id, a process), null until started
 * @param externalUrl where a person can watch the run, if the backend has such a page
 * @param summary     one line on how it ended (or why it is where it is), null while nothing is to say
 * @param outputTail  the last lines of the backend's output, newline-separated, null if none
 * @param messageRef  the surface's handle of the chat message that reports this deployment, null until posted
 * @param slot        for a build's preview, its slot in the environment ({@link PreviewSlot#key()}); null otherwise
 */
public record Deployment(
        long id,
        String project,
        String environment,
        String ref,
        DeploymentState state,
        String requestedBy,
        ChatOrigin origin,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt,
        String externalId,
        String externalUrl,
        String summary,
        String outputTail,
        String messageRef,
        String slot) {

    /**
     * How the summary of a running deployment starts when its run ended, or may have, out of Slipway's sight (a
     * script on a host this server cannot see): it holds its environment until a person resolves or cancels it.
     */
    public static final String OUTCOME_UNKNOWN = "outcome unknown: ";

    public Deployment {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A build's preview deployment in {@code slot}, not yet stored (id 0). */
    public static Deployment preview(String project, String environment, String image, String user, ChatOrigin origin,
                                     PreviewSlot slot, Instant now) {
        return new Deployment(0, project, environment, image, DeploymentState.QUEUED, user, origin, now, now,
                null, null, null, null, null, null, null, slot.key());
    }

    /** The preview slot this deployment runs in, if it is a build's preview. */
    public java.util.Optional<PreviewSlot> previewSlot() {
        return slot == null ? java.util.Optional.empty() : java.util.Optional.of(PreviewSlot.fromKey(slot));
    }

    /** Whether this deployment is running with an outcome nobody here can see; see {@link #OUTCOME_UNKNOWN}. */
    public boolean outcomeUnknown() {
        return state == DeploymentState.RUNNING && summary != null && summary.startsWith(OUTCOME_UNKNOWN);
    }

    /** A new deployment, not yet stored (id 0). */
    public static Deployment request(String project, String environment, String ref, String user,
                                     ChatOrigin origin, DeploymentState initial, Instant now) {
        return new Deployment(0, project, environment, ref, initial, user, origin, now, now,
                null, null, null, null, null, null, null, null);
    }

    /** This deployment moved to {@code next}; throws if the state machine forbids it. */
    public Deployment moveTo(DeploymentState next, Instant now) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("deployment " + id + " cannot move from " + state.label() + " to " + next.label());
        }
        Instant started = next == DeploymentState.RUNNING && startedAt == null ? now : startedAt;
        Instant finished = next.isTerminal() ? now : finishedAt;
        return new Deployment(id, project, environment, ref, next, requestedBy, origin, createdAt, now,
                started, finished, externalId, externalUrl, summary, outputTail, messageRef, slot);
    }

    public Deployment withId(long newId) {
        return new Deployment(newId, project, environment, ref, state, requestedBy, origin, createdAt, updatedAt,
                startedAt, finishedAt, externalId, externalUrl, summary, outputTail, messageRef, slot);
    }

    public Deployment withRun(String newExternalId, String newExternalUrl) {
        return new Deployment(id, project, environment, ref, state, requestedBy, origin, createdAt, updatedAt,
                startedAt, finishedAt, newExternalId, newExternalUrl, summary, outputTail, messageRef, slot);
    }

    public Deployment withResult(String newSummary, String newOutputTail) {
        return new Deployment(id, project, environment, ref, state, requestedBy, origin, createdAt, updatedAt,
                startedAt, finishedAt, externalId, externalUrl, newSummary, newOutputTail, messageRef, slot);
    }

    public Deployment withMessageRef(String newMessageRef) {
        return new Deployment(id, project, environment, ref, state, requestedBy, origin, createdAt, updatedAt,
                startedAt, finishedAt, externalId, externalUrl, summary, outputTail, newMessageRef, slot);
    }
}
