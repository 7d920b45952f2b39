package dev.slipway.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An allow-listed runbook people may run from chat, with the parameters it takes and who may run it. A run is a
 * deployment of the runbook's project to the environment {@code runbook:<name>} (see {@link #environment()}), so it
 * is queued, locked, audited, reported and cancelled like any other; its ref is the arguments as shown
 * ({@link #shown(Map)}), secret ones masked.
 *
 * @param account the cloud account it runs in (one of several configured), or null for the only one
 * @param runOn   the Hybrid Runbook Worker group it runs on, or null for Azure's own sandboxes
 * @param project the project whose owners, QA and channel it shares; {@link #NO_PROJECT} when it has none
 * @param policy  who may run it (deployers) and what approvals it needs
 */
public record Runbook(String name, String description, String account, List<RunbookParameter> parameters,
                      String runOn, String project, Policy policy) {
    /** How the environment of a runbook's runs is named; no configured environment name has a colon. */
    public static final String ENVIRONMENT_PREFIX = "runbook:";
    /** The project that runbooks without one belong to; no configured project id is spelled so. */
    public static final String NO_PROJECT = "(runbooks)";

    public Runbook {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        parameters = List.copyOf(parameters);
        project = project == null ? NO_PROJECT : project;
        Objects.requireNonNull(policy, "policy");
    }

    /** The environment its runs are deployments to: {@code runbook:<name>}. */
    public String environment() {
        return ENVIRONMENT_PREFIX + name;
    }

    /** Whether {@code environment} is a runbook's. */
    public static boolean isRunbookEnvironment(String environment) {
        return environment != null && environment.startsWith(ENVIRONMENT_PREFIX);
    }

    /** The name of the runbook whose environment is {@code environment}. */
    public static String nameOf(String environment) {
        return environment.substring(ENVIRONMENT_PREFIX.length());
    }

    /** {@code runbook restart-web <environment: staging|production> [reason]}. */
    public String usage() {
        StringBuilder text = new StringBuilder("runbook ").append(name);
        parameters.forEach(p -> text.append(' ').append(p.usage()));
        return text.toString();
    }

    /**
     * The arguments of {@code words}, by parameter name, with defaults filled in: positional in the order of the
     * parameters, or {@code name=value}; positional ones come first.
     *
     * @throws RefusedException naming what is wrong, with the usage: ARGUMENT_NOT_ALLOWED for a value its parameter
     *     does not allow, BAD_ARGUMENTS for the rest
     */
    public Map<String, String> arguments(List<String> words) {
        Map<String, String> given = new LinkedHashMap<>();
        int position = 0;
        boolean named = false;
        for (String word : words) {
            int equals = word.indexOf('=');
            Optional<RunbookParameter> byName = equals > 0 ? parameter(word.substring(0, equals)) : Optional.empty();
            if (equals > 0 && byName.isEmpty() && looksNamed(word.substring(0, equals))) {
                throw refused("it has no parameter `" + Excerpt.of(word.substring(0, equals)) + "`");
            }
            if (byName.isPresent()) {
                named = true;
                if (given.putIfAbsent(byName.get().name(), word.substring(equals + 1)) != null) {
                    throw refused("`" + byName.get().name() + "` is given twice");
                }
            } else {
                if (named) {
                    throw refused("give positional values before name=value ones");
                }
                if (position >= parameters.size()) {
                    throw refused("it takes at most " + parameters.size() + " value" + (parameters.size() == 1 ? "" : "s"));
                }
                given.put(parameters.get(position++).name(), word);
            }
        }
        Map<String, String> arguments = new LinkedHashMap<>();
        for (RunbookParameter parameter : parameters) {
            String value = given.containsKey(parameter.name()) ? given.get(parameter.name()) : parameter.defaultValue();
            if (value == null) {
                if (parameter.required()) {
                    throw refused("`" + parameter.name() + "` is required");
                }
                continue;
            }
            // A value that is too long or spans lines is not quoted back; a secret one is masked.
            boolean quotable = value.length() <= RunbookParameter.MAX_VALUE_LENGTH
                    && value.codePoints().noneMatch(Character::isISOControl);
            String got = !quotable ? "" : " (got `" + (parameter.secret() ? RunbookParameter.MASK : Excerpt.of(value)) + "`)";
            parameter.problem(value).ifPresent(problem -> {
                throw refused(ErrorCode.ARGUMENT_NOT_ALLOWED, "`" + parameter.name() + "` " + problem + got);
            });
            arguments.put(parameter.name(), value);
        }
        return arguments;
    }

    /** The arguments as chat, the audit trail and history show them: {@code environment=staging token=***}. */
    public String shown(Map<String, String> arguments) {
        List<String> parts = new ArrayList<>();
        for (RunbookParameter parameter : parameters) {
            if (arguments.containsKey(parameter.name())) {
                parts.add(parameter.name() + "=" + parameter.shown(arguments.get(parameter.name())));
            }
        }
        return parts.isEmpty() ? "(no arguments)" : String.join(" ", parts);
    }

    public Optional<RunbookParameter> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }

    /** {@code word=…} whose word could be a parameter's name, rather than a value that holds an equals sign. */
    private static boolean looksNamed(String word) {
        return word.matches("[A-Za-z_][A-Za-z0-9_-]*");
    }

    private RefusedException refused(String why) {
        return refused(ErrorCode.BAD_ARGUMENTS, why);
    }

    private RefusedException refused(ErrorCode code, String why) {
        return new RefusedException(code, "Runbook " + name + ": " + why + ".\nUsage: " + usage());
    }
}
