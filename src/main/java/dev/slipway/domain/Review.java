package dev.slipway.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A build CI posted, under review: previewed by deployment {@code deploymentId} (which also names the review in
 * commands and buttons), judged by QA, then promoted to production or closed by an owner.
 *
 * @param buildType              {@code branch} or {@code tag}
 * @param target                 the branch or tag as CI named it ({@code feature/login})
 * @param surface                the chat surface that carries the review's messages
 * @param productionDeploymentId the latest promotion of this build, or null
 * @param decidedBy              who promoted or closed it, null while nobody has
 * @param note                   one line on how it ended or why it is where it is, or null
 */
public record Review(long deploymentId, String project, String image, String buildType, String target,
                     PreviewSlot slot, String surface, ReviewState state, Long productionDeploymentId,
                     String decidedBy, Instant decidedAt, String note, Instant createdAt, Instant updatedAt) {
    public Review {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(buildType, "buildType");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(surface, "surface");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A build's review as its preview starts. */
    public static Review previewing(long deploymentId, String project, String image, String buildType, String target,
                                    PreviewSlot slot, String surface, Instant now) {
        return new Review(deploymentId, project, image, buildType, target, slot, surface, ReviewState.PREVIEWING,
                null, null, null, null, now, now);
    }

    /** This review in {@code next}, with {@code newNote}. */
    public Review moveTo(ReviewState next, String newNote, Instant now) {
        return new Review(deploymentId, project, image, buildType, target, slot, surface, next, productionDeploymentId,
                decidedBy, decidedAt, newNote, createdAt, now);
    }

    /** Decided by {@code user}: promoted (with the production deployment) or closed. */
    public Review decided(ReviewState next, String user, Long production, String newNote, Instant now) {
        return new Review(deploymentId, project, image, buildType, target, slot, surface, next, production,
                user, now, newNote, createdAt, now);
    }

    /** "feature/login (branch)", as people read a build. */
    public String describeBuild() {
        return image + " (" + buildType + " " + target + ")";
    }
}
