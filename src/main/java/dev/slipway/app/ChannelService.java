package dev.slipway.app;

import dev.slipway.backend.Repositories;
import dev.slipway.domain.AuditEvent;
import dev.slipway.domain.ChannelBinding;
import dev.slipway.domain.Environment;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Excerpt;
import dev.slipway.domain.Policy;
import dev.slipway.domain.Project;
import dev.slipway.domain.RefusedException;
import dev.slipway.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds chat channels to projects ({@code setup}, {@code reset}) and shows what a channel is bound to
 * ({@code config}). A project's configured channel is bound by the configuration, which always wins: setup and reset
 * change nothing there. Any other channel is bound by {@code setup owner/repo} to the configured project that deploys
 * from that repository, once the code host confirms the repository is there.
 */
public final class ChannelService {
    private final Store store;
    private final Catalog catalog;
    private final CodeHost codeHost;
    private final HookSetup hooks;
    private final Clock clock;

    public ChannelService(Store store, Catalog catalog, Repositories repositories, HookSetup hooks, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.codeHost = new CodeHost(repositories);
        this.hooks = hooks;
        this.clock = clock;
    }

    /**
     * What {@code config} tells people to configure for the hooks: where Slipway is reached and which secrets are set
     * (never their values).
     *
     * @param publicUrl                 Slipway's public URL, or null when unset
     * @param githubSecret              whether {@code hooks.githubSecret} is set
     * @param projectsWithGitHubSecret  the projects whose {@code github.webhookSecret} is set
     * @param circleciSecret            whether {@code hooks.circleciSecret} is set
     */
    public record HookSetup(String publicUrl, boolean githubSecret, Set<String> projectsWithGitHubSecret,
                            boolean circleciSecret) {
        public HookSetup {
            projectsWithGitHubSecret = Set.copyOf(projectsWithGitHubSecret);
        }

        boolean githubSecretFor(String project) {
            return githubSecret || projectsWithGitHubSecret.contains(project);
        }
    }

    /** The project {@code channel} is bound to: by the configuration, else by {@code setup}. */
    public Optional<Project> projectOf(String channel) {
        Optional<Project> configured = catalog.projects().findByChannel(channel);
        if (configured.isPresent()) {
            return configured;
        }
        return binding(channel).flatMap(b -> catalog.projects().findById(b.project()));
    }

    /** Binds {@code channel} to the project deploying from {@code repository}, replacing its binding; returns the answer. */
    public String setup(String channel, String user, String repository) {
        Project project = catalog.projects().findByRepository(repository).orElseThrow(() ->
                new RefusedException(ErrorCode.UNKNOWN_REPOSITORY, "No project deploys from `%s`. %s"
                        .formatted(Excerpt.of(repository), configuredRepositories())));
        Optional<Project> configured = catalog.projects().findByChannel(channel);
        if (configured.isPresent()) {
            return boundByConfiguration(configured.get(), "setup");
        }
        if (project.channel() != null) {
            return boundByConfiguration(project, "setup");
        }
        Repositories.Access access = codeHost.check(project);
        ChannelBinding binding = new ChannelBinding(channel, project.id(), access.repository(), user, clock.instant());
        Optional<ChannelBinding> replaced = store.inTransaction(tx -> {
            Optional<ChannelBinding> old = tx.bindings().find(channel);
            tx.bindings().put(binding);
            tx.audit().record(new AuditEvent(0, binding.boundAt(), user, "channel.setup", project.id(), null, null,
                    "bound " + channel + " to " + access.repository()
                            + old.map(o -> " (was " + o.project() + ", " + o.repository() + ")").orElse("")));
            return old;
        });
        String was = replaced.filter(o -> !o.project().equals(project.id()) || !o.repository().equals(access.repository()))
                .map(o -> " It was bound to %s (%s) before.".formatted(o.project(), o.repository())).orElse("");
        String deploy = access.canDeploy()
                ? "Slipway can create deployments there."
                : "⚠️ Slipway cannot create deployments there: give its GitHub identity write access to deployments.";
        return ("Bound this channel to %s: %s (%s), default branch %s. %s%s%n"
                + "Next: `hello` to link your GitHub login, `deploy <environment> [<ref>]`, `list`, `config`.")
                .formatted(project.id(), access.repository(), access.url(), access.defaultBranch(), deploy, was);
    }

    /** Forgets {@code channel}'s binding made by setup (people's links stay); returns the answer. */
    public String reset(String channel, String user) {
        Optional<ChannelBinding> forgotten = store.inTransaction(tx -> {
            Optional<ChannelBinding> old = tx.bindings().find(channel);
            old.ifPresent(b -> {
                tx.bindings().delete(channel);
                tx.audit().record(new AuditEvent(0, clock.instant(), user, "channel.reset", b.project(), null, null,
                        "unbound " + channel + " from " + b.repository()));
            });
            return old;
        });
        Optional<Project> configured = catalog.projects().findByChannel(channel);
        if (forgotten.isEmpty()) {
            return configured.map(p -> boundByConfiguration(p, "reset"))
                    .orElse("This channel has no binding; there was nothing to forget. `setup <owner>/<repo>` binds it.");
        }
        ChannelBinding b = forgotten.get();
        return "Forgot this channel's binding to %s (%s), made by <@%s> at %s. Linked GitHub logins stay.%s".formatted(
                b.project(), b.repository(), b.boundBy(), b.boundAt(),
                configured.map(p -> " " + boundByConfiguration(p, "reset")).orElse(""));
    }

    /** What {@code channel} is bound to, its environments' policies and the hooks to configure. */
    public String config(String channel) {
        Optional<Project> configured = catalog.projects().findByChannel(channel);
        Optional<ChannelBinding> binding = configured.isPresent() ? Optional.empty() : binding(channel);
        Project project = configured.or(() -> binding.flatMap(b -> catalog.projects().findById(b.project())))
                .orElseThrow(() -> notBound("config"));
        StringBuilder text = new StringBuilder();
        String repository = binding.map(ChannelBinding::repository).orElse(project.repository());
        text.append("This channel: ").append(repository == null ? "no repository" : repository)
                .append(" → project ").append(project.id());
        text.append(binding.map(b -> ", bound by <@" + b.boundBy() + "> at " + b.boundAt())
                .orElse(", bound by the configuration (channel " + project.channel() + ")")).append('.');
        text.append("\nEnvironments:");
        for (String name : project.environmentNames()) {
            Environment environment = project.environment(name).orElseThrow();
            Policy policy = environment.policy();
            text.append("\n  ").append(name).append(" — backend ").append(environment.backendType())
                    .append("; deployers: ").append(String.join(", ", policy.deployers()))
                    .append("; refs: ").append(policy.allowedRefs().isEmpty() ? "any"
                            : policy.allowedRefs().stream().map(Object::toString).collect(Collectors.joining(", ")))
                    .append("; approvals: ").append(policy.approvals() == null ? "none"
                            : policy.approvals().required() + " from " + String.join(", ", policy.approvals().from()));
        }
        String base = hooks.publicUrl() == null ? "<Slipway's public URL: set server.publicUrl>"
                : hooks.publicUrl().replaceAll("/+$", "");
        text.append("\nHooks to configure:");
        text.append("\n  GitHub").append(repository == null ? "" : " (" + repository + " → Settings → Webhooks)")
                .append(": ").append(base).append("/hooks/github, content type application/json,")
                .append(" events \"Deployments\" and \"Deployment statuses\", secret: ")
                .append(hooks.githubSecretFor(project.id()) ? "set"
                        : "not set — configure hooks.githubSecret or github.webhookSecret");
        text.append("\n  CircleCI (project settings → Webhooks): ").append(base)
                .append("/hooks/circleci, events workflow-completed and job-completed, secret: ")
                .append(hooks.circleciSecret() ? "set" : "not set — configure hooks.circleciSecret");
        return text.toString();
    }

    /** Whether the project {@code channel} is bound to is connected to a code host that Slipway can ask. */
    public boolean connected(String channel) {
        return projectOf(channel).filter(codeHost::connects).isPresent();
    }

    /**
     * The recent deployments of the repository of the project {@code channel} is bound to, newest first; empty when
     * the channel is not bound or its project is not connected to a code host.
     */
    public Optional<List<Repositories.RemoteDeployment>> recentDeployments(String channel, int limit) {
        return projectOf(channel).filter(codeHost::connects).map(project -> codeHost.recentDeployments(project, limit));
    }

    /** A refusal for {@code command} in a channel bound to nothing. */
    public RefusedException notBound(String command) {
        return new RefusedException(ErrorCode.CHANNEL_NOT_BOUND, "This channel is not bound to a project, so `%s` has nothing to go on: `setup <owner>/<repo>` binds it. %s"
                .formatted(command, configuredRepositories()));
    }

    private Optional<ChannelBinding> binding(String channel) {
        return store.read(tx -> tx.bindings().find(channel));
    }

    private static String boundByConfiguration(Project project, String command) {
        return "<#%s> is bound to %s by the configuration (channel %s); %s changes nothing."
                .formatted(project.channel(), project.id(), project.channel(), command);
    }

    private String configuredRepositories() {
        List<String> repositories = catalog.projects().list().stream().filter(p -> p.repository() != null)
                .map(p -> p.repository() + " (" + p.id() + ")").toList();
        return repositories.isEmpty() ? "No project has a GitHub repository configured (`github.repo`)."
                : "Configured repositories: " + String.join(", ", repositories) + ".";
    }
}
