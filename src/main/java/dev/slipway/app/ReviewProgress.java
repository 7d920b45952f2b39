package dev.slipway.app;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Project;
import dev.slipway.domain.Review;
import dev.slipway.domain.ReviewState;
import dev.slipway.store.Transaction;
import java.time.Clock;
import java.util.Optional;

/**
 * Moves a build's review along with its deployments, in the transaction that moves them: a preview that ends opens
 * the review (and sends the cards) or fails it; a promotion that ends marks the build deployed (and announces it)
 * or reopens the review with the reason.
 */
public final class ReviewProgress {
    private static final String ACTOR = "slipway";

    private final Catalog catalog;
    private final ReviewNotices notices;
    private final Clock clock;

    public ReviewProgress(Catalog catalog, ReviewNotices notices, Clock clock) {
        this.catalog = catalog;
        this.notices = notices;
        this.clock = clock;
    }

    /** Called for every move of every deployment; only previews and promotions of builds touch the store. */
    void moved(Transaction tx, Deployment deployment) {
        if (!deployment.state().isTerminal()) {
            return;
        }
        if (deployment.slot() != null) {
            tx.reviews().findById(deployment.id()).ifPresent(review -> previewEnded(tx, review, deployment));
            return;
        }
        Optional<Project> project = catalog.projects().findById(deployment.project());
        if (project.isPresent() && project.get().hookToken() != null
                && deployment.environment().equals(project.get().productionEnvironment())) {
            tx.reviews().findByProductionDeployment(deployment.id())
                    .ifPresent(review -> promotionEnded(tx, review, project.get(), deployment));
        }
    }

    private void previewEnded(Transaction tx, Review review, Deployment preview) {
        if (review.state() != ReviewState.PREVIEWING) {
            return;
        }
        Project project = catalog.project(review.project());
        if (preview.state() == DeploymentState.SUCCEEDED) {
            Review open = review.moveTo(ReviewState.OPEN, null, clock.instant());
            if (tx.reviews().update(open, ReviewState.PREVIEWING)) {
                record(tx, preview, "review.opened", review.describeBuild());
                notices.cards(tx, open, ReviewNotices.recipients(project));
            }
        } else {
            String why = preview.summary() != null && !preview.summary().isBlank() ? preview.summary()
                    : "its deployment " + preview.state().label();
            Review failed = review.moveTo(ReviewState.PREVIEW_FAILED, why, clock.instant());
            if (tx.reviews().update(failed, ReviewState.PREVIEWING)) {
                record(tx, preview, "review.preview_failed", why);
            }
        }
    }

    private void promotionEnded(Transaction tx, Review review, Project project, Deployment production) {
        if (review.state() != ReviewState.PROMOTING || !Long.valueOf(production.id()).equals(review.productionDeploymentId())) {
            return;
        }
        if (production.state() == DeploymentState.SUCCEEDED) {
            Review deployed = review.decided(ReviewState.DEPLOYED, review.decidedBy(), production.id(), null,
                    clock.instant());
            if (tx.reviews().update(deployed, ReviewState.PROMOTING)) {
                record(tx, production, "review.deployed", review.describeBuild());
                notices.cards(tx, deployed, ReviewNotices.recipients(project));
                notices.announce(tx, deployed, ReviewMessages.shipped(deployed, project, production));
            }
        } else {
            String why = "Deploying to " + production.environment() + " (#" + production.id() + ", by "
                    + ReviewMessages.mention(review.decidedBy()) + ") " + production.state().label()
                    + (production.summary() != null && !production.summary().isBlank() ? ": " + production.summary() : "")
                    + ". You may try again.";
            Review reopened = review.moveTo(ReviewState.OPEN, why, clock.instant());
            if (tx.reviews().update(reopened, ReviewState.PROMOTING)) {
                record(tx, production, "review.reopened", why);
                notices.cards(tx, reopened, project.owners());
            }
        }
    }

    private void record(Transaction tx, Deployment deployment, String action, String detail) {
        tx.audit().record(AuditEvent.of(clock.instant(), ACTOR, action, deployment, detail));
    }
}
