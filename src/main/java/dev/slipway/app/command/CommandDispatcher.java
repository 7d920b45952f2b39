package dev.slipway.app.command;

import dev.slipway.app.ChannelService;
import dev.slipway.app.DeniedAttempts;
import dev.slipway.app.DeployRequest;
import dev.slipway.app.ApprovalService;
import dev.slipway.app.DeployService;
import dev.slipway.app.FreezeService;
import dev.slipway.app.Requested;
import dev.slipway.app.LockService;
import dev.slipway.app.PeopleService;
import dev.slipway.app.ReviewService;
import dev.slipway.app.RunbookService;
import dev.slipway.app.StatusService;
import dev.slipway.app.StatusService.EnvironmentStatus;
import dev.slipway.backend.Repositories.RemoteDeployment;
import dev.slipway.chat.DeploymentMessages;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.EnvironmentLock;
import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.Excerpt;
import dev.slipway.domain.Project;
import dev.slipway.domain.Projects;
import dev.slipway.domain.RefusedException;
import dev.slipway.domain.DurationText;
import dev.slipway.domain.Runbook;
import dev.slipway.domain.rule.Action;
import dev.slipway.domain.rule.Attempt;
import dev.slipway.domain.rule.Freezes;
import dev.slipway.domain.rule.Rules;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a {@link Command} for a person and says what happened; every surface goes through here. Replies quote what
 * they did not understand or refused as a short {@link Excerpt}, however much was sent.
 */
public final class CommandDispatcher {
    static final int HISTORY_LIMIT = 10;
    private static final Rules RULES = Rules.standard();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CommandDispatcher.class);

    private final DeployService deployments;
    private final LockService locks;
    private final StatusService status;
    private final Projects projects;
    private final ReviewService reviews;
    private final ChannelService channels;
    private final PeopleService people;
    private final RunbookService runbooks;
    private final DeniedAttempts denied;
    private final ApprovalService approvals;
    private final FreezeService freezes;

    public CommandDispatcher(DeployService deployments, LockService locks, StatusService status, Projects projects,
                             ReviewService reviews, ChannelService channels, PeopleService people) {
        this(deployments, locks, status, projects, reviews, channels, people, null);
    }

    /** {@code runbooks}: null where none can run. */
    public CommandDispatcher(DeployService deployments, LockService locks, StatusService status, Projects projects,
                             ReviewService reviews, ChannelService channels, PeopleService people,
                             RunbookService runbooks) {
        this(deployments, locks, status, projects, reviews, channels, people, runbooks, null);
    }

    /** {@code denied}: where refusals about policy are kept; null where none are. */
    public CommandDispatcher(DeployService deployments, LockService locks, StatusService status, Projects projects,
                             ReviewService reviews, ChannelService channels, PeopleService people,
                             RunbookService runbooks, DeniedAttempts denied) {
        this(deployments, locks, status, projects, reviews, channels, people, runbooks, denied, null, null);
    }

    /**
     * {@code approvals}: approvals of deployments, null where no environment asks for them; {@code freezes}: freezes
     * from chat, null where there are none.
     */
    public CommandDispatcher(DeployService deployments, LockService locks, StatusService status, Projects projects,
                             ReviewService reviews, ChannelService channels, PeopleService people,
                             RunbookService runbooks, DeniedAttempts denied, ApprovalService approvals,
                             FreezeService freezes) {
        this.approvals = approvals;
        this.freezes = freezes;
        this.deployments = deployments;
        this.locks = locks;
        this.status = status;
        this.projects = projects;
        this.reviews = reviews;
        this.channels = channels;
        this.people = people;
        this.runbooks = runbooks;
        this.denied = denied;
    }

    /**
     * Whether answering {@code command} in {@code channel} means asking the code host (GitHub), which may take
     * longer than a surface can wait for before it must acknowledge: {@code setup}, {@code hello} and a bare
     * {@code list} in a channel bound to a connected repository. A surface that must answer at once hands these to
     * a job instead.
     */
    public boolean asksCodeHost(Command command, String channel) {
        if (command instanceof Command.Setup || command instanceof Command.Hello) {
            return true;
        }
        return command instanceof Command.History h && h.project() == null && h.environment() == null
                && channels.connected(channel);
    }

    /** Runs the command; a refusal about policy, whether thrown or answered, is also kept as a denied attempt. */
    public Reply dispatch(Command command, Invocation who) {
        Reply reply;
        try {
            reply = run(command, who);
        } catch (RefusedException refused) {
            reply = Reply.refused(refused.refusal().code(), refused.refusal().message());
        }
        if (denied != null && reply.refusal().filter(ErrorCode::audited).isPresent()) {
            try {
                denied.refused(who.user(), who.origin(), attempt(command, who), reply.refusal().get(), reply.text());
            } catch (RuntimeException e) {
                // Naming what was refused reads the store, which may be down: the refusal goes out all the same.
                log.warn("Could not keep a refused {} by {}: {}", command.getClass().getSimpleName(), who.user(),
                        e.toString());
            }
        }
        return reply;
    }

    /** What a refused command was about, as far as it tells: asked only of refusals that are kept. */
    private DeniedAttempts.Attempt attempt(Command command, Invocation who) {
        if (command instanceof Command.Deploy d) {
            return new DeniedAttempts.Attempt("deploy", d.project() != null ? d.project() : channelProject(who),
                    d.environment(), null);
        } else if (command instanceof Command.DeployEither d) {
            return projects.findById(d.first()).isPresent() ? new DeniedAttempts.Attempt("deploy", d.first(), d.second(), null)
                    : new DeniedAttempts.Attempt("deploy", channelProject(who), d.first(), null);
        } else if (command instanceof Command.Release r) {
            return new DeniedAttempts.Attempt("release", r.project() != null ? r.project() : channelProject(who), null,
                    null);
        } else if (command instanceof Command.Lock l) {
            return l.project() == null ? runbookAttempt("lock", l.environment())
                    : new DeniedAttempts.Attempt("lock", l.project(), l.environment(), null);
        } else if (command instanceof Command.Unlock u) {
            return u.project() == null ? runbookAttempt("unlock", u.environment())
                    : new DeniedAttempts.Attempt("unlock", u.project(), u.environment(), null);
        } else if (command instanceof Command.Force f) {
            return attempt(f.deploy(), who);
        } else if (command instanceof Command.Confirm c) {
            return deploymentAttempt("confirm", c.deploymentId());
        } else if (command instanceof Command.Retry r) {
            return deploymentAttempt("retry", r.deploymentId());
        } else if (command instanceof Command.Rollback r) {
            return r.deploymentId() != null ? deploymentAttempt("rollback", r.deploymentId())
                    : new DeniedAttempts.Attempt("rollback", r.project(), r.environment(), null);
        } else if (command instanceof Command.Freeze f) {
            return new DeniedAttempts.Attempt("freeze", f.project(), f.environment(), null);
        } else if (command instanceof Command.Unfreeze u) {
            return new DeniedAttempts.Attempt("unfreeze", u.project(), u.environment(), null);
        } else if (command instanceof Command.Cancel c) {
            return deploymentAttempt("cancel", c.deploymentId());
        } else if (command instanceof Command.Resolve r) {
            return deploymentAttempt("resolve", r.deploymentId());
        } else if (command instanceof Command.Build b) {
            return new DeniedAttempts.Attempt("build", b.project(), null, null);
        } else if (command instanceof Command.ReviewStep r) {
            return deploymentAttempt(r.step().word(), r.deploymentId());
        } else if (command instanceof Command.Runbook r) {
            return runbookAttempt("runbook", r.name());
        }
        String verb = command.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        return new DeniedAttempts.Attempt(verb, null, null, null);
    }

    private String channelProject(Invocation who) {
        return channels.projectOf(who.origin().channel()).map(Project::id).orElse(null);
    }

    /** About a deployment: its project and environment, when it exists. */
    private DeniedAttempts.Attempt deploymentAttempt(String verb, long id) {
        Optional<Deployment> d = status.find(id);
        return new DeniedAttempts.Attempt(verb, d.map(Deployment::project).orElse(null),
                d.map(Deployment::environment).orElse(null), id);
    }

    private DeniedAttempts.Attempt runbookAttempt(String verb, String name) {
        try {
            Runbook runbook = runbooks().runbook(name);
            return new DeniedAttempts.Attempt(verb, runbook.project(), runbook.environment(), null);
        } catch (RefusedException unknown) {
            return new DeniedAttempts.Attempt(verb, null, name, null);
        }
    }

    // Java 17 has no pattern switch; the sealed interface keeps this list complete in review.
    private Reply run(Command command, Invocation who) {
        return run(command, who, null);
    }

    /** {@code force}: an owner's reason for pushing a deployment through a freeze, or null. */
    private Reply run(Command command, Invocation who, String force) {
        if (command instanceof Command.Deploy d) {
            return d.project() == null ? deployHere(d.environment(), d.ref(), who, force)
                    : deploy(d.project(), d.environment(), d.ref(), who, force);
        } else if (command instanceof Command.DeployEither d) {
            return deployEither(d, who, force);
        } else if (command instanceof Command.Force f) {
            return run(f.deploy(), who, f.reason());
        } else if (command instanceof Command.Confirm c) {
            return confirmed(deployments.confirm(c.deploymentId(), who.user()));
        } else if (command instanceof Command.Retry r) {
            return deployments.retry(r.deploymentId(), who.user(), who.origin(), who.idempotencyKey())
                    .map(CommandDispatcher::requested).orElseGet(Reply::alreadyReceived);
        } else if (command instanceof Command.Rollback r) {
            return rollback(r, who);
        } else if (command instanceof Command.Freeze f) {
            return Reply.ok(freezes().freeze(f.project(), f.environment(), f.duration(), f.reason(), who.user()));
        } else if (command instanceof Command.Unfreeze u) {
            return Reply.ok(freezes().unfreeze(u.project(), u.environment(), who.user()));
        } else if (command instanceof Command.Release r) {
            return release(r, who);
        } else if (command instanceof Command.Status s) {
            return Reply.ok(StatusText.status(status.status(s.project()), reviews.inFlight(s.project()),
                    status.now()));
        } else if (command instanceof Command.History h) {
            return history(h, who);
        } else if (command instanceof Command.Audit a) {
            return audit(a);
        } else if (command instanceof Command.Lock l) {
            return lock(l, who);
        } else if (command instanceof Command.Unlock u) {
            return unlock(u, who);
        } else if (command instanceof Command.Cancel c) {
            return cancel(c, who);
        } else if (command instanceof Command.Resolve r) {
            return resolve(r, who);
        } else if (command instanceof Command.Build b) {
            return build(b, who);
        } else if (command instanceof Command.ReviewStep r) {
            return reviewStep(r, who);
        } else if (command instanceof Command.Runbook r) {
            return runbook(r, who);
        } else if (command instanceof Command.Runbooks) {
            return Reply.ok(RunbookText.list(runbooks().list()));
        } else if (command instanceof Command.RunbookHistory h) {
            return Reply.ok(RunbookText.history(runbooks().history(h.name(), HISTORY_LIMIT)));
        } else if (command instanceof Command.Setup s) {
            return Reply.ok(channels.setup(who.origin().channel(), who.user(), s.repository()));
        } else if (command instanceof Command.Reset) {
            return Reply.ok(channels.reset(who.origin().channel(), who.user()));
        } else if (command instanceof Command.Config) {
            return Reply.ok(channels.config(who.origin().channel()));
        } else if (command instanceof Command.Hello h) {
            if (h.login() != null) {
                return Reply.ok(people.claim(who.origin().channel(), who.user(), h.login()));
            }
            PeopleService.Hello hello = people.hello(who.origin().channel(), who.user());
            return Reply.ok(hello.text(), hello.choices());
        } else if (command instanceof Command.Goodbye) {
            return Reply.ok(people.goodbye(who.user()));
        } else if (command instanceof Command.Help h) {
            return Reply.ok(help(h.topic()));
        } else if (command instanceof Command.Thanks) {
            return Reply.ok("どういたしまして! You're welcome. 🙌");
        } else if (command instanceof Command.Invalid i) {
            return Reply.refused(ErrorCode.BAD_ARGUMENTS,
                    "That `" + i.spec().word() + "` is incomplete: " + i.reason() + ".\n" + i.spec().helpLine());
        }
        Command.Unknown unknown = (Command.Unknown) command;
        return Reply.refused(ErrorCode.UNKNOWN_COMMAND, "I don't know `" + Excerpt.of(unknown.text()) + "`.\n"
                + CommandSpec.helpText());
    }

    private Reply deploy(String project, String environment, String ref, Invocation who, String force) {
        return deployments.deploy(new DeployRequest(project, environment, ref, who.user(), who.origin(),
                        who.idempotencyKey(), force))
                .map(CommandDispatcher::requested).orElseGet(Reply::alreadyReceived);
    }

    /** What a person is told of their deployment: starting, or what it waits for and what they can do. */
    private static Reply requested(Requested requested) {
        Deployment d = requested.deployment();
        String what = DeploymentMessages.what(d);
        if (requested.merged()) {
            return Reply.ok("#%d already ships %s, queued just before yours: your request joins it (%s)."
                    .formatted(d.id(), what, requested.why()));
        }
        return switch (d.state()) {
            case REQUESTED -> Reply.deploying(d.id(), ("#%d %s waits for your confirmation (%s): `confirm %d`, or"
                    + " `cancel %d`. It lapses in %s.").formatted(d.id(), what, requested.why(), d.id(), d.id(),
                    DurationText.of(DeployService.CONFIRM_WITHIN)));
            case AWAITING_APPROVAL -> Reply.deploying(d.id(), ("#%d %s awaits approval: it %s. The approvers are asked;"
                    + " `cancel %d` withdraws it.").formatted(d.id(), what, requested.why(), d.id()));
            default -> requested.waiting().isPresent()
                    ? Reply.deploying(d.id(), "Queued #%d %s: %s. It starts by itself; `cancel %d` takes it out."
                            .formatted(d.id(), what, requested.why(), d.id()))
                    : Reply.deploying(d.id(), "Deploying %s %s to %s as #%d. I'll report here; `cancel %d` stops it."
                            .formatted(d.project(), d.ref(), d.environment(), d.id(), d.id()));
        };
    }

    private static Reply confirmed(Requested requested) {
        Reply reply = requested(requested);
        return new Reply("Confirmed. " + reply.text(), reply.refusal(), reply.deploymentId(), false);
    }

    private Reply rollback(Command.Rollback command, Invocation who) {
        String project = command.project();
        String environment = command.environment();
        if (command.deploymentId() != null) {
            Deployment current = status.find(command.deploymentId()).orElseThrow(() -> new RefusedException(
                    ErrorCode.UNKNOWN_DEPLOYMENT, "There is no deployment #" + command.deploymentId() + "."));
            project = current.project();
            environment = current.environment();
        }
        Optional<DeployService.RolledBack> rolled = deployments.rollback(project, environment, command.deploymentId(),
                who.user(), who.origin(), who.idempotencyKey());
        if (rolled.isEmpty()) {
            return Reply.alreadyReceived();
        }
        DeployService.RolledBack r = rolled.get();
        Deployment d = r.requested().deployment();
        String locked = r.lock() == null ? "" : (" %s %s is locked for you, so that the next automatic deploy does"
                + " not undo it; `unlock %s %s` when you are done.").formatted(d.project(), d.environment(),
                d.project(), d.environment());
        Reply reply = requested(r.requested());
        return new Reply("Rolling %s %s back from %s to %s. ".formatted(d.project(), d.environment(), r.from().ref(),
                d.ref()) + reply.text() + locked, reply.refusal(), reply.deploymentId(), false);
    }

    /** {@code deploy <environment> [<ref>]}: the channel's project, which a channel bound to none lacks. */
    private Reply deployHere(String environment, String ref, Invocation who, String force) {
        Project project = channels.projectOf(who.origin().channel()).orElse(null);
        if (project == null) {
            return Reply.refused(ErrorCode.BAD_ARGUMENTS, ("This channel has no project of its own; name one: `deploy"
                    + " <project> [<ref>] [to] %s`, or bind the channel with `setup <owner>/<repo>`. Projects: %s.")
                    .formatted(Excerpt.of(environment), String.join(", ", projects.ids())));
        }
        return deploy(project.id(), environment, ref, who, force);
    }

    /**
     * {@code deploy a b}: project a to environment b when a is a project that has it; else, in a bound channel whose
     * project has environment a, that environment at ref b; else project a to environment b, refused as it deserves.
     */
    private Reply deployEither(Command.DeployEither d, Invocation who, String force) {
        Optional<Project> named = projects.findById(d.first());
        if (named.isPresent() && named.get().environment(d.second()).isPresent()) {
            return deploy(d.first(), d.second(), null, who, force);
        }
        Optional<Project> here = channels.projectOf(who.origin().channel());
        if (here.isPresent() && here.get().environment(d.first()).isPresent()) {
            return deploy(here.get().id(), d.first(), d.second(), who, force);
        }
        if (named.isEmpty() && here.isPresent()) {
            return Reply.refused(ErrorCode.UNKNOWN_ENVIRONMENT, ("`%s` is neither a project nor an environment of %s."
                    + " Environments: %s; `deploy <environment> [<ref>]`.").formatted(Excerpt.of(d.first()),
                    here.get().id(), String.join(", ", here.get().environmentNames())));
        }
        return deploy(d.first(), d.second(), null, who, force);
    }

    /** A bare {@code list} in a channel bound to a connected repository shows its deployments; else Slipway's own. */
    private Reply history(Command.History h, Invocation who) {
        if (h.project() == null && h.environment() == null) {
            Optional<List<RemoteDeployment>> remote = channels.recentDeployments(who.origin().channel(), HISTORY_LIMIT);
            if (remote.isPresent()) {
                List<String> creators = remote.get().stream().map(RemoteDeployment::creator)
                        .filter(java.util.Objects::nonNull).distinct().toList();
                return Reply.ok(StatusText.remote(remote.get(), people.chatUsersOf(creators)));
            }
        }
        return Reply.ok(StatusText.history(status.history(h.project(), h.environment(), HISTORY_LIMIT)));
    }

    /** Open to anyone who may talk to Slipway, as history is. */
    private Reply audit(Command.Audit audit) {
        return Reply.ok(AuditText.trail(status.audit(audit.project(), audit.environment(), audit.since(),
                AuditText.LINES), audit));
    }

    private Reply release(Command.Release release, Invocation who) {
        String project = release.project();
        if (project == null) {
            project = channels.projectOf(who.origin().channel()).map(Project::id).orElse(null);
        }
        if (project == null) {
            return Reply.refused(ErrorCode.BAD_ARGUMENTS, "This channel has no project of its own; name one: `release <project>`. Projects: "
                    + String.join(", ", projects.ids()) + ".");
        }
        return deploy(project, null, null, who, null);
    }

    private Reply runbook(Command.Runbook command, Invocation who) {
        Optional<Deployment> queued = runbooks().run(new RunbookService.RunbookRequest(command.name(), command.words(),
                who.user(), who.origin(), who.idempotencyKey()));
        if (queued.isEmpty()) {
            return Reply.alreadyReceived();
        }
        Deployment d = queued.get();
        boolean elsewhere = d.origin().channel() != null && !d.origin().channel().equals(who.origin().channel());
        String text = "Running runbook %s (%s) as #%d. I'll report %s; `cancel %d` stops it.".formatted(
                Runbook.nameOf(d.environment()), d.ref(), d.id(), elsewhere ? "in <#" + d.origin().channel() + ">"
                        : "here", d.id());
        // Reported in its project's channel: the asker is answered where they asked, since no report comes there.
        return elsewhere ? Reply.ok(text) : Reply.deploying(d.id(), text);
    }

    private FreezeService freezes() {
        if (freezes == null) {
            throw new RefusedException(ErrorCode.UNKNOWN_COMMAND, "Freezes cannot be made here.");
        }
        return freezes;
    }

    private RunbookService runbooks() {
        if (runbooks == null) {
            throw new RefusedException(ErrorCode.UNKNOWN_RUNBOOK, "No runbooks are configured.");
        }
        return runbooks;
    }

    private Reply lock(Command.Lock command, Invocation who) {
        if (command.project() == null) {
            Runbook runbook = runbooks().runbook(command.environment());
            LockService.Locked locked = locks.lock(runbook.project(), runbook.environment(), who.user(), command.reason());
            String reason = locked.lock().reason().isBlank() ? "" : " (" + locked.lock().reason() + ")";
            String inFlight = locked.deploymentInFlight().map(d -> " #%d by <@%s> is already running and goes on."
                    .formatted(d.id(), d.requestedBy())).orElse("");
            return Reply.ok("Locked runbook %s%s.%s Only you can run it until `unlock %s`.".formatted(runbook.name(),
                    reason, inFlight, runbook.environment()));
        }
        LockService.Locked locked = locks.lock(command.project(), command.environment(), who.user(), command.reason());
        EnvironmentLock lock = locked.lock();
        String inFlight = locked.deploymentInFlight().map(d -> " #%d by <@%s> is already in flight and goes on;"
                .formatted(d.id(), d.requestedBy()) + " the lock applies to the next deployment.").orElse("");
        return Reply.ok("Locked %s %s%s.%s Only you can deploy there until `unlock %s %s`.".formatted(lock.project(),
                lock.environment(), lock.reason().isBlank() ? "" : " (" + lock.reason() + ")", inFlight, lock.project(),
                lock.environment()));
    }

    private Reply unlock(Command.Unlock command, Invocation who) {
        if (command.project() == null) {
            Runbook runbook = runbooks().runbook(command.environment());
            EnvironmentLock lifted = locks.unlock(runbook.project(), runbook.environment(), who.user());
            String whose = lifted.holder().equals(who.user()) ? "" : " (it was held by " + lifted.holder() + ")";
            return Reply.ok("Unlocked runbook %s%s.".formatted(runbook.name(), whose));
        }
        EnvironmentLock lifted = locks.unlock(command.project(), command.environment(), who.user());
        String whose = lifted.holder().equals(who.user()) ? "" : " (it was held by " + lifted.holder() + ")";
        return Reply.ok("Unlocked %s %s%s.".formatted(lifted.project(), lifted.environment(), whose));
    }

    private Reply cancel(Command.Cancel command, Invocation who) {
        Deployment d = deployments.cancel(command.deploymentId(), who.user());
        if (!d.state().isTerminal()) {
            return Reply.ok("Stopping #%d (%s)…".formatted(d.id(), DeploymentMessages.what(d)));
        }
        if (d.startedAt() == null) {
            return Reply.ok("Cancelled #%d before it started.".formatted(d.id()));
        }
        // Ended at once although it had started: its outcome was unknown, so nothing was signalled.
        return Reply.ok(("Cancelled #%d (%s) without stopping its run, which this server cannot see: check"
                + " that it is not still running. %s is free again.")
                .formatted(d.id(), DeploymentMessages.what(d), d.environment()));
    }

    private Reply resolve(Command.Resolve command, Invocation who) {
        Deployment d = deployments.resolve(command.deploymentId(), command.outcome(), who.user());
        return Reply.ok("Resolved #%d (%s) as %s. %s is free again."
                .formatted(d.id(), DeploymentMessages.what(d), d.state().label(), d.environment()));
    }

    /** Typed builds come from people, so only a project's owners may post them; CI uses the hook and its token. */
    private Reply build(Command.Build build, Invocation who) {
        projects.findById(build.project()).ifPresent(project -> RULES.require(
                Attempt.of(Action.POST_BUILD, project, null, who.user(), status.now())));
        ReviewService.Accepted accepted = reviews.preview(new ReviewService.Build(build.project(), build.image(),
                build.type(), build.target(), who.user()));
        if (!accepted.created()) {
            return Reply.ok("That build is already in flight as #%d.".formatted(accepted.deploymentId()));
        }
        return Reply.deploying(accepted.deploymentId(), "Deploying %s (%s %s) to its preview as #%d; the owners and QA get a message when it is up."
                .formatted(build.image(), build.type(), build.target(), accepted.deploymentId()));
    }

    private Reply reviewStep(Command.ReviewStep step, Invocation who) {
        long id = step.deploymentId();
        boolean deployment = approvals != null && approvals.isDeployment(id);
        return switch (step.step()) {
            // A deployment's approval follows it, as its request did: the console waits for what it started.
            case APPROVE -> deployment ? Reply.deploying(id, approvals.approve(id, who.user()))
                    : Reply.ok(reviews.approve(id, who.user()));
            case REJECT -> Reply.ok(deployment ? approvals.reject(id, who.user(), step.reason())
                    : reviews.reject(id, who.user()));
            case PROMOTE -> {
                Deployment shipped = reviews.promote(id, who.user());
                yield Reply.deploying(shipped.id(), "Deploying %s of #%d to %s as #%d. I'll report in the channel."
                        .formatted(shipped.ref(), id, shipped.environment(), shipped.id()));
            }
            case CLOSE -> Reply.ok(reviews.close(id, who.user()));
            default -> throw new IllegalArgumentException("not a review step: " + step.step());
        };
    }

    private static String help(String topic) {
        if (topic == null) {
            return CommandSpec.helpText();
        }
        return CommandSpec.byWord(topic).map(CommandSpec::helpLine)
                .orElse("There is no command `" + Excerpt.of(topic) + "`.\n" + CommandSpec.helpText());
    }

    /** The text of the runbook list and of runbook history. */
    static final class RunbookText {
        private RunbookText() {
        }

        static String list(List<Runbook> runbooks) {
            if (runbooks.isEmpty()) {
                return "No runbooks are configured.";
            }
            StringBuilder text = new StringBuilder("Runbooks:");
            for (Runbook runbook : runbooks) {
                text.append("\n  ").append(runbook.usage());
                if (!runbook.description().isBlank()) {
                    text.append(" — ").append(runbook.description());
                }
                text.append(" (who may run it: ").append(String.join(", ", runbook.policy().deployers()))
                        .append(Runbook.NO_PROJECT.equals(runbook.project()) ? "" : "; project " + runbook.project())
                        .append(')');
            }
            return text.toString();
        }

        /** Who ran which runbook with which arguments, where, when, how it ended, and its job. */
        static String history(List<Deployment> runs) {
            if (runs.isEmpty()) {
                return "No runbook has run yet.";
            }
            StringBuilder text = new StringBuilder();
            for (Deployment d : runs) {
                text.append(text.length() == 0 ? "" : "\n").append('#').append(d.id()).append(' ')
                        .append(Runbook.nameOf(d.environment())).append(' ').append(d.ref()).append(": ")
                        .append(d.state().label()).append(" by ").append(d.requestedBy()).append(" in ")
                        .append(d.origin().channel()).append(" at ").append(d.createdAt());
                if (d.summary() != null && !d.summary().isBlank()) {
                    text.append(" (").append(d.summary()).append(')');
                }
                if (d.externalId() != null) {
                    text.append(" — job ").append(d.externalId());
                }
            }
            return text.toString();
        }
    }

    /** The text of status and history replies. */
    static final class StatusText {
        private StatusText() {
        }

        static String status(List<EnvironmentStatus> rows, List<String> builds, java.time.Instant now) {
            StringBuilder text = new StringBuilder();
            for (EnvironmentStatus row : rows) {
                text.append(text.length() == 0 ? "" : "\n");
                if (Runbook.isRunbookEnvironment(row.environment())) {
                    // Listed only while it runs or is locked; "in flight" below says which run.
                    text.append("runbook ").append(Runbook.nameOf(row.environment()))
                            .append(row.active().isPresent() ? "" : ": idle");
                } else {
                    text.append(row.project()).append(' ').append(row.environment()).append(": ")
                            .append(row.current().map(d -> d.ref() + " (#" + d.id() + " by " + d.requestedBy() + ")")
                                    .orElse("nothing deployed yet"));
                }
                boolean first = Runbook.isRunbookEnvironment(row.environment()) && row.active().isPresent();
                row.active().ifPresent(d -> text.append(first ? ": in flight: #" : "; in flight: #").append(d.id()).append(' ').append(d.ref())
                        .append(' ').append(d.state().label()).append(" by ").append(d.requestedBy())
                        .append(d.outcomeUnknown() ? ", outcome unknown: resolve or cancel it" : ""));
                row.lock().ifPresent(l -> text.append("; locked by ").append(l.holder())
                        .append(l.reason().isBlank() ? "" : " (" + l.reason() + ")"));
                row.freeze().ifPresent(f -> text.append("; frozen: ").append(Freezes.describe(f, now)));
                for (Deployment d : row.waiting()) {
                    text.append("\n  waiting: #").append(d.id()).append(' ').append(d.ref()).append(' ')
                            .append(d.state().label()).append(" by ").append(d.requestedBy())
                            .append(d.summary() == null || d.summary().isBlank() ? "" : " (" + d.summary() + ")");
                }
            }
            if (!builds.isEmpty()) {
                text.append("\nBuilds under review:");
                builds.forEach(line -> text.append("\n  ").append(line));
            }
            return text.length() == 0 ? "No projects configured." : text.toString();
        }

        /** The repository's deployments, their creators as chat users where they are linked. */
        static String remote(List<RemoteDeployment> deployments, Map<String, String> chatUsers) {
            if (deployments.isEmpty()) {
                return "The repository has no deployments yet.";
            }
            StringBuilder text = new StringBuilder();
            for (RemoteDeployment d : deployments) {
                // Who asked Slipway for it, rather than the identity Slipway created it as.
                String who = d.requestedBy() != null ? "<@" + d.requestedBy() + ">" : d.creator() == null ? "someone"
                        : chatUsers.containsKey(d.creator()) ? "<@" + chatUsers.get(d.creator()) + ">" : d.creator();
                text.append(text.length() == 0 ? "" : "\n").append(d.ref()).append(" → ").append(d.environment())
                        .append(": ").append(d.state()).append(" by ").append(who).append(" at ").append(d.createdAt());
                if (d.logUrl() != null) {
                    text.append(" — ").append(d.logUrl());
                }
                text.append(d.slipwayDeployment() == null ? " (GitHub " + d.id() + ")"
                        : " (Slipway #" + d.slipwayDeployment() + ", GitHub " + d.id() + ")");
            }
            return text.toString();
        }

        static String history(List<Deployment> deployments) {
            if (deployments.isEmpty()) {
                return "No deployments yet.";
            }
            StringBuilder text = new StringBuilder();
            for (Deployment d : deployments) {
                text.append(text.length() == 0 ? "" : "\n").append("#").append(d.id()).append(' ')
                        .append(DeploymentMessages.what(d)).append(": ").append(d.state().label()).append(" by ").append(d.requestedBy()).append(" at ").append(d.createdAt());
                if (d.summary() != null && !d.summary().isBlank()) {
                    text.append(" (").append(d.summary()).append(')');
                }
            }
            return text.toString();
        }
    }
}
