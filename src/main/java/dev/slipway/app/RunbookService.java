package dev.slipway.app;

import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.Environment;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Excerpt;
import dev.slipway.domain.Project;
import dev.slipway.domain.RefKind;
import dev.slipway.domain.RefusedException;
import dev.slipway.domain.Runbook;
import dev.slipway.domain.Runbooks;
import dev.slipway.store.Store;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs allow-listed runbooks. A run is a deployment of the runbook's project to its environment
 * ({@link Runbook#environment()}): the same rules (who may, one at a time, locks), the same durable job, audit trail
 * and chat message. Its arguments are checked here, where they enter, and kept with it until its job is created.
 */
public final class RunbookService {
    private final Store store;
    private final Catalog catalog;
    private final Runbooks runbooks;
    private final DeployService deployments;

    public RunbookService(Store store, Catalog catalog, Runbooks runbooks, DeployService deployments) {
        this.store = store;
        this.catalog = catalog;
        this.runbooks = runbooks;
        this.deployments = deployments;
    }

    /**
     * Someone asks to run a runbook.
     *
     * @param words          the arguments as typed, split into words (quoted ones kept whole)
     * @param idempotencyKey the inbound request's unique key, or null
     */
    public record RunbookRequest(String name, List<String> words, String user, ChatOrigin origin,
                                 String idempotencyKey) {
        public RunbookRequest {
            words = List.copyOf(words);
        }
    }

    public List<Runbook> list() {
        return runbooks.list();
    }

    /**
     * Queues a run of the runbook, if its arguments and every rule allow it, and the job that starts it.
     *
     * @return the queued run, or empty when the request's idempotency key was seen before
     * @throws RefusedException naming what is wrong (an unknown runbook, a bad argument, a rule); nothing is written
     */
    public Optional<Deployment> run(RunbookRequest request) {
        Runbook runbook = runbook(request.name());
        Map<String, String> arguments = runbook.arguments(request.words());
        Project project = catalog.project(runbook.project());
        Environment environment = catalog.environment(project, runbook.environment());
        String shown = runbook.shown(arguments);
        ChatOrigin reportedIn = reportedIn(project, request.origin());
        String detail = "runbook " + runbook.name() + " " + shown
                + (reportedIn.equals(request.origin()) ? "" : " (asked in " + request.origin().channel() + ")");
        return deployments.once(request.idempotencyKey(), project, environment, tx -> {
            Deployment queued = deployments.queue(tx, project, environment, shown, RefKind.RUNBOOK, request.user(),
                    reportedIn, detail, java.util.List.of(), null);
            tx.deployments().recordArguments(queued.id(), arguments);
            return queued;
        });
    }

    /**
     * A runbook of a project with a channel is reported there, wherever on the same surface it was asked (the
     * audit trail keeps where); the console, a surface of its own, reports where it was asked.
     */
    private static ChatOrigin reportedIn(Project project, ChatOrigin asked) {
        boolean elsewhere = project.channel() != null && !project.channel().equals(asked.channel())
                && !CONSOLE.equals(asked.surface());
        return elsewhere ? new ChatOrigin(asked.surface(), project.channel(), null) : asked;
    }

    private static final String CONSOLE = "console";

    /** Recent runs of one runbook ({@code name}), or of every runbook (null), newest first. */
    public List<Deployment> history(String name, int limit) {
        if (name != null) {
            Runbook runbook = runbook(name);
            return store.read(tx -> tx.deployments().listRecent(runbook.project(), runbook.environment(), limit));
        }
        return store.read(tx -> tx.deployments().listRecentInEnvironments(Runbook.ENVIRONMENT_PREFIX, limit));
    }

    /**
     * The runbook named {@code name}, as the lock commands name it ({@code runbook:restart-web}) or not.
     *
     * @throws RefusedException UNKNOWN_RUNBOOK with the runbooks there are
     */
    public Runbook runbook(String name) {
        String bare = Runbook.isRunbookEnvironment(name) ? Runbook.nameOf(name) : name;
        return runbooks.find(bare).orElseThrow(() -> new RefusedException(ErrorCode.UNKNOWN_RUNBOOK,
                runbooks.isEmpty() ? "No runbooks are configured."
                        : "I don't know a runbook `%s`. Runbooks: %s; `runbooks` shows their parameters."
                        .formatted(Excerpt.of(bare), String.join(", ", runbooks.names()))));
    }
}
