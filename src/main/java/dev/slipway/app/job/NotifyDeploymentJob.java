package dev.slipway.app.job;

import dev.slipway.chat.ChatDeliveryException;
import dev.slipway.chat.ChatNotifier;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reports one state change of a deployment on the surface it was asked from, and remembers the message to update. */
public final class NotifyDeploymentJob implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(NotifyDeploymentJob.class);

    private final Store store;
    private final Map<String, ChatNotifier> notifiers;

    /** @param notifiers by surface name; reports for a surface not running in this process are skipped */
    public NotifyDeploymentJob(Store store, Map<String, ChatNotifier> notifiers) {
        this.store = store;
        this.notifiers = Map.copyOf(notifiers);
    }

    @Override
    public String kind() {
        return JobKinds.NOTIFY_DEPLOYMENT;
    }

    @Override
    public void handle(Job job) throws Exception {
        long id = JobKinds.deploymentIdOf(job.payload());
        DeploymentState announced = JobKinds.announcedStateOf(job.payload());
        Optional<Deployment> found = store.inTransaction(tx -> tx.deployments().findById(id));
        if (found.isEmpty()) {
            return;
        }
        ChatNotifier notifier = notifiers.get(found.get().origin().surface());
        if (notifier == null) {
            log.info("deployment #{} is {}; no {} surface here to report it", id, announced.label(),
                    found.get().origin().surface());
            return;
        }
        String messageRef;
        try {
            messageRef = notifier.report(found.get(), announced, found.get().messageRef());
        } catch (ChatDeliveryException e) {
            throw new RetryLater(e.getMessage(), e.retryAfter().orElse(null), !e.retryable());
        }
        if (messageRef != null && !messageRef.equals(found.get().messageRef())) {
            remember(id, messageRef);
        }
    }

    private void remember(long id, String messageRef) {
        // The run job may move the deployment meanwhile; retry the compare-and-set on the fresh row.
        for (int attempt = 0; attempt < 5; attempt++) {
            boolean saved = store.inTransaction(tx -> {
                Deployment current = tx.deployments().findById(id).orElseThrow();
                return tx.deployments().update(current.withMessageRef(messageRef), current.state());
            });
            if (saved) {
                return;
            }
        }
        log.warn("could not remember the chat message of deployment #{}", id);
    }
}
