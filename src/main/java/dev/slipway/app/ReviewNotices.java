package dev.slipway.app;

import dev.slipway.domain.Project;
import dev.slipway.domain.Review;
import dev.slipway.store.Transaction;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Queues, in the caller's transaction, the chat work a review's change causes: each person's card shown anew from
 * the stored state, replies in the owners' threads, and announcements in the project's channel. Each person's
 * messages about one build are delivered in order.
 */
public final class ReviewNotices {
    private final Clock clock;

    public ReviewNotices(Clock clock) {
        this.clock = clock;
    }

    /** Everyone with a card: the owners, then QA. */
    public static List<String> recipients(Project project) {
        Set<String> everyone = new LinkedHashSet<>(project.owners());
        everyone.addAll(project.qa());
        return List.copyOf(everyone);
    }

    /** Shows {@code recipients} their card of {@code review} as it will be once this transaction commits. */
    public void cards(Transaction tx, Review review, List<String> recipients) {
        for (String recipient : recipients) {
            enqueue(tx, review, recipient, JobKinds.reviewCardPayload(review.deploymentId(), recipient));
        }
    }

    /** Posts {@code text} in the thread of each owner's card. */
    public void tellOwners(Transaction tx, Review review, Project project, String text) {
        for (String owner : project.owners()) {
            enqueue(tx, review, owner, JobKinds.reviewReplyPayload(review.deploymentId(), owner, text));
        }
    }

    /** Posts {@code text} in the project's channel. */
    public void announce(Transaction tx, Review review, String text) {
        enqueue(tx, review, null, JobKinds.reviewAnnouncementPayload(review.deploymentId(), text));
    }

    private void enqueue(Transaction tx, Review review, String recipient, String payload) {
        tx.jobs().enqueue(JobKinds.notifyReviewKind(review.surface()), payload,
                JobKinds.reviewKey(review.deploymentId(), recipient), clock.instant());
    }
}
