package dev.slipway;

import dev.slipway.app.AccessService;
import dev.slipway.app.Dashboard;
import dev.slipway.web.WebSurface;
import dev.slipway.app.Catalog;
import dev.slipway.app.ChannelService;
import dev.slipway.app.DeniedAttempts;
import dev.slipway.app.ApprovalService;
import dev.slipway.app.DeployService;
import dev.slipway.app.FreezeService;
import dev.slipway.app.HookService;
import dev.slipway.app.InboxService;
import dev.slipway.app.InvolvedPeople;
import dev.slipway.app.JobKinds;
import dev.slipway.app.LockService;
import dev.slipway.app.PeopleService;
import dev.slipway.app.ReviewNotices;
import dev.slipway.app.ReviewProgress;
import dev.slipway.app.ReviewService;
import dev.slipway.app.RunbookService;
import dev.slipway.app.StatusService;
import dev.slipway.app.DeploymentMeters;
import dev.slipway.app.Transitions;
import dev.slipway.app.command.CommandDispatcher;
import dev.slipway.app.command.CommandParser;
import dev.slipway.app.command.Keywords;
import dev.slipway.app.job.CancelDeploymentJob;
import dev.slipway.app.job.AdvanceQueueJob;
import dev.slipway.app.job.ExpireDeploymentJob;
import dev.slipway.app.job.LapseWaitJob;
import dev.slipway.app.job.NotifyApprovalJob;
import dev.slipway.app.job.HandOnRunJob;
import dev.slipway.app.job.HandleChatRequestJob;
import dev.slipway.app.job.JobHandler;
import dev.slipway.app.job.JobSettings;
import dev.slipway.app.job.JobWorker;
import dev.slipway.app.job.NotifyDeploymentJob;
import dev.slipway.app.job.NotifyReviewJob;
import dev.slipway.app.job.RetirePreviewJob;
import dev.slipway.app.job.RunDeploymentJob;
import dev.slipway.backend.Backend;
import dev.slipway.backend.BackendType;
import dev.slipway.backend.Backends;
import dev.slipway.backend.Repositories;
import dev.slipway.backend.HandingOnBackend;
import dev.slipway.backend.ReportedBackend;
import dev.slipway.backend.ProviderHooks;
import dev.slipway.backend.azure.AzureAccount;
import dev.slipway.backend.azure.AzureBackend;
import dev.slipway.backend.azure.AzureSettings;
import dev.slipway.backend.circleci.CircleCiBackend;
import dev.slipway.backend.circleci.CircleCiHook;
import dev.slipway.backend.github.GitHubApp;
import dev.slipway.backend.github.GitHubBackend;
import dev.slipway.backend.github.GitHubClient;
import dev.slipway.backend.github.GitHubConnection;
import dev.slipway.backend.github.GitHubHook;
import dev.slipway.backend.github.GitHubRepositories;
import dev.slipway.backend.gitlab.GitLabBackend;
import dev.slipway.backend.gitlab.GitLabHook;
import dev.slipway.backend.kubernetes.KubernetesBackend;
import dev.slipway.backend.script.ScriptBackend;
import dev.slipway.backend.webhook.WebhookBackend;
import dev.slipway.backend.webhook.WebhookHook;
import dev.slipway.backend.webhook.WebhookSettings;
import dev.slipway.backend.MeteredHttpClient;
import dev.slipway.chat.ChatNotifier;
import dev.slipway.config.AzureConfig;
import dev.slipway.config.BackendConfig;
import dev.slipway.config.ConfigMapper;
import dev.slipway.config.DatabaseConfig;
import dev.slipway.config.EnvironmentConfig;
import dev.slipway.config.GitHubConfig;
import dev.slipway.config.JobsConfig;
import dev.slipway.config.ProjectConfig;
import dev.slipway.config.SecretValues;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.domain.DeploymentState;
import dev.slipway.domain.Projects;
import dev.slipway.domain.RefKind;
import dev.slipway.domain.Runbook;
import dev.slipway.domain.Runbooks;
import dev.slipway.domain.Secrets;
import dev.slipway.domain.rule.Rules;
import dev.slipway.config.KeyProviders;
import dev.slipway.log.LogMasking;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.slipway.secret.KeyProvider;
import dev.slipway.secret.SecretBox;
import dev.slipway.store.GroupCommit;
import dev.slipway.store.jdbc.JdbcStore;
import dev.slipway.store.Store;
import dev.slipway.store.postgres.PostgresStore;
import dev.slipway.store.sqlite.SqliteStore;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The composition root: one running Slipway built from its configuration — store, backends, use cases,
 * the command dispatcher and the job worker. Surfaces (console, HTTP) are put in front of it by the CLI.
 */
public final class Slipway implements AutoCloseable {
    static final int GROUP_COMMIT_MAX = 256;
    private static final String SLACK = "slack";
    private static final String CONSOLE = "console";

    private final Store database;
    private final GroupCommit store;
    private final CommandDispatcher dispatcher;
    private final CommandParser parser;
    private final JobWorker worker;
    private final StatusService status;
    private final InboxService inbox;
    private final HookService hooks;
    private final ReviewService reviews;
    private final Catalog catalog;
    private final java.util.Set<String> surfaces;
    private final DeniedAttempts denied;
    private final PrometheusMeterRegistry meters;
    private final AccessService access;
    private final Dashboard dashboard;

    private Slipway(Store database, GroupCommit store, CommandDispatcher dispatcher, CommandParser parser,
                    JobWorker worker, StatusService status, InboxService inbox, HookService hooks,
                    ReviewService reviews, Catalog catalog, java.util.Set<String> surfaces, DeniedAttempts denied,
                    PrometheusMeterRegistry meters, AccessService access, Dashboard dashboard) {
        this.database = database;
        this.store = store;
        this.dispatcher = dispatcher;
        this.parser = parser;
        this.worker = worker;
        this.status = status;
        this.inbox = inbox;
        this.hooks = hooks;
        this.reviews = reviews;
        this.catalog = catalog;
        this.surfaces = java.util.Set.copyOf(surfaces);
        this.denied = denied;
        this.meters = meters;
        this.access = access;
        this.dashboard = dashboard;
    }

    /** Every backend type Slipway knows; runs of local scripts keep their files under {@code dataDir}. */
    public static List<BackendType<?>> backendTypes(Path dataDir) {
        return backendTypes(dataDir, new Connections(Map.of(), Map.of(), null), new CompositeMeterRegistry());
    }

    /**
     * What backends reach beyond their own settings: each project's GitHub connection, the Azure accounts by name,
     * and where Slipway is reached (a webhook receiver's callbacks), or null when {@code server.publicUrl} is not set.
     */
    record Connections(Map<String, GitHubConnection> github, Map<String, AzureAccount> azure, String publicUrl) {
        static Connections of(SlipwayConfig config) {
            Map<String, AzureAccount> azure = new LinkedHashMap<>();
            for (AzureConfig a : config.azure()) {
                azure.put(a.name(), new AzureAccount(a.name(), a.tenantId(), a.clientId(), a.clientSecret(),
                        a.subscriptionId(), a.resourceGroup(), a.automationAccount(), a.authorityUrl(),
                        a.managementUrl(), a.portalUrl(), a.pollInterval(), a.timeout()));
            }
            return new Connections(githubConnections(config), azure, config.server() == null ? null
                    : config.server().publicUrl());
        }
    }

    /** The backend types, with what they connect to; their calls to providers are measured in {@code meters}. */
    static List<BackendType<?>> backendTypes(Path dataDir, Connections connections, MeterRegistry meters) {
        // A project's environments with the same timeout share one client, so a GitHub App's installation token
        // is fetched and renewed once for them.
        Map<String, GitHubClient> clients = new java.util.concurrent.ConcurrentHashMap<>();
        HttpClient github = new MeteredHttpClient(HTTP, "github", meters);
        return List.of(ScriptBackend.type(dataDir.resolve("runs")),
                GitLabBackend.type(new MeteredHttpClient(HTTP, "gitlab", meters)), KubernetesBackend.type(),
                CircleCiBackend.type(new MeteredHttpClient(HTTP, "circleci", meters)),
                GitHubBackend.type((project, timeout) -> clients.computeIfAbsent(
                        project + " " + timeout, key -> new GitHubClient(java.util.Objects.requireNonNull(
                                connections.github().get(project), "no github connection for " + project), github,
                                timeout))),
                WebhookBackend.type(new MeteredHttpClient(HTTP, "webhook", meters), connections.publicUrl(),
                        Clock.systemUTC()),
                AzureBackend.type(new MeteredHttpClient(HTTP, "azure", meters), connections.azure(), Clock.systemUTC()));
    }

    /** How Slipway reaches each project's GitHub repository, for the projects that name one. */
    static Map<String, GitHubConnection> githubConnections(SlipwayConfig config) {
        Map<String, GitHubConnection> connections = new LinkedHashMap<>();
        for (ProjectConfig project : config.projects()) {
            GitHubConfig github = project.github();
            if (github != null) {
                GitHubApp app = github.app() == null ? null : new GitHubApp(github.app().appId(),
                        github.app().privateKey(), github.app().installationId());
                connections.put(project.id(), new GitHubConnection(github.repo(), github.apiUrl(), github.token(), app,
                        github.webhookSecret()));
            }
        }
        return connections;
    }

    /** The code host of every project with a {@code github:} repository, for the channel and people commands. */
    static Repositories repositories(SlipwayConfig config) {
        Map<String, GitHubClient> clients = new LinkedHashMap<>();
        githubConnections(config).forEach((project, connection) ->
                clients.put(project, new GitHubClient(connection, HTTP, GITHUB_TIMEOUT)));
        return new GitHubRepositories(clients);
    }

    /** How long a question to GitHub outside any deployment (setup, hello, list) may take. */
    private static final Duration GITHUB_TIMEOUT = Duration.ofSeconds(10);

    /** The inbound hook of every provider that reports its runs, one line each; HTTP mounts exactly these. */
    public static ProviderHooks providerHooks(SlipwayConfig config) {
        Map<String, String> githubSecrets = new LinkedHashMap<>();
        for (ProjectConfig project : config.projects()) {
            if (project.github() != null && project.github().webhookSecret() != null) {
                githubSecrets.put(project.github().repo(), project.github().webhookSecret());
            }
        }
        Map<String, String> webhookSecrets = new LinkedHashMap<>();
        for (ProjectConfig project : config.projects()) {
            project.environments().forEach((name, environment) -> {
                if (environment.backend().settings() instanceof WebhookSettings webhook) {
                    webhookSecrets.put(project.id() + "/" + name, webhook.secret());
                }
            });
        }
        return new ProviderHooks(List.of(new GitLabHook(config.hooks().gitlabToken()),
                new CircleCiHook(config.hooks().circleciSecret()),
                new GitHubHook(config.hooks().githubSecret(), githubSecrets),
                new WebhookHook(webhookSecrets)));
    }

    /** One HTTP client for the REST backends: it pools connections and threads. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** The settings record of each backend type, for the config loader. */
    public static Map<String, Class<?>> backendSettingsTypes() {
        Map<String, Class<?>> types = new LinkedHashMap<>();
        for (BackendType<?> type : backendTypes(Path.of("."))) {
            types.put(type.name(), type.settingsType());
        }
        return types;
    }

    /** The grammar of the refs each backend type deploys, for the config loader. */
    public static Map<String, RefKind> backendRefKinds() {
        Map<String, RefKind> kinds = new LinkedHashMap<>();
        for (BackendType<?> type : backendTypes(Path.of("."))) {
            kinds.put(type.name(), type.refKind());
        }
        return kinds;
    }

    /** Opens the database (migrating it) and builds everything; workers are not started yet. */
    public static Slipway open(SlipwayConfig config, Map<String, ChatNotifier> notifiers, Clock clock) {
        return open(config, notifiers, repositories(config), clock);
    }

    /** As {@link #open(SlipwayConfig, Map, Clock)}, with the code host of the projects' repositories given. */
    public static Slipway open(SlipwayConfig config, Map<String, ChatNotifier> notifiers, Repositories repositories,
                               Clock clock) {
        return open(config, store -> notifiers, repositories, clock);
    }

    /** As {@link #open(SlipwayConfig, Map, Repositories, Clock)}, with notifiers built on the opened store. */
    public static Slipway open(SlipwayConfig config, java.util.function.Function<Store, Map<String, ChatNotifier>> notifying,
                               Repositories repositories, Clock clock) {
        return open(config, notifying, repositories, clock, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /**
     * As {@link #open(SlipwayConfig, java.util.function.Function, Repositories, Clock)}, measured in {@code meters}:
     * deployments, jobs, calls to providers and the connection pool.
     */
    public static Slipway open(SlipwayConfig config, java.util.function.Function<Store, Map<String, ChatNotifier>> notifying,
                               Repositories repositories, Clock clock, PrometheusMeterRegistry meters) {
        LogMasking.register(SecretValues.of(config)); // again for whoever opens one without the command line
        Map<String, BackendType<?>> types = new HashMap<>();
        for (BackendType<?> type : backendTypes(Path.of(config.dataDir()), Connections.of(config), meters)) {
            types.put(type.name(), type);
        }
        Runbooks runbooks = ConfigMapper.toRunbooks(config);
        Projects projects = ConfigMapper.toProjects(config, runbooks, types);
        Backends backends = backends(config, runbooks, types);
        JdbcStore database = openStore(config);
        database.measureIn(meters);
        // Every write of this process goes through one writer that commits whatever is waiting together:
        // under load, acknowledgements and background work share disk flushes instead of queueing for the lock.
        GroupCommit store = new GroupCommit(database, GROUP_COMMIT_MAX);
        Map<String, ChatNotifier> notifiers = notifying.apply(store);
        Catalog catalog = new Catalog(projects);
        ReviewNotices reviewNotices = new ReviewNotices(clock);
        Transitions transitions = new Transitions(clock, new ReviewProgress(catalog, reviewNotices, clock),
                new DeploymentMeters(meters, catalog));
        Rules rules = Rules.standard();
        DeployService deployService = new DeployService(store, catalog, rules, transitions, clock);
        ReviewService reviews = new ReviewService(store, catalog, deployService, transitions, reviewNotices,
                reviewSurface(notifiers.keySet()), clock);
        StatusService status = new StatusService(store, catalog, store::commits, clock);
        ChannelService channels = new ChannelService(store, catalog, repositories, hookSetup(config), clock);
        PeopleService people = new PeopleService(store, channels, repositories, clock);
        DeniedAttempts denied = new DeniedAttempts(store, clock);
        CommandDispatcher dispatcher = new CommandDispatcher(deployService, new LockService(store, catalog, clock),
                status, projects, reviews, channels, people,
                new RunbookService(store, catalog, runbooks, deployService), denied,
                new ApprovalService(store, catalog, rules, transitions, deployService.environmentQueues(), clock),
                new FreezeService(store, catalog, rules, clock));
        CommandParser parser = new CommandParser(keywords(config));
        List<JobHandler> handlers = new ArrayList<>(List.of(
                new RunDeploymentJob(store, backends, transitions, catalog, new Secrets(SecretValues.of(config)), clock),
                new CancelDeploymentJob(store, backends, catalog, clock),
                new HandOnRunJob(store, backends, transitions, catalog, new Secrets(SecretValues.of(config)), clock),
                new RetirePreviewJob(store, backends, catalog),
                new ExpireDeploymentJob(store, transitions),
                new AdvanceQueueJob(deployService.environmentQueues()),
                new LapseWaitJob(store, transitions, catalog, clock)));
        InvolvedPeople involved = new InvolvedPeople(people, catalog, repositories);
        notifiers.forEach((surface, notifier) -> {
            handlers.add(new NotifyDeploymentJob(store, surface, notifier, involved, catalog));
            handlers.add(new HandleChatRequestJob(surface, notifier, parser, dispatcher));
            handlers.add(new NotifyReviewJob(store, surface, notifier, reviews));
            // An approver is asked in chat, even for a deployment asked on the web (whose own reports are its page).
            ChatNotifier approvalCards = surface.equals(WebSurface.SURFACE) && notifiers.containsKey(SLACK)
                    ? notifiers.get(SLACK) : notifier;
            handlers.add(new NotifyApprovalJob(store, surface, approvalCards));
        });
        JobWorker worker = new JobWorker(store, handlers, jobSettings(config.jobs()), clock, meters);
        return new Slipway(database, store, dispatcher, parser, worker, status, new InboxService(store, clock),
                new HookService(store, catalog, backends, transitions, clock, reviewSurface(notifiers.keySet())), reviews,
                catalog, notifiers.keySet(), denied, meters, new AccessService(store, clock),
                new Dashboard(store, catalog, status, runbooks));
    }

    /** What {@code config} tells about the hooks: the public URL and which of their secrets are set. */
    static ChannelService.HookSetup hookSetup(SlipwayConfig config) {
        return new ChannelService.HookSetup(config.server() == null ? null : config.server().publicUrl(),
                config.hooks() != null && config.hooks().githubSecret() != null,
                config.projects().stream().filter(p -> p.github() != null && p.github().webhookSecret() != null)
                        .map(ProjectConfig::id).collect(java.util.stream.Collectors.toSet()),
                config.hooks() != null && config.hooks().circleciSecret() != null);
    }

    /** Reviews of builds are carried by Slack when this process talks to it, else by the console. */
    static String reviewSurface(java.util.Set<String> surfaces) {
        return surfaces.contains(SLACK) ? SLACK : CONSOLE;
    }

    private static Keywords keywords(SlipwayConfig config) {
        return config.slack() == null ? new Keywords(List.of(), List.of())
                : new Keywords(config.slack().keywords().release(), config.slack().keywords().thanks());
    }

    /**
     * Opens the configured database, its secrets sealed under the master key of {@code secrets:} (the local one is
     * made in the data directory on first use).
     *
     * @throws dev.slipway.secret.SecretException when the key cannot be had, or the database holds secrets wrapped by
     *                                            another one
     */
    static JdbcStore openStore(SlipwayConfig config) {
        KeyProvider key = KeyProviders.open(config.secrets(), System::getenv, Path.of(config.dataDir()));
        return openStore(config.database(), new SecretBox(key));
    }

    /**
     * The configured database on its own, for a command that changes it beside a server that may be running (SQLite
     * is shared by processes; PostgreSQL by replicas).
     */
    public static Store openDatabase(SlipwayConfig config) {
        return openStore(config);
    }

    private static JdbcStore openStore(DatabaseConfig database, SecretBox box) {
        if (database.url().startsWith("jdbc:postgresql:")) {
            return PostgresStore.open(database.url(), database.username(), database.password(), database.maxPoolSize(),
                    box);
        }
        return SqliteStore.open(database.url(), database.maxPoolSize(), box);
    }

    /**
     * Moves every secret the configured database holds from the master key {@code from} (the one it was opened
     * with) to {@code to}, in one transaction; the number of values moved.
     */
    public static int rewrapStoredSecrets(SlipwayConfig config, KeyProvider from, KeyProvider to) {
        try (JdbcStore store = openStore(config.database(), new SecretBox(from))) {
            return store.rewrapAll(new SecretBox(to), from);
        }
    }

    private static Backends backends(SlipwayConfig config, Runbooks runbooks, Map<String, BackendType<?>> types) {
        Map<String, Backend> byEnvironment = new HashMap<>();
        for (ProjectConfig project : config.projects()) {
            for (Map.Entry<String, EnvironmentConfig> environment : project.environments().entrySet()) {
                byEnvironment.put(Backends.key(project.id(), environment.getKey()),
                        backend(environment.getValue().backend(), project.id(),
                                Boolean.TRUE.equals(environment.getValue().autoRollback()), types));
            }
        }
        // Each runbook runs in an environment of its own, on the azure backend, with the arguments of each run.
        BackendType<?> azure = types.get(ConfigMapper.RUNBOOK_BACKEND);
        for (Runbook runbook : runbooks.list()) {
            byEnvironment.put(Backends.key(runbook.project(), runbook.environment()), azure.create(
                    new AzureSettings(runbook.account(), runbook.name(), Map.of(), runbook.runOn(), null),
                    new BackendType.Placement(runbook.project(), null)));
        }
        return new Backends(byEnvironment);
    }

    /** The backend {@code config} describes, built after the one it hands its runs on to, if any. */
    private static Backend backend(BackendConfig config, String project, boolean autoRollback,
                                   Map<String, BackendType<?>> types) {
        HandingOnBackend.Next next = null;
        if (config.next() != null) {
            Backend carrier = backend(config.next(), project, false, types);
            if (!(carrier instanceof ReportedBackend reported)) {
                throw new IllegalArgumentException(config.next().type() + " cannot carry on runs: it is not reported");
            }
            next = new HandingOnBackend.Next(config.next().type(), reported);
        }
        return types.get(config.type()).create(config.settings(),
                new BackendType.Placement(project, next, autoRollback));
    }

    /** The backend types each type may hand its runs on to, for the config loader. */
    public static Map<String, java.util.Set<String>> backendChains() {
        Map<String, java.util.Set<String>> chains = new LinkedHashMap<>();
        for (BackendType<?> type : backendTypes(Path.of("."))) {
            if (!type.handsOnTo().isEmpty()) {
                chains.put(type.name(), type.handsOnTo());
            }
        }
        return chains;
    }

    static JobSettings jobSettings(JobsConfig jobs) {
        return new JobSettings(jobs.workers(), jobs.maxAttempts(), jobs.initialBackoff(), jobs.maxBackoff(),
                jobs.lease(), jobs.pollInterval());
    }

    /** Where this Slipway measures itself: what {@code GET /metrics} serves. */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    public void startWorkers() {
        worker.start();
        denied.start();
    }

    /** Stops the workers (running jobs get {@code grace} to finish, then are handed back) and closes the store. */
    public void stop(Duration grace) {
        worker.stop(grace);
        denied.close();
        store.close();
        database.close();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    /**
     * Blocks until every deployment in {@code ids} has ended, or waits for a person (a confirmation, approvals) or for
     * a lock or freeze to end, and no job for it is pending, so that its last report has been delivered too.
     */
    public void awaitSettled(java.util.Collection<Long> ids) throws InterruptedException {
        while (!settled(ids)) {
            Thread.sleep(100);
        }
    }

    /** As {@link #awaitSettled(java.util.Collection)}, giving up with an exception after {@code limit}. */
    public void awaitSettled(java.util.Collection<Long> ids, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!settled(ids)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("deployments " + ids + " did not settle within " + limit);
            }
            Thread.sleep(100);
        }
    }

    private boolean settled(java.util.Collection<Long> ids) {
        return store.read(tx -> {
            java.time.Instant now = status.now();
            List<dev.slipway.store.Job> pending = tx.jobs().listPending();
            for (long id : ids) {
                java.util.Optional<dev.slipway.domain.Deployment> found = tx.deployments().findById(id);
                if (found.isPresent() && found.get().state().isActive() && !waitsForSomeone(tx, found.get(), pending, now)) {
                    return false;
                }
            }
            // Reports still to be printed, and review and approval messages this process delivers; a watchdog due
            // later (expire-deployment, a lapse) does not count.
            return pending.stream().noneMatch(job -> job.serialKey() != null
                    && (ids.stream().anyMatch(id -> job.serialKey().equals(JobKinds.notifyKey(id)))
                    || surfaces.stream().anyMatch(surface -> job.kind().equals(JobKinds.notifyReviewKind(surface))
                    || job.kind().equals(JobKinds.notifyApprovalKind(surface)))));
        });
    }

    /**
     * Whether an active deployment waits for a person or a rule rather than for its run: its requester's
     * confirmation, approvals, or a lock or freeze that holds it in a queue nothing runs in.
     */
    private static boolean waitsForSomeone(dev.slipway.store.Transaction tx, dev.slipway.domain.Deployment d,
                                           List<dev.slipway.store.Job> pending, java.time.Instant now) {
        if (d.state() == DeploymentState.REQUESTED || d.state() == DeploymentState.AWAITING_APPROVAL) {
            return true;
        }
        boolean queueDue = pending.stream().anyMatch(job -> job.kind().equals(JobKinds.ADVANCE_QUEUE)
                && job.payload().equals(JobKinds.queuePayload(d.project(), d.environment())) && !job.runAt().isAfter(now));
        return d.state() == DeploymentState.QUEUED && !queueDue
                && tx.deployments().findActive(d.project(), d.environment()).isEmpty()
                && pending.stream().noneMatch(job -> job.kind().equals(JobKinds.RUN_DEPLOYMENT)
                && job.payload().equals(Long.toString(d.id())));
    }

    public Store store() {
        return store;
    }

    /** Web sign-in, sessions and API tokens, for the web dashboard and the JSON API. */
    public AccessService access() {
        return access;
    }

    /** What the web pages and the JSON API read. */
    public Dashboard dashboard() {
        return dashboard;
    }

    public CommandDispatcher dispatcher() {
        return dispatcher;
    }

    public CommandParser parser() {
        return parser;
    }

    public StatusService status() {
        return status;
    }

    public InboxService inbox() {
        return inbox;
    }

    public HookService hooks() {
        return hooks;
    }

    public ReviewService reviews() {
        return reviews;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** Where refusals are kept: surfaces count requests with a bad signature here. */
    public DeniedAttempts deniedAttempts() {
        return denied;
    }
}
