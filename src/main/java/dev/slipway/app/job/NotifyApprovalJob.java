package dev.slipway.app.job;

import dev.slipway.app.JobKinds;
import dev.slipway.chat.ChatDeliveryException;
import dev.slipway.chat.ChatNotifier;
import dev.slipway.chat.DeploymentMessages;
import dev.slipway.chat.ReviewCard;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Verdict;
import dev.slipway.domain.WorkspaceChannel;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Shows an approver their message about a deployment that awaits approval, drawn from the stored state at delivery
 * (so a late or repeated delivery shows what is true now): who asks for what, the approvals so far, and
 * Approve / Reject while it still waits. One handler per surface running in this process.
 */
public final class NotifyApprovalJob implements JobHandler {
    private final Store store;
    private final String surface;
    private final ChatNotifier notifier;

    public NotifyApprovalJob(Store store, String surface, ChatNotifier notifier) {
        this.store = store;
        this.surface = surface;
        this.notifier = notifier;
    }

    @Override
    public String kind() {
        return JobKinds.notifyApprovalKind(surface);
    }

    @Override
    public void handle(Job job) throws Exception {
        String[] parts = job.payload().split("\n", 2);
        long id = Long.parseLong(parts[0]);
        String recipient = parts[1];
        Optional<Deployment> found = store.read(tx -> tx.deployments().findById(id));
        if (found.isEmpty()) {
            return;
        }
        Deployment d = found.get();
        List<Verdict> verdicts = store.read(tx -> tx.deployments().listApprovals(id));
        Optional<String> ref = store.read(tx -> tx.deployments().findApprovalMessage(id, recipient));
        try {
            String shown = notifier.showReview(card(d, recipient, verdicts), ref.orElse(null));
            if (!ref.equals(Optional.of(shown))) {
                store.inTransaction(tx -> {
                    tx.deployments().saveApprovalMessage(id, recipient, shown);
                    return null;
                });
            }
        } catch (ChatDeliveryException e) {
            throw RetryLater.of(e);
        }
    }

    /** The approver's card: buttons only while the deployment waits and they have not approved it yet. */
    static ReviewCard card(Deployment d, String recipient, List<Verdict> verdicts) {
        String what = DeploymentMessages.what(d);
        StringBuilder text = new StringBuilder("<@%s> asks to deploy %s (#%d).".formatted(d.requestedBy(), what, d.id()));
        for (Verdict v : verdicts) {
            text.append("\n").append(v.kind() == Verdict.Kind.APPROVED ? "✅ approved by " : "❌ rejected by ")
                    .append("<@").append(v.reviewer()).append('>');
        }
        boolean approved = verdicts.stream().anyMatch(v -> v.reviewer().equals(recipient)
                && v.kind() == Verdict.Kind.APPROVED);
        List<ReviewCard.Button> buttons = new ArrayList<>();
        if (d.state() == DeploymentState.AWAITING_APPROVAL) {
            text.append("\nIt awaits approval").append(d.summary() == null ? "" : ": " + d.summary()).append('.');
            if (!approved) {
                buttons.add(new ReviewCard.Button("approve", "Approve", dev.slipway.chat.Choice.Style.PRIMARY, null));
            }
            buttons.add(new ReviewCard.Button("reject", "Reject", dev.slipway.chat.Choice.Style.DANGER,
                    "Reject #%d (%s)? It will not be deployed, and <@%s> is told.".formatted(d.id(), what,
                            d.requestedBy())));
        } else {
            text.append("\nIt is ").append(d.state().label())
                    .append(d.summary() == null ? "" : ": " + d.summary()).append('.');
        }
        return new ReviewCard(d.id(), recipient, text.toString(), buttons,
                WorkspaceChannel.team(d.origin().channel()));
    }
}
