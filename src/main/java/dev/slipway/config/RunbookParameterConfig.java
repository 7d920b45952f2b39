package dev.slipway.config;

import java.util.List;

/**
 * A runbook parameter: {@code { name, required, pattern | values, default, secret }}.
 *
 * @param pattern      a regular expression a value must match as a whole, or null
 * @param values       the only values allowed, or empty
 * @param defaultValue written {@code default}: the value when a person gives none
 * @param secret       masked in chat, the audit trail and history
 */
public record RunbookParameterConfig(String name, Boolean required, String pattern, List<String> values,
                                     @YamlKey("default") String defaultValue, Boolean secret) {
}
