package dev.slipway.backend;

import dev.slipway.domain.PreviewSlot;
import dev.slipway.domain.StartAttempt;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a backend is asked to deploy, with the values of the per-deployment placeholders
 * ({@code {{project}}}, {@code {{environment}}}, {@code {{ref}}}, {@code {{deployment}}}, {@code {{user}}},
 * {@code {{channel}}}, {@code {{thread}}}, {@code {{providerDeployment}}}).
 *
 * @param projectUrl the project's public URL (its host is where production is served), or null
 * @param preview    for a build's preview deployment, its slot in the preview environment; null otherwise
 * @param startAttempt the start Slipway committed to before asking the backend, or null; a provider that keeps
 *                   its key with the run (a pipeline variable) lets {@link Backend#findStart} find the run
 * @param providerDeployment for a run that carries on another provider's deployment (a CI pipeline for a GitHub
 *                   Deployment), that deployment's id, the {@code {{providerDeployment}}} placeholder; else null
 * @param arguments  the arguments a person gave a runbook run ({@code runbook restart-web environment=staging}),
 *                   by parameter name, already checked against the runbook's parameters; empty for a deployment
 */
public record DeploymentTask(long deploymentId, String project, String environment, String ref, String user,
                             String channel, String thread, String projectUrl, PreviewSlot preview, StartAttempt startAttempt,
                             String providerDeployment, Map<String, String> arguments) {

    public DeploymentTask {
        arguments = arguments == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(arguments));
    }

    /** Like the generated one, but naming the arguments without their values, which may be secret. */
    @Override
    public String toString() {
        return "DeploymentTask[deploymentId=" + deploymentId + ", project=" + project + ", environment=" + environment
                + ", ref=" + ref + ", user=" + user + ", channel=" + channel + ", thread=" + thread + ", projectUrl="
                + projectUrl + ", preview=" + preview + ", startAttempt=" + startAttempt + ", providerDeployment="
                + providerDeployment + ", arguments=" + arguments.keySet() + "]";
    }

    /** A task without runbook arguments. */
    public DeploymentTask(long deploymentId, String project, String environment, String ref, String user,
                          String channel, String thread, String projectUrl, PreviewSlot preview, StartAttempt startAttempt,
                          String providerDeployment) {
        this(deploymentId, project, environment, ref, user, channel, thread, projectUrl, preview, startAttempt,
                providerDeployment, Map.of());
    }

    /** A task that carries on no other provider's deployment. */
    public DeploymentTask(long deploymentId, String project, String environment, String ref, String user,
                          String channel, String thread, String projectUrl, PreviewSlot preview, StartAttempt startAttempt) {
        this(deploymentId, project, environment, ref, user, channel, thread, projectUrl, preview, startAttempt, null);
    }

    /** A task without a start key. */
    public DeploymentTask(long deploymentId, String project, String environment, String ref, String user,
                          String channel, String thread, String projectUrl, PreviewSlot preview) {
        this(deploymentId, project, environment, ref, user, channel, thread, projectUrl, preview, null);
    }

    /** A task outside any build review, for a project without a URL. */
    public DeploymentTask(long deploymentId, String project, String environment, String ref, String user,
                          String channel, String thread) {
        this(deploymentId, project, environment, ref, user, channel, thread, null, null, null);
    }

    /** This task for the start committed as {@code attempt}. */
    public DeploymentTask withStartAttempt(StartAttempt attempt) {
        return new DeploymentTask(deploymentId, project, environment, ref, user, channel, thread, projectUrl, preview,
                attempt, providerDeployment, arguments);
    }

    /** This task as the step that carries on the provider's deployment {@code id}. */
    public DeploymentTask withProviderDeployment(String id) {
        return new DeploymentTask(deploymentId, project, environment, ref, user, channel, thread, projectUrl, preview,
                startAttempt, id, arguments);
    }

    /** This task with a runbook run's {@code arguments}. */
    public DeploymentTask withArguments(Map<String, String> values) {
        return new DeploymentTask(deploymentId, project, environment, ref, user, channel, thread, projectUrl, preview,
                startAttempt, providerDeployment, values);
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
    /** Every placeholder a template may use. */
    public static final java.util.Set<String> PLACEHOLDERS = java.util.Set.of("project", "environment", "ref",
            "deployment", "user", "channel", "thread", "providerDeployment");

    /**
     * A backend's named templates ({@code parameters}, {@code variables}) as its settings take them: each named, each
     * with a value, and using only known placeholders, since an unknown one would reach the provider as it is
     * written. In file order; empty for none.
     *
     * @param key the settings key they are under, for the message
     * @throws IllegalArgumentException naming the first that is not
     */
    public static Map<String, String> checkedTemplates(String key, Map<String, String> templates) {
        if (templates == null) {
            return Map.of();
        }
        Map<String, String> copy = new java.util.LinkedHashMap<>();
        templates.forEach((name, value) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(key + " must have names");
            }
            if (value == null) {
                throw new IllegalArgumentException(key + "." + name + " needs a value");
            }
            Matcher matcher = PLACEHOLDER.matcher(value);
            while (matcher.find()) {
                if (!PLACEHOLDERS.contains(matcher.group(1))) {
                    throw new IllegalArgumentException(key + "." + name + " uses an unknown placeholder {{"
                            + matcher.group(1) + "}}");
                }
            }
            copy.put(name, value);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** The placeholders' values; {@code providerDeployment} only for a task that carries one on. */
    public Map<String, String> placeholders() {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("project", project);
        values.put("environment", environment);
        values.put("ref", ref);
        values.put("deployment", Long.toString(deploymentId));
        values.put("user", user);
        values.put("channel", channel == null ? "" : channel);
        values.put("thread", thread == null ? "" : thread);
        if (providerDeployment != null) {
            values.put("providerDeployment", providerDeployment);
        }
        return java.util.Collections.unmodifiableMap(values);
    }

    /** {@code template} with every known placeholder replaced; unknown ones are left as they are. */
    public String fill(String template) {
        if (template == null) {
            return null;
        }
        Map<String, String> values = placeholders();
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : matcher.group()));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
