package dev.slipway.app.job;

import dev.slipway.app.Catalog;
import dev.slipway.app.InvolvedPeople;
import dev.slipway.app.JobKinds;
import dev.slipway.app.LogContext;
import dev.slipway.chat.ChatDeliveryException;
import dev.slipway.chat.ChatNotifier;
import dev.slipway.chat.DeploymentMessages;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Verdict;
import dev.slipway.store.Job;
import dev.slipway.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports one state change of a deployment on the surface it was asked from, with the buttons that make sense in
 * that state, and remembers the message to update. There is one such handler per surface running in this process.
 */
public final class NotifyDeploymentJob implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(NotifyDeploymentJob.class);

    private final Store store;
    private final String surface;
    private final ChatNotifier notifier;
    private final InvolvedPeople involved;
    private final Catalog catalog;

    public NotifyDeploymentJob(Store store, String surface, ChatNotifier notifier) {
        this(store, surface, notifier, null);
    }

    /** {@code involved}: who took part in deployments on a code host, named in their messages; null for nobody. */
    public NotifyDeploymentJob(Store store, String surface, ChatNotifier notifier, InvolvedPeople involved) {
        this(store, surface, notifier, involved, null);
    }

    /**
     * As {@link #NotifyDeploymentJob(Store, String, ChatNotifier, InvolvedPeople)}, with the projects that tell which
     * environment is production (where a success offers a rollback); null offers none.
     */
    public NotifyDeploymentJob(Store store, String surface, ChatNotifier notifier, InvolvedPeople involved,
                               Catalog catalog) {
        this.store = store;
        this.surface = surface;
        this.notifier = notifier;
        this.involved = involved;
        this.catalog = catalog;
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
        LogContext.deployment(found.get());
        String messageRef;
        try {
            messageRef = notifier.report(found.get(), announced, found.get().messageRef(), involved(found.get()),
                    DeploymentMessages.choices(found.get(), announced, production(found.get())));
        } catch (ChatDeliveryException e) {
            throw RetryLater.of(e);
        }
        if (messageRef != null && !messageRef.equals(found.get().messageRef())) {
            remember(id, messageRef);
        }
    }

    /** Who took part on the code host, then who approved it, in the order they did. */
    private List<String> involved(Deployment deployment) {
        List<String> people = new ArrayList<>(involved == null ? List.of() : involved.of(deployment));
        store.read(tx -> tx.deployments().listApprovals(deployment.id())).stream()
                .filter(v -> v.kind() == Verdict.Kind.APPROVED)
                .forEach(v -> people.add("approved by <@" + v.reviewer() + ">"));
        return people;
    }

    /** Whether {@code deployment} went to its project's production; a project no longer configured has none. */
    private boolean production(Deployment deployment) {
        return catalog != null && catalog.projects().findById(deployment.project())
                .map(project -> project.productionEnvironment().equals(deployment.environment())).orElse(false);
    }

    private void remember(long id, String messageRef) {
        // Only the message reference: the run job may move the deployment meanwhile, on any replica.
        if (!store.inTransaction(tx -> tx.deployments().recordMessage(id, messageRef))) {
            log.warn("could not remember the chat message of deployment #{}", id);
        }
    }
}
