package dev.slipway.backend;

import dev.slipway.domain.PreviewSlot;
import dev.slipway.domain.StartAttempt;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a backend is asked to deploy, with the values of the per-deployment placeholders
 * ({@code {{project}}}, {@code {{environment}}}, {@code {{ref}}}, {@code {{deployment}}}, {@code {{user}}},
 * {@code {{channel}}}, {@code {{thread}}}).
 *
 * @param projectUrl the project's public URL (its host is where production is served), or null
 * @param preview    for a build's preview deployment, its slot in the preview environment; null otherwise
 * @param startAttempt the start Slipway committed to before asking the backend, or null; a provider that keeps
 *                   its key with the run (a pipeline variable) lets {@link Backend#findStart} find the run
 */
public record DeploymentTask(long deploymentId, String project, String environment, String ref, String user,
                             String channel, String thread, String projectUrl, PreviewSlot preview, StartAttempt startAttempt) {

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
                attempt);
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");

    public Map<String, String> placeholders() {
        return Map.of(
                "project", project,
                "environment", environment,
                "ref", ref,
                "deployment", Long.toString(deploymentId),
                "user", user,
                "channel", channel == null ? "" : channel,
                "thread", thread == null ? "" : thread);
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
