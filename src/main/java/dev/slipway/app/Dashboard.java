package dev.slipway.app;

import dev.slipway.app.StatusService.EnvironmentStatus;
import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.AuditQuery;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Environment;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.Freeze;
import dev.slipway.domain.Policy;
import dev.slipway.domain.Project;
import dev.slipway.domain.Projects;
import dev.slipway.domain.Review;
import dev.slipway.domain.Runbook;
import dev.slipway.domain.Runbooks;
import dev.slipway.domain.Verdict;
import dev.slipway.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the web pages and the JSON API show, read from the database each time (so a change made by any surface or
 * replica shows at the next look): the board, one deployment with its timeline, and the runbooks. It only reads;
 * every action goes through the command dispatcher, as from chat.
 */
public final class Dashboard {
    /** How many runs the runbooks page lists. */
    static final int RECENT_RUNS = 20;

    private final Store store;
    private final Catalog catalog;
    private final StatusService status;
    private final Runbooks runbooks;

    public Dashboard(Store store, Catalog catalog, StatusService status, Runbooks runbooks) {
        this.store = store;
        this.catalog = catalog;
        this.status = status;
        this.runbooks = runbooks;
    }

    /** A deployment waiting in an environment, with the approvals it has and needs (0 needed: none asked). */
    public record Waiting(Deployment deployment, List<String> approvedBy, int approvalsRequired) {
        public Waiting {
            approvedBy = List.copyOf(approvedBy);
        }
    }

    /** One environment of a project on the board. */
    public record Cell(Project project, Environment environment, Optional<Deployment> current,
                       Optional<Deployment> active, Optional<EnvironmentLock> lock, Optional<Freeze> freeze,
                       List<Waiting> waiting) {
        public Cell {
            waiting = List.copyOf(waiting);
        }
    }

    /** A build under review and its preview deployment (the link people open). */
    public record UnderReview(Review review, Optional<Deployment> preview) {
    }

    /** A project's row: its environments in configured order, and its builds under review. */
    public record Row(Project project, List<Cell> cells, List<UnderReview> reviews) {
        public Row {
            cells = List.copyOf(cells);
            reviews = List.copyOf(reviews);
        }
    }

    /** The board as of {@code at}. */
    public record Board(Instant at, List<Row> rows) {
        public Board {
            rows = List.copyOf(rows);
        }
    }

    public Projects projects() {
        return catalog.projects();
    }

    public Instant now() {
        return status.now();
    }

    /** Every project × environment: what runs, what is under way, what waits, what holds it back. */
    public Board board() {
        Map<String, List<EnvironmentStatus>> byProject = new LinkedHashMap<>();
        for (EnvironmentStatus row : status.status(null)) {
            if (!Runbook.isRunbookEnvironment(row.environment())) {
                byProject.computeIfAbsent(row.project(), p -> new ArrayList<>()).add(row);
            }
        }
        return store.read(tx -> {
            List<Row> rows = new ArrayList<>();
            for (Map.Entry<String, List<EnvironmentStatus>> entry : byProject.entrySet()) {
                Project project = catalog.project(entry.getKey());
                List<Cell> cells = new ArrayList<>();
                for (EnvironmentStatus env : entry.getValue()) {
                    Environment environment = catalog.environment(project, env.environment());
                    List<Waiting> waiting = new ArrayList<>();
                    for (Deployment d : env.waiting()) {
                        waiting.add(waiting(d, environment, tx.deployments().listApprovals(d.id())));
                    }
                    cells.add(new Cell(project, environment, env.current(), env.active(), env.lock(), env.freeze(),
                            waiting));
                }
                List<UnderReview> reviews = new ArrayList<>();
                for (Review review : tx.reviews().listInFlight(project.id())) {
                    reviews.add(new UnderReview(review, tx.deployments().findById(review.deploymentId())));
                }
                rows.add(new Row(project, cells, reviews));
            }
            return new Board(status.now(), rows);
        });
    }

    private static Waiting waiting(Deployment d, Environment environment, List<Verdict> verdicts) {
        Policy.Approvals approvals = environment.policy().approvals();
        List<String> approvedBy = verdicts.stream().filter(v -> v.kind() == Verdict.Kind.APPROVED)
                .map(Verdict::reviewer).toList();
        return new Waiting(d, approvedBy, approvals == null || d.state() != DeploymentState.AWAITING_APPROVAL
                ? 0 : approvals.required());
    }

    /** What a person may ask of a deployment in its state; the rules still decide when they ask. */
    public enum Step {
        CONFIRM, APPROVE, REJECT, CANCEL, RETRY, PROMOTE, CLOSE
    }

    /**
     * One deployment: its timeline (oldest first), approvals, full output when stored, its review when it previews a
     * build, and the steps its state allows.
     */
    public record DeploymentView(Deployment deployment, List<AuditEvent> timeline, List<Verdict> verdicts,
                                 int approvalsRequired, Optional<String> output, Optional<Review> review,
                                 Set<Step> steps, List<Link> links) {
        public DeploymentView {
            links = List.copyOf(links);
            timeline = List.copyOf(timeline);
            verdicts = List.copyOf(verdicts);
            steps = Set.copyOf(steps);
        }
    }

    /** A link a person follows from a deployment's page: its run at the provider, or its preview. */
    public record Link(String label, String url) {
    }

    public Optional<DeploymentView> deployment(long id) {
        return store.read(tx -> tx.deployments().findById(id).map(d -> {
            Optional<Review> review = tx.reviews().findById(id);
            Optional<Environment> environment = catalog.projects().findById(d.project())
                    .flatMap(p -> p.environment(d.environment()));
            Policy.Approvals approvals = environment.map(e -> e.policy().approvals()).orElse(null);
            List<Link> links = new ArrayList<>();
            if (d.externalUrl() != null) {
                links.add(new Link(d.slot() != null ? "Preview" : runLabel(environment.map(Environment::backendType)
                        .orElse("")), d.externalUrl()));
            }
            // A GitHub deployment's run is handed on to CircleCI: its workflow is a link of its own.
            tx.handedOnRuns().find(id, "circleci").filter(run -> run.runUrl() != null)
                    .ifPresent(run -> links.add(new Link("CircleCI workflow", run.runUrl())));
            return new DeploymentView(d, tx.audit().listByDeployment(id), tx.deployments().listApprovals(id),
                    approvals == null ? 0 : approvals.required(), tx.deployments().findOutput(id), review,
                    steps(d, review), links);
        }));
    }

    private static String runLabel(String backendType) {
        return switch (backendType) {
            case "gitlab" -> "GitLab pipeline";
            case "github" -> "GitHub deployment";
            case "circleci" -> "CircleCI pipeline";
            case "azure" -> "Azure Automation job";
            case "kubernetes" -> "Kubernetes rollout";
            case "webhook" -> "Receiver";
            default -> "Run";
        };
    }

    private static Set<Step> steps(Deployment d, Optional<Review> review) {
        Set<Step> steps = EnumSet.noneOf(Step.class);
        if (review.isPresent()) {
            if (review.get().state().isInFlight()) {
                steps.addAll(List.of(Step.APPROVE, Step.REJECT, Step.PROMOTE, Step.CLOSE));
            }
        } else {
            switch (d.state()) {
                case REQUESTED -> steps.addAll(List.of(Step.CONFIRM, Step.CANCEL));
                case AWAITING_APPROVAL -> steps.addAll(List.of(Step.APPROVE, Step.REJECT, Step.CANCEL));
                case QUEUED, RUNNING -> steps.add(Step.CANCEL);
                case FAILED -> steps.add(Step.RETRY); // only a failed deployment is retried
                default -> {
                }
            }
        }
        return steps;
    }

    /** The deployment asked for by request {@code asked} (a surface's message or key) in {@code channel}, if any. */
    public Optional<Deployment> askedBy(String channel, String asked) {
        return store.read(tx -> tx.deployments().findByThread(channel, asked));
    }

    /** Recent deployments, newest first; each filter applies when not null or empty. */
    public List<Deployment> deployments(String project, String environment, Set<DeploymentState> states, int limit) {
        if (project != null) {
            Project known = catalog.project(project);
            if (environment != null) {
                catalog.environment(known, environment);
            }
        }
        return store.read(tx -> tx.deployments().listRecent(project, environment, states, limit));
    }

    /** Audit events matching a query, newest first, and how many match in all. */
    public record AuditPage(List<AuditEvent> events, long total) {
        public AuditPage {
            events = List.copyOf(events);
        }
    }

    /** The audit events {@code query} asks for; a project and environment it names must be known. */
    public AuditPage audit(AuditQuery query) {
        if (query.project() != null) {
            Project known = catalog.project(query.project());
            if (query.environment() != null) {
                catalog.environment(known, query.environment());
            }
        }
        return store.read(tx -> new AuditPage(tx.audit().search(query), tx.audit().count(query)));
    }

    /** The runbooks people may run, and their recent runs, newest first. */
    public record RunbookPage(List<Runbook> runbooks, List<Deployment> recentRuns) {
        public RunbookPage {
            runbooks = List.copyOf(runbooks);
            recentRuns = List.copyOf(recentRuns);
        }
    }

    public RunbookPage runbooks() {
        return new RunbookPage(runbooks.list(), store.read(tx ->
                tx.deployments().listRecentInEnvironments(Runbook.ENVIRONMENT_PREFIX, RECENT_RUNS)));
    }
}
