package dev.slipway.backend.azure;

import dev.slipway.backend.BackendException;
import dev.slipway.backend.BackendType;
import dev.slipway.backend.Cancellation;
import dev.slipway.backend.DeploymentTask;
import dev.slipway.backend.FollowedBackend;
import dev.slipway.backend.RunProgress;
import dev.slipway.backend.RunResult;
import dev.slipway.backend.RunResult.Outcome;
import dev.slipway.backend.StartLookup;
import dev.slipway.backend.StartedRun;
import dev.slipway.backend.TransientBackendException;
import dev.slipway.domain.RefKind;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys by starting a job of an Azure Automation runbook and follows the job to its end. The job's name is the
 * task's start key, which Slipway commits before it starts: a start in doubt is found by reading the job of that
 * name, and starting again for the same key returns the job that exists instead of creating another. The handle is
 * the job's name; a run's link is the job in the Azure portal, and it starts when Azure created the job.
 *
 * <p>{@link #follow} reads the job at once, then every poll interval, less often (up to six intervals) while its
 * status stays the same. It tells each new status that is not an end; a job that is {@code Suspended},
 * {@code Blocked} or {@code Disconnected} waits for a person, who may resume it in Azure or cancel it in Slipway.
 * {@code Completed} succeeds, {@code Failed} fails with the job's exception, {@code Stopped} is cancelled. A job that
 * runs longer than its timeout (counted from the run's start, so across restarts) is stopped and fails.
 */
public final class AzureBackend implements FollowedBackend {
    /** How long one request to Azure may take. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** How many of the last lines of output (and of error streams) a result keeps. */
    static final int TAIL_LINES = 20;
    /** How long a job Slipway stopped for its timeout has to show it stopped before its run fails anyway. */
    static final Duration STOP_GRACE = Duration.ofMinutes(2);
    /** How long reading a job may keep failing transiently before follow gives up (and its job retries it). */
    static final Duration TRANSIENT_PATIENCE = Duration.ofMinutes(10);
    private static final int MAX_BACKOFF = 6;
    private static final Set<String> NEEDS_A_PERSON = Set.of("Suspended", "Blocked", "Disconnected");
    private static final Logger LOG = LoggerFactory.getLogger(AzureBackend.class);

    private final AzureClient client;
    private final AzureSettings settings;
    private final Clock clock;
    private final Duration timeout;

    /** A backend with a client (and token) of its own. */
    public AzureBackend(AzureAccount account, AzureSettings settings, HttpClient http, Clock clock) {
        this(new AzureClient(http, account, clock, REQUEST_TIMEOUT), settings, clock);
    }

    AzureBackend(AzureClient client, AzureSettings settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.timeout = settings.timeout() != null ? settings.timeout() : client.account().timeout();
    }

    /**
     * The {@code azure} type: each backend uses the account its settings name (or the only one), and the backends of
     * one account share its client, so they share its token.
     */
    public static BackendType<AzureSettings> type(HttpClient http, Map<String, AzureAccount> accounts, Clock clock) {
        Map<String, AzureAccount> known = Map.copyOf(accounts);
        Map<String, AzureClient> clients = new ConcurrentHashMap<>();
        return new BackendType<>("azure", AzureSettings.class, RefKind.GIT, settings -> {
            String name = accountName(settings, known);
            AzureClient client = clients.computeIfAbsent(name,
                    n -> new AzureClient(http, known.get(n), clock, REQUEST_TIMEOUT));
            return new AzureBackend(client, settings, clock);
        }, settings -> Optional.empty());
    }

    private static String accountName(AzureSettings settings, Map<String, AzureAccount> accounts) {
        if (settings.account() == null) {
            if (accounts.size() == 1) {
                return accounts.keySet().iterator().next();
            }
            throw new IllegalArgumentException(accounts.isEmpty()
                    ? "an azure backend needs an Azure account, and none is configured"
                    : "an azure backend must name its account (account:), one of " + new java.util.TreeSet<>(
                    accounts.keySet()));
        }
        if (!accounts.containsKey(settings.account())) {
            throw new IllegalArgumentException("no Azure account is named " + settings.account()
                    + (accounts.isEmpty() ? "; none is configured" : "; known: "
                    + new java.util.TreeSet<>(accounts.keySet())));
        }
        return settings.account();
    }

    /**
     * Starts job {@code startAttempt.key} of the runbook, unless a job of that name exists already: then that is the
     * run. Parameters are the settings' filled with the task's placeholders, then the task's arguments.
     */
    @Override
    public StartedRun start(DeploymentTask task) throws BackendException {
        String name = jobName(task);
        Map<String, String> parameters = new LinkedHashMap<>();
        settings.parameters().forEach((key, value) -> parameters.put(key, task.fill(value)));
        parameters.putAll(task.arguments());
        try {
            Optional<AzureClient.Job> existing = client.getJob(name);
            if (existing.isPresent()) {
                return run(existing.get(), name);
            }
            AzureClient.Job job = client.createJob(name, settings.runbook(), parameters, settings.runOn());
            LOG.info("Deployment {} started Azure job {} of runbook {} in automation account {}",
                    task.deploymentId(), name, settings.runbook(), client.account().automationAccount());
            return run(job, name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientBackendException("interrupted while starting Azure job " + name + "; will check"
                    + " before retrying", e);
        }
    }

    @Override
    public StartLookup findStart(DeploymentTask task) throws BackendException {
        String name = jobName(task);
        try {
            Optional<AzureClient.Job> job = client.getJob(name);
            return job.<StartLookup>map(found -> new StartLookup.Started(run(found, name)))
                    .orElseGet(StartLookup.NotStarted::new);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientBackendException("interrupted while looking for Azure job " + name + "; will retry", e);
        }
    }

    @Override
    public Cancellation cancel(DeploymentTask task, StartedRun run) throws BackendException {
        String name = run.handle();
        try {
            AzureClient.StopAnswer answer = client.stopJob(name);
            if (answer == AzureClient.StopAnswer.NOT_FOUND) {
                return new Cancellation.CannotStop("Azure has no job " + name + " in automation account "
                        + client.account().automationAccount() + " to stop: look at " + run.url());
            }
            if (answer == AzureClient.StopAnswer.REFUSED) {
                // Azure refuses to stop a job that has ended, which is what was asked.
                Optional<AzureClient.Job> job = client.getJob(name);
                if (job.isPresent() && !ended(job.get().status())) {
                    throw new TransientBackendException("Azure refused to stop job " + name + " while it is "
                            + job.get().status() + "; will retry");
                }
            }
            return new Cancellation.Stopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientBackendException("interrupted while stopping Azure job " + name + "; will retry", e);
        }
    }

    @Override
    public RunResult follow(DeploymentTask task, StartedRun run) throws BackendException, InterruptedException {
        return follow(task, run, RunProgress.NONE);
    }

    @Override
    public RunResult follow(DeploymentTask task, StartedRun run, RunProgress progress)
            throws BackendException, InterruptedException {
        String name = run.handle();
        String link = client.portalLink(name);
        Instant deadline = run.startedAt().plus(timeout);
        Duration interval = client.account().pollInterval();
        Duration longest = interval.multipliedBy(MAX_BACKOFF);
        Duration wait = interval;
        String last = null;
        Instant stopAsked = null;
        Instant failingSince = null;
        while (true) {
            Optional<AzureClient.Job> read;
            try {
                read = client.getJob(name);
                failingSince = null;
            } catch (TransientBackendException e) {
                Instant now = clock.instant();
                if (failingSince == null) {
                    failingSince = now;
                } else if (now.isAfter(failingSince.plus(TRANSIENT_PATIENCE))) {
                    throw e;
                }
                LOG.warn("Could not read Azure job {}: {}", name, e.getMessage());
                Thread.sleep(wait.toMillis());
                wait = longer(wait, longest);
                continue;
            }
            if (read.isEmpty()) {
                return new RunResult(Outcome.FAILED, "the Azure job " + name + " no longer exists", List.of(), "");
            }
            AzureClient.Job job = read.get();
            String status = job.status();
            Instant now = clock.instant();
            boolean timedOut = now.isAfter(deadline);
            if (ended(status)) {
                return result(job, timedOut);
            }
            if (!status.equals(last)) {
                progress.update(progressText(status, link));
                last = status;
                wait = interval;
            } else {
                wait = longer(wait, longest);
            }
            if (timedOut) {
                if (stopAsked == null) {
                    if (stop(name)) {
                        stopAsked = now;
                    }
                } else if (now.isAfter(stopAsked.plus(STOP_GRACE))) {
                    return new RunResult(Outcome.FAILED, timedOutSummary() + " (it was still " + status
                            + " " + readable(STOP_GRACE) + " later)", tail(name), "");
                }
                wait = interval;
            }
            Thread.sleep(wait.toMillis());
        }
    }

    /** Asks Azure to stop the job that ran out of time; false when the request should be made again. */
    private boolean stop(String name) throws BackendException, InterruptedException {
        try {
            client.stopJob(name);
            LOG.info("Stopped Azure job {}: it ran longer than {}", name, readable(timeout));
            return true;
        } catch (TransientBackendException e) {
            LOG.warn("Could not stop Azure job {} that ran out of time: {}", name, e.getMessage());
            return false;
        }
    }

    private RunResult result(AzureClient.Job job, boolean timedOut) throws InterruptedException {
        String name = job.name();
        String output = output(name);
        List<String> outputTail = lastLines(List.of(output.split("\\R")));
        return switch (job.status()) {
            case "Completed" -> new RunResult(Outcome.SUCCEEDED, "Azure job Completed", outputTail, output);
            case "Failed" -> {
                List<String> tail = new ArrayList<>(lastLines(errorSummaries(name)));
                tail.addAll(outputTail);
                String exception = firstLine(job.exception());
                yield new RunResult(Outcome.FAILED, "Azure job Failed" + (exception.isEmpty() ? "" : ": " + exception),
                        tail, output);
            }
            default -> timedOut ? new RunResult(Outcome.FAILED, timedOutSummary(), outputTail, output)
                    : new RunResult(Outcome.CANCELLED, "Azure job Stopped", outputTail, output);
        };
    }

    private String timedOutSummary() {
        return "timed out after " + readable(timeout) + ": Slipway stopped the Azure job";
    }

    /** The output's last lines; none when it cannot be read, which does not change how the run ended. */
    private List<String> tail(String name) throws InterruptedException {
        return lastLines(List.of(output(name).split("\\R")));
    }

    private String output(String name) throws InterruptedException {
        try {
            return client.output(name);
        } catch (BackendException e) {
            LOG.warn("Could not read the output of Azure job {}: {}", name, e.getMessage());
            return "";
        }
    }

    private List<String> errorSummaries(String name) throws InterruptedException {
        try {
            List<String> lines = new ArrayList<>();
            for (String summary : client.errorSummaries(name)) {
                lines.addAll(List.of(summary.split("\\R")));
            }
            return lines;
        } catch (BackendException e) {
            LOG.warn("Could not read the error streams of Azure job {}: {}", name, e.getMessage());
            return List.of();
        }
    }

    private static List<String> lastLines(List<String> lines) {
        List<String> kept = lines.stream().filter(line -> !line.isBlank()).toList();
        return kept.size() <= TAIL_LINES ? kept : kept.subList(kept.size() - TAIL_LINES, kept.size());
    }

    private static String progressText(String status, String link) {
        if (status.equals("Suspended")) {
            return "Azure job Suspended: a person must look at it: " + link;
        }
        if (NEEDS_A_PERSON.contains(status)) {
            return "Azure job " + status + ": a person should look at it: " + link;
        }
        return "Azure job " + status;
    }

    private static boolean ended(String status) {
        return status.equals("Completed") || status.equals("Failed") || status.equals("Stopped");
    }

    private static Duration longer(Duration wait, Duration longest) {
        Duration next = Duration.ofMillis(wait.toMillis() * 3 / 2);
        return next.compareTo(longest) > 0 ? longest : next;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String stripped = text.strip();
        int end = stripped.indexOf('\n');
        return (end < 0 ? stripped : stripped.substring(0, end)).strip();
    }

    private StartedRun run(AzureClient.Job job, String name) {
        Instant created = job.creationTime() != null ? job.creationTime() : clock.instant();
        return new StartedRun(name, client.portalLink(name), created);
    }

    private static String jobName(DeploymentTask task) {
        if (task.startAttempt() == null) {
            throw new IllegalStateException("deployment " + task.deploymentId() + " has no start attempt: an Azure"
                    + " job is named by the start Slipway commits before it starts one");
        }
        return task.startAttempt().key();
    }

    /** A duration as a person reads it: "1h", "10m", "90s", "1500ms". */
    static String readable(Duration duration) {
        if (duration.toMillisPart() != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
