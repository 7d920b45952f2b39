package dev.slipway.app;

import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DnsLabel;
import dev.slipway.domain.Environment;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Excerpt;
import dev.slipway.domain.GitRef;
import dev.slipway.domain.ImageReference;
import dev.slipway.domain.PreviewSlot;
import dev.slipway.domain.Project;
import dev.slipway.domain.RefKind;
import dev.slipway.domain.RefusedException;
import dev.slipway.domain.Review;
import dev.slipway.domain.ReviewState;
import dev.slipway.domain.Verdict;
import dev.slipway.domain.rule.Action;
import dev.slipway.domain.rule.Attempt;
import dev.slipway.domain.rule.Rules;
import dev.slipway.store.ConflictException;
import dev.slipway.store.Store;
import dev.slipway.store.Transaction;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds from CI, reviewed in chat: previewed, approved or rejected by QA, then promoted to production or closed by
 * an owner. Every step is one transaction that checks who may take it and whether the build is still where the
 * person saw it, records it, and queues the chat messages it causes.
 */
public final class ReviewService {
    private final Store store;
    private final Catalog catalog;
    private final DeployService deployments;
    private final Rules rules;
    private final Transitions transitions;
    private final ReviewNotices notices;
    private final String surface;
    private final Clock clock;
    private final boolean anyProjectTakesBuilds;

    /** @param surface the chat surface that carries reviews of new builds ("slack", or "console" without Slack) */
    public ReviewService(Store store, Catalog catalog, DeployService deployments, Transitions transitions,
                         ReviewNotices notices, String surface, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.deployments = deployments;
        this.rules = Rules.standard();
        this.transitions = transitions;
        this.notices = notices;
        this.surface = surface;
        this.clock = clock;
        this.anyProjectTakesBuilds = catalog.projects().list().stream().anyMatch(project -> project.hookToken() != null);
    }

    /** A finished build as CI reports it; {@code postedBy} is who reports it (the hook, or a person). */
    public record Build(String project, String image, String type, String target, String postedBy) {
    }

    /** The build's preview deployment (which names its review), and whether this call started it. */
    public record Accepted(long deploymentId, boolean created) {
    }

    /**
     * Deploys a build to its own slot of the project's preview environment and opens its review — unless the same
     * build is already in flight, whose deployment is returned instead.
     *
     * @throws RefusedException UNKNOWN_PROJECT, UNKNOWN_ENVIRONMENT (no preview environment), BAD_BUILD with the
     *                          reason, or ENVIRONMENT_BUSY while an earlier build of the same target still deploys
     */
    public Accepted preview(Build build) {
        Project project = catalog.project(build.project());
        String type = build.type() == null ? "" : build.type().strip().toLowerCase(Locale.ROOT);
        if (!type.equals("branch") && !type.equals("tag")) {
            throw new RefusedException(ErrorCode.BAD_BUILD, "type must be branch or tag");
        }
        String image = build.image() == null ? "" : build.image().strip();
        ImageReference.problem(image).ifPresent(problem -> {
            throw new RefusedException(ErrorCode.BAD_BUILD, "image is not an image reference (such as"
                    + " registry.example.com/team/app:1.2.3): `%s` %s".formatted(Excerpt.of(image), problem));
        });
        String target = build.target() == null ? "" : build.target().strip();
        String label = DnsLabel.normalise(target);
        Optional<String> notARef = GitRef.problem(target);
        if (label.isEmpty() || notARef.isPresent()) {
            throw new RefusedException(ErrorCode.BAD_BUILD, "target must name a branch or tag" + notARef.map(problem ->
                    ": `%s` is not a valid ref: it %s".formatted(Excerpt.of(target), problem)).orElse(""));
        }
        Environment environment = catalog.environment(project, project.previewEnvironment());
        PreviewSlot slot = new PreviewSlot(type, DnsLabel.fit(label));
        try {
            return store.inTransaction(tx -> {
                Optional<Review> inFlight = tx.reviews().findInFlight(project.id(), image, type, target);
                if (inFlight.isPresent()) {
                    return new Accepted(inFlight.get().deploymentId(), false);
                }
                Deployment preview = transitions.create(tx, Deployment.preview(project.id(), environment.name(), image,
                        build.postedBy(), new ChatOrigin(surface, project.channel(), null), slot, clock.instant()),
                        "build " + image + " (" + type + " " + target + ")");
                tx.jobs().enqueue(JobKinds.RUN_DEPLOYMENT, Long.toString(preview.id()), null, clock.instant());
                Review review = Review.previewing(preview.id(), project.id(), image, type, target, slot, surface,
                        clock.instant());
                tx.reviews().insert(review);
                supersede(tx, project, review);
                return new Accepted(preview.id(), true);
            });
        } catch (ConflictException raced) {
            Optional<Review> first = store.read(tx -> tx.reviews().findInFlight(project.id(), image, type, target));
            if (first.isPresent()) {
                return new Accepted(first.get().deploymentId(), false);
            }
            throw new RefusedException(ErrorCode.ENVIRONMENT_BUSY, ("An earlier build of %s %s is still being deployed"
                    + " to %s; post this one again when it has finished.").formatted(type, target, environment.name()));
        }
    }

    /** A newer build of the same target replaces the preview, so reviews of older ones end. */
    private void supersede(Transaction tx, Project project, Review newer) {
        for (Review older : tx.reviews().listOpenInSlot(project.id(), newer.slot().key())) {
            Review closed = older.decided(ReviewState.CLOSED, "slipway", older.productionDeploymentId(),
                    "superseded by #" + newer.deploymentId(), clock.instant());
            if (tx.reviews().update(closed, ReviewState.OPEN)) {
                notices.cards(tx, closed, ReviewNotices.recipients(project));
            }
        }
    }

    /** A QA member approves the build. */
    public String approve(long id, String user) {
        return judge(id, user, Verdict.Kind.APPROVED);
    }

    /** A QA member rejects the build; with an approvals policy this blocks it until they approve. */
    public String reject(long id, String user) {
        return judge(id, user, Verdict.Kind.REJECTED);
    }

    private String judge(long id, String user, Verdict.Kind kind) {
        return store.inTransaction(tx -> {
            Review review = find(tx, id);
            Project project = catalog.project(review.project());
            rules.require(Attempt.of(Action.JUDGE_BUILD, project, null, user, clock.instant()));
            requireOpen(review, project);
            Optional<Verdict> earlier = tx.reviews().listVerdicts(id).stream()
                    .filter(v -> v.reviewer().equals(user)).findFirst();
            if (earlier.isPresent() && earlier.get().kind() == kind) {
                return "You already " + kind.label() + " #" + id + " at " + ReviewMessages.at(earlier.get().at()) + ".";
            }
            Verdict verdict = new Verdict(id, user, kind, clock.instant());
            tx.reviews().saveVerdict(verdict);
            Deployment preview = tx.deployments().findById(id).orElseThrow();
            tx.audit().record(AuditEvent.of(clock.instant(), user, "review." + kind.label(), preview, review.describeBuild()));
            notices.cards(tx, review, List.of(user));
            notices.tellOwners(tx, review, project, ReviewMessages.verdictReply(facts(tx, review), verdict));
            return "You " + kind.label() + " #" + id + " " + review.describeBuild() + "; the owners are told.";
        });
    }

    /**
     * An owner ships the reviewed build to production, once the approvals its policy requires are there.
     *
     * @return the production deployment, queued
     */
    public Deployment promote(long id, String user) {
        Review seen = store.read(tx -> find(tx, id));
        Project project = catalog.project(seen.project());
        Environment production = catalog.environment(project, project.productionEnvironment());
        try {
            return store.inTransaction(tx -> {
                Review review = find(tx, id);
                rules.require(Attempt.of(Action.PROMOTE, project, production, user, clock.instant()));
                requireOpen(review, project);
                Deployment shipped = deployments.queue(tx, project, production, review.image(), RefKind.IMAGE, user,
                        new ChatOrigin(review.surface(), project.channel(), null), "promoting build #" + id,
                        tx.reviews().listVerdicts(id), tx.deployments().findById(id).orElseThrow());
                Review promoting = review.decided(ReviewState.PROMOTING, user, shipped.id(), null, clock.instant());
                if (!tx.reviews().update(promoting, ReviewState.OPEN)) {
                    throw new RefusedException(ErrorCode.ALREADY_FINISHED, ReviewMessages.decided(find(tx, id), project));
                }
                tx.audit().record(AuditEvent.of(clock.instant(), user, "review.promoted", shipped, review.describeBuild()));
                notices.cards(tx, promoting, ReviewNotices.recipients(project));
                return shipped;
            });
        } catch (ConflictException raced) {
            throw deployments.busy(project, production, raced);
        }
    }

    /** An owner ends the build's review without shipping it; its preview is taken down. */
    public String close(long id, String user) {
        return store.inTransaction(tx -> {
            Review review = find(tx, id);
            Project project = catalog.project(review.project());
            rules.require(Attempt.of(Action.CLOSE, project, null, user, clock.instant()));
            requireOpen(review, project);
            Review closed = review.decided(ReviewState.CLOSED, user, review.productionDeploymentId(), null,
                    clock.instant());
            if (!tx.reviews().update(closed, ReviewState.OPEN)) {
                throw new RefusedException(ErrorCode.ALREADY_FINISHED, ReviewMessages.decided(find(tx, id), project));
            }
            Deployment preview = tx.deployments().findById(id).orElseThrow();
            tx.audit().record(AuditEvent.of(clock.instant(), user, "review.closed", preview, review.describeBuild()));
            notices.cards(tx, closed, ReviewNotices.recipients(project));
            tx.jobs().enqueue(JobKinds.RETIRE_PREVIEW, Long.toString(id), null, clock.instant());
            return "Closed #%d %s.".formatted(id, review.describeBuild());
        });
    }

    /** Builds under review, of one project or of all when {@code projectId} is null, each with its state in words. */
    public List<String> inFlight(String projectId) {
        boolean takesBuilds = projectId == null ? anyProjectTakesBuilds : catalog.project(projectId).hookToken() != null;
        if (!takesBuilds) {
            return List.of(); // nothing takes builds, so status asks the store nothing more
        }
        return store.read(tx -> tx.reviews().listInFlight(projectId).stream().map(review -> {
            ReviewMessages.Facts facts = facts(tx, review);
            return ReviewMessages.statusLine(facts);
        }).toList());
    }

    /** What the cards of a review are drawn from, as stored now. */
    public ReviewMessages.Facts facts(Transaction tx, Review review) {
        Project project = catalog.project(review.project());
        Deployment preview = tx.deployments().findById(review.deploymentId()).orElseThrow();
        Optional<Deployment> production = review.productionDeploymentId() == null ? Optional.empty()
                : tx.deployments().findById(review.productionDeploymentId());
        var approvals = project.environment(project.productionEnvironment())
                .map(environment -> environment.policy().approvals()).orElse(null);
        return new ReviewMessages.Facts(review, project, preview, production, tx.reviews().listVerdicts(review.deploymentId()),
                approvals);
    }

    private static Review find(Transaction tx, long id) {
        return tx.reviews().findById(id).orElseThrow(() -> new RefusedException(ErrorCode.UNKNOWN_DEPLOYMENT,
                "There is no build under review as #" + id + "."));
    }

    /** A press on a card that is out of date changes nothing and says who decided what, and when. */
    private static void requireOpen(Review review, Project project) {
        if (review.state() != ReviewState.OPEN) {
            throw new RefusedException(ErrorCode.ALREADY_FINISHED, ReviewMessages.decided(review, project));
        }
    }
}
