package dev.slipway.backend;

import dev.slipway.domain.ErrorCode;
import dev.slipway.domain.RefusedException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a provider hook left with Slipway, for hook tests: each call as one line ({@code report <type> <run>
 * <OUTCOME> <source> <key>}, {@code announce <type> <run> <deployment> <start key> <key>}, {@code foreign <type>
 * <repository> <environment> <ref> <run> <creator> <key>}, {@code deployment <type> <project> <environment> <id>
 * <OUTCOME> <description> <url> <source>}), and the delivery keys in order.
 */
public final class RecordingReports implements RunReports {
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<String> keys = new CopyOnWriteArrayList<>();

    @Override
    public Answer report(String backendType, String runId, Outcome outcome, String source, String deliveryKey) {
        calls.add(String.join(" ", "report", backendType, runId, outcome.name(), source, String.valueOf(deliveryKey)));
        keys.add(deliveryKey);
        return new Answer(1, outcome.name().toLowerCase(Locale.ROOT), true);
    }

    @Override
    public Answer announce(String backendType, String runId, long deploymentId, String startKey, String deliveryKey) {
        calls.add(String.join(" ", "announce", backendType, runId, Long.toString(deploymentId),
                String.valueOf(startKey), String.valueOf(deliveryKey)));
        keys.add(deliveryKey);
        return new Answer(deploymentId, "running", true);
    }

    @Override
    public Answer announceForeign(String backendType, String repository, String environment, String ref, String runId,
                                  String creator, String url, String deliveryKey) {
        calls.add(String.join(" ", "foreign", backendType, repository, environment, ref, runId,
                String.valueOf(creator), String.valueOf(deliveryKey)));
        keys.add(deliveryKey);
        return new Answer(1, "running", true);
    }

    @Override
    public Answer reportDeployment(String backendType, String project, String environment, long deploymentId,
                                   Outcome outcome, String description, String url, String source) {
        calls.add(String.join(" ", "deployment", backendType, project, environment, Long.toString(deploymentId),
                outcome.name(), String.valueOf(description), String.valueOf(url), source));
        return new Answer(deploymentId, outcome.name().toLowerCase(Locale.ROOT), true);
    }

    /** Reports that refuse every call with {@code code}, as HookService refuses a run or repository it does not know. */
    public static RunReports refusing(ErrorCode code) {
        return new RunReports() {
            @Override
            public Answer report(String backendType, String runId, Outcome outcome, String source, String deliveryKey) {
                throw new RefusedException(code, "no deployment ran " + runId);
            }

            @Override
            public Answer announce(String backendType, String runId, long deploymentId, String startKey,
                                   String deliveryKey) {
                throw new RefusedException(code, "no deployment started " + runId);
            }

            @Override
            public Answer announceForeign(String backendType, String repository, String environment, String ref,
                                          String runId, String creator, String url, String deliveryKey) {
                throw new RefusedException(code, "no project deploys from " + repository);
            }

            @Override
            public Answer reportDeployment(String backendType, String project, String environment, long deploymentId,
                                           Outcome outcome, String description, String url, String source) {
                throw new RefusedException(code, "no deployment #" + deploymentId);
            }
        };
    }
}
