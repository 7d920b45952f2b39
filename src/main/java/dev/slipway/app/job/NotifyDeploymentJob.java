package dev.slipway.app.job;

import dev.slipway.app.InvolvedPeople;
import dev.slipway.app.JobKinds;
import dev.slipway.chat.ChatDeliveryException;
import dev.slipway.chat.ChatNotifier;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports one state change of a deployment on the surface it was asked from, and remembers the message to
 * update. There is one such handler per surface running in this process.
 */
public final class NotifyDeploymentJob implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(NotifyDeploymentJob.class);

    private final Store store;
    private final String surface;
    private final ChatNotifier notifier;
    private final InvolvedPeople involved;

    public NotifyDeploymentJob(Store store, String surface, ChatNotifier notifier) {
        this(store, surface, notifier, null);
    }

    /** {@code involved}: who took part in deployments on a code host, named in their messages; null for nobody. */
    public NotifyDeploymentJob(Store store, String surface, ChatNotifier notifier, InvolvedPeople involved) {
        this.store = store;
        this.surface = surface;
        this.notifier = notifier;
        this.involved = involved;
    }

    @Override
    public String kind() {
        return JobKinds.notifyKind(surface);
    }

    @Override
    public void handle(Job job) throws Exception {
        long id = JobKinds.deploymentIdOf(job.payload());
        DeploymentState announced = JobKinds.announcedStateOf(job.payload());
        Optional<Deployment> found = store.read(tx -> tx.deployments().findById(id));
        if (found.isEmpty()) {
            return;
        }
        String messageRef;
        try {
            messageRef = notifier.report(found.get(), announced, found.get().messageRef(),
                    involved == null ? List.of() : involved.of(found.get()));
        } catch (ChatDeliveryException e) {
            throw RetryLater.of(e);
        }
        if (messageRef != null && !messageRef.equals(found.get().messageRef())) {
            remember(id, messageRef);
        }
    }

    private void remember(long id, String messageRef) {
        // Only the message reference: the run job may move the deployment meanwhile, on any replica.
        if (!store.inTransaction(tx -> tx.deployments().recordMessage(id, messageRef))) {
            log.warn("could not remember the chat message of deployment #{}", id);
        }
    }
}
