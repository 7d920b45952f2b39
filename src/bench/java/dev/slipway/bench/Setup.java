package dev.slipway.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What every run of a benchmark shares: its windows, its load, where Slipway's jar is, where results and logs go,
 * and the Slack stand-in every server reports to.
 *
 * @param keep keep each run's temporary directory (databases, script output) instead of deleting it
 */
record Setup(Duration warmup, Duration measure, int connections, int clientThreads, int environments, Path jar,
             Path out, AlwaysOkSlack slack, boolean keep) {

    /** {@code java <flags> -jar slipway.jar serve --config <config>}. */
    List<String> slipway(List<String> flags, Path config) {
        List<String> command = new java.util.ArrayList<>(List.of(Bench.javaBinary()));
        command.addAll(flags);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString()));
        return command;
    }
}
