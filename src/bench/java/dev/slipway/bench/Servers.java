package dev.slipway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How each server of the comparison is launched, each in a JVM of its own with the same flag set:
 * <ul>
 * <li>{@code baseline}: {@link BaselineServer}, Javalin checking the signature and nothing else;</li>
 * <li>{@code bolt}: the Bolt for Java peer ({@code bench/bolt-peer}, a jar of its own: its Jetty 11 must not meet
 *     Slipway's Jetty 12 on one classpath);</li>
 * <li>{@code slipway}: {@code java <flags> -jar target/slipway.jar serve}, or for {@code shipped} through
 *     bin/slipway with its class-data-sharing archive, after a start that is not measured (it writes or refreshes the
 *     archive, as a first start after an upgrade would). The peers get no archive.</li>
 * </ul>
 */
final class Servers {
    static final List<String> ALL = List.of("baseline", "bolt", "slipway");
    static final Path BOLT_JAR = Path.of("bench", "bolt-peer", "target", "bolt-peer.jar").toAbsolutePath();

    private final Path jar;
    private final Path out;
    private final AlwaysOkSlack slack;

    Servers(Path jar, Path out, AlwaysOkSlack slack) {
        this.jar = jar;
        this.out = out;
        this.slack = slack;
    }

    /** The Slack stand-in's API url, for Slipway's configuration. */
    String slackUrl() {
        return slack.apiUrl();
    }

    /** The command line of {@code server} on {@code port}; {@code config}: Slipway's, unused by the peers. */
    List<String> command(String server, String flagSet, List<String> flags, int port, Path config)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Bench.javaBinary()));
        command.addAll(flags);
        switch (server) {
            case "baseline" -> command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                    BaselineServer.class.getName(), Integer.toString(port), Bench.SECRET));
            case "bolt" -> {
                if (!Files.isRegularFile(BOLT_JAR)) {
                    throw new IllegalStateException(BOLT_JAR + " is missing: build it with ./mvnw -f bench/bolt-peer/pom.xml -q package");
                }
                command.addAll(List.of("-jar", BOLT_JAR.toString(), Integer.toString(port), Bench.SECRET,
                        Bench.BOT_TOKEN, slack.apiUrl()));
            }
            case "slipway" -> {
                if (flagSet.equals("shipped")) {
                    trainArchive();
                    return List.of(Path.of("bin", "slipway").toAbsolutePath().toString(), "serve", "--config",
                            config.toString());
                }
                command.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString()));
            }
            default -> throw new IllegalArgumentException("unknown server " + server + " (baseline, bolt, slipway)");
        }
        return command;
    }

    /**
     * A start of bin/slipway that is not measured, on a throwaway SQLite database: it writes the archive if it is
     * missing or older than the jar, and otherwise maps it, so that the measured start finds it in place.
     */
    private void trainArchive() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("slipway-bench-training-");
        try {
            int port = Bench.freePort();
            Path config = dir.resolve("slipway.yaml");
            Files.writeString(config, SlipwayYaml.of(SlipwayYaml.sqlite(dir.resolve("slipway.db")), dir.resolve("data"),
                    port, slack.apiUrl(), 2, "true", "{ workers: 4 }"));
            List<String> command = List.of(Path.of("bin", "slipway").toAbsolutePath().toString(), "serve", "--config",
                    config.toString());
            ServerProcess.start(command, out.resolve("slipway-training.log"), port).close();
        } finally {
            Bench.deleteTree(dir);
        }
    }
}
