package dev.slipway.cli;

import dev.slipway.config.SlackConfig;
import dev.slipway.config.SlipwayConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code slipway check-config}: reports every error in the configuration without starting anything. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Check the configuration file and list every error in it; starts nothing.")
final class CheckConfigCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Optional<SlipwayConfig> loaded = config.load(spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return 1;
        }
        int environments = loaded.get().projects().stream().mapToInt(p -> p.environments().size()).sum();
        int runbooks = loaded.get().runbooks().size();
        spec.commandLine().getOut().printf("%s is valid: %d project(s), %d environment(s)%s.%n", config.file,
                loaded.get().projects().size(), environments, runbooks == 0 ? "" : ", " + runbooks + " runbook(s)");
        spec.commandLine().getOut().println(slackMode(loaded.get()));
        return 0;
    }

    /** Which way Slack is connected, and what the other way would need. */
    static String slackMode(SlipwayConfig config) {
        SlackConfig slack = config.slack();
        String publicUrl = config.server().publicUrl();
        if (slack == null) {
            return "Slack: not configured (console and hooks only); add a slack: section to connect it.";
        }
        if (slack.distributed()) {
            return "Slack: a distributable app; workspaces install it at " + publicUrl + "/slack/install, each served"
                    + " with its own token. For one workspace only, set slack.botToken instead of clientId and clientSecret.";
        }
        String other = slack.clientId() != null
                ? "slack.clientId is not used while slack.botToken is set; remove botToken to let workspaces install it"
                : "to let other workspaces install it through OAuth, remove slack.botToken and set slack.clientId,"
                + " slack.clientSecret" + (publicUrl == null ? " and server.publicUrl" : "");
        return "Slack: one workspace, with its bot token" + (Boolean.TRUE.equals(slack.socketMode())
                ? " over Socket Mode" : "") + "; " + other + ".";
    }
}
