package dev.slipway.app;

import dev.slipway.chat.Choice.Style;
import dev.slipway.chat.ReviewCard;
import dev.slipway.chat.ReviewCard.Button;
import dev.slipway.domain.ApprovalCount;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.Policy;
import dev.slipway.domain.Project;
import dev.slipway.domain.WorkspaceChannel;
import dev.slipway.domain.Review;
import dev.slipway.domain.ReviewState;
import dev.slipway.domain.Verdict;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The words of a build review, the same on every surface: each person's card (owners see the QA and may deploy or
 * close; QA may approve or reject), the replies in the owners' threads, and the channel's announcement.
 * People are written {@code <@U123>}, as Slack mentions them.
 */
public final class ReviewMessages {
    static final String PROMOTE = "promote";
    static final String CLOSE = "close";
    static final String APPROVE = "approve";
    static final String REJECT = "reject";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ReviewMessages() {
    }

    /** Everything a card is drawn from. {@code production} is the latest promotion, if any. */
    public record Facts(Review review, Project project, Deployment preview, Optional<Deployment> production,
                        List<Verdict> verdicts, Policy.Approvals approvals) {
    }

    public static ReviewCard card(Facts facts, String recipient) {
        Review review = facts.review();
        Project project = facts.project();
        boolean owner = project.isOwner(recipient);
        boolean qa = project.isQa(recipient);
        StringBuilder text = new StringBuilder("*").append(project.name()).append("*: build `").append(review.image())
                .append("` (").append(review.buildType()).append(' ').append(review.target()).append("), #")
                .append(review.deploymentId());
        if (facts.preview().externalUrl() != null) {
            text.append("\nPreview: ").append(facts.preview().externalUrl());
        }
        if (owner) {
            text.append("\nQA: ").append(project.qa().isEmpty() ? "nobody is listed" : mentions(project.qa()));
            tally(facts).ifPresent(line -> text.append('\n').append(line));
        }
        Optional<Verdict> own = facts.verdicts().stream().filter(v -> v.reviewer().equals(recipient)).findFirst();
        if (qa) {
            own.ifPresent(v -> text.append('\n').append(verdictLine(v)));
        }
        status(facts).ifPresent(line -> text.append('\n').append(line));
        List<Button> buttons = new ArrayList<>();
        if (review.state() == ReviewState.OPEN) {
            if (qa && own.isEmpty()) {
                buttons.add(new Button(APPROVE, "Approve", Style.PRIMARY, null));
                buttons.add(new Button(REJECT, "Reject", Style.DANGER,
                        "Reject " + review.image() + " of " + project.name() + "?"));
            }
            if (owner) {
                buttons.add(new Button(PROMOTE, "Deploy to production", Style.PRIMARY,
                        "Deploy " + review.image() + " to " + project.productionEnvironment() + "?"));
                buttons.add(new Button(CLOSE, "Close", Style.PLAIN,
                        "Close the review of " + review.image() + " and take its preview down?"));
            }
        }
        return new ReviewCard(review.deploymentId(), recipient, text.toString(), buttons,
                WorkspaceChannel.team(project.channel()));
    }

    /** One line of {@code status}: "#14 shop registry.example.com/shop:1.4 (branch main): open; Approvals: 1 of 2 needed". */
    static String statusLine(Facts facts) {
        Review review = facts.review();
        String state = switch (review.state()) {
            case PREVIEWING -> "deploying its preview";
            case OPEN -> "open for review" + (facts.preview().externalUrl() != null ? " at " + facts.preview().externalUrl() : "");
            case PROMOTING -> "being deployed to " + facts.project().productionEnvironment() + " by " + review.decidedBy();
            case PREVIEW_FAILED, DEPLOYED, CLOSED -> review.state().label();
        };
        return "#" + review.deploymentId() + " " + review.project() + " " + review.describeBuild() + ": " + state
                + tally(facts).map(line -> "; " + line).orElse("");
    }

    /** "✅ Approved by @U2 at 2026-11-22 10:02 UTC". */
    static String verdictLine(Verdict verdict) {
        return (verdict.kind() == Verdict.Kind.APPROVED ? "✅ Approved by " : "⛔ Rejected by ")
                + mention(verdict.reviewer()) + " at " + at(verdict.at());
    }

    /** The reply in each owner's thread when a QA member gives a verdict. */
    static String verdictReply(Facts facts, Verdict verdict) {
        return verdictLine(verdict) + "." + tally(facts).map(line -> " " + line).orElse("");
    }

    /** What the channel is told when a build reached production. */
    static String shipped(Review review, Project project, Deployment production) {
        return "🚀 " + mention(review.decidedBy()) + " shipped `" + review.image() + "` (" + review.buildType() + " "
                + review.target() + ") of " + project.name() + " to " + production.environment()
                + (production.externalUrl() != null ? ": " + production.externalUrl() : "") + ".";
    }

    /** Who decided the build's fate and when, for refusals of presses on a card that is out of date. */
    static String decided(Review review, Project project) {
        return switch (review.state()) {
            case DEPLOYED -> "#%d was already deployed to %s by %s at %s.".formatted(review.deploymentId(),
                    project.productionEnvironment(), mention(review.decidedBy()), at(review.decidedAt()));
            case CLOSED -> "#%d was already closed by %s at %s%s.".formatted(review.deploymentId(),
                    mention(review.decidedBy()), at(review.decidedAt()), review.note() != null ? " (" + review.note() + ")" : "");
            case PROMOTING -> "#%d is already being deployed to %s by %s (since %s).".formatted(review.deploymentId(),
                    project.productionEnvironment(), mention(review.decidedBy()), at(review.decidedAt()));
            case PREVIEWING -> "#%d is still being deployed to its preview; wait for its link.".formatted(review.deploymentId());
            case PREVIEW_FAILED -> "#%d never reached its preview: %s".formatted(review.deploymentId(),
                    review.note() != null ? review.note() : "its deployment failed");
            case OPEN -> "#%d is open for review.".formatted(review.deploymentId());
        };
    }

    /** The approval count as the policy counts it ({@link ApprovalCount}), for builds whose production has one. */
    private static Optional<String> tally(Facts facts) {
        if (facts.approvals() == null) {
            return Optional.empty();
        }
        ApprovalCount.Tally tally = ApprovalCount.tally(facts.approvals(), facts.project(), facts.verdicts());
        return Optional.of("Approvals: " + tally.approvers().size() + " of " + facts.approvals().required() + " needed"
                + (tally.rejecters().isEmpty() ? "" : "; rejected by " + mentions(tally.rejecters())));
    }

    private static Optional<String> status(Facts facts) {
        Review review = facts.review();
        return switch (review.state()) {
            case OPEN -> Optional.ofNullable(review.note()).map(note -> "⚠️ " + note);
            case PROMOTING -> Optional.of("🚀 Being deployed to " + facts.project().productionEnvironment() + " by "
                    + mention(review.decidedBy()) + " (#" + review.productionDeploymentId() + ")…");
            case DEPLOYED -> Optional.of("✅ Deployed to " + facts.project().productionEnvironment() + " by "
                    + mention(review.decidedBy()) + " at " + at(review.decidedAt()) + ".");
            case CLOSED -> Optional.of("Closed by " + mention(review.decidedBy()) + " at " + at(review.decidedAt())
                    + (review.note() != null ? " (" + review.note() + ")" : "") + ".");
            case PREVIEWING, PREVIEW_FAILED -> Optional.empty();
        };
    }

    static String mention(String user) {
        return user == null ? "somebody" : "<@" + user + ">";
    }

    private static String mentions(List<String> users) {
        return String.join(", ", users.stream().map(ReviewMessages::mention).toList());
    }

    static String at(Instant instant) {
        return instant == null ? "an unknown time" : TIME.format(instant);
    }
}
