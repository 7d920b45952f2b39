package dev.slipway.app.job;

import dev.slipway.app.JobKinds;
import dev.slipway.app.ReviewMessages;
import dev.slipway.app.ReviewService;
import dev.slipway.app.JobKinds.ReviewNotice;
import dev.slipway.chat.ChatDeliveryException;
import dev.slipway.chat.ChatNotifier;
import dev.slipway.domain.Review;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import java.util.Optional;

/**
 * Delivers a build review's messages on the surface that carries it: a person's card, drawn from the stored state at
 * delivery time (so a late or repeated delivery shows what is true now), a reply in an owner's thread, or the
 * channel's announcement. One handler per surface running in this process.
 */
public final class NotifyReviewJob implements JobHandler {
    private final Store store;
    private final String surface;
    private final ChatNotifier notifier;
    private final ReviewService reviews;

    public NotifyReviewJob(Store store, String surface, ChatNotifier notifier, ReviewService reviews) {
        this.store = store;
        this.surface = surface;
        this.notifier = notifier;
        this.reviews = reviews;
    }

    @Override
    public String kind() {
        return JobKinds.notifyReviewKind(surface);
    }

    @Override
    public void handle(Job job) throws Exception {
        ReviewNotice notice = JobKinds.reviewNoticeOf(job.payload());
        Optional<Review> review = store.read(tx -> tx.reviews().findById(notice.reviewId()));
        if (review.isEmpty()) {
            return;
        }
        try {
            switch (notice.type()) {
                case CARD -> showCard(review.get(), notice.recipient(), messageRef(review.get(), notice.recipient()));
                case REPLY -> notifier.replyToReview(notice.recipient(), cardOf(review.get(), notice.recipient()),
                        notice.text());
                case ANNOUNCEMENT -> notifier.announce(channelOf(review.get()), notice.text());
            }
        } catch (ChatDeliveryException e) {
            throw RetryLater.of(e);
        }
    }

    /** The recipient's card message, shown first if it never was (its earlier delivery failed for good). */
    private String cardOf(Review review, String recipient) throws ChatDeliveryException {
        Optional<String> ref = messageRef(review, recipient);
        return ref.isPresent() ? ref.get() : showCard(review, recipient, ref);
    }

    /** Shows the card as the store has it now, updating the message {@code ref} names if there is one. */
    private String showCard(Review review, String recipient, Optional<String> ref) throws ChatDeliveryException {
        ReviewMessages.Facts facts = store.read(tx -> reviews.facts(tx, review));
        String shown = notifier.showReview(ReviewMessages.card(facts, recipient), ref.orElse(null));
        if (!ref.equals(Optional.of(shown))) {
            store.inTransaction(tx -> {
                tx.reviews().saveMessageRef(review.deploymentId(), recipient, shown);
                return null;
            });
        }
        return shown;
    }

    private Optional<String> messageRef(Review review, String recipient) {
        return store.read(tx -> tx.reviews().findMessageRef(review.deploymentId(), recipient));
    }

    private String channelOf(Review review) {
        return store.read(tx -> tx.deployments().findById(review.deploymentId())).orElseThrow().origin().channel();
    }
}
