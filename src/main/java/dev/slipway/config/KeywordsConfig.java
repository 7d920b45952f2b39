package dev.slipway.config;

import java.util.List;

/** {@code slack.keywords:} — words in a mention that mean "release" or a thank-you. */
public record KeywordsConfig(List<String> release, List<String> thanks) {
}
