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
 * <li>{@code before}: the same with another build of Slipway ({@code --before-jar}), to measure a change beside the
 *     code before it in one run.</li>
 * </ul>
 */
final class Servers {
    static final List<String> ALL = List.of("baseline", "bolt", "before", "slipway");
    static final Path BOLT_JAR = Path.of("bench", "bolt-peer", "target", "bolt-peer.jar").toAbsolutePath();

    private final Path jar;
    private final Path beforeJar;
    private final Path out;
    private final AlwaysOkSlack slack;

    /** {@code beforeJar}: the build the {@code before} server runs; null when there is none. */
    Servers(Path jar, Path beforeJar, Path out, AlwaysOkSlack slack) {
        this.jar = jar;
        this.beforeJar = beforeJar;
        this.out = out;
        this.slack = slack;
    }

    /** Slipway, of this build or of the one before. */
    static boolean isSlipway(String server) {
        return server.equals("slipway") || server.equals("before");
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
            case "slipway", "before" -> {
                Path build = server.equals("slipway") ? jar : beforeJar;
                if (build == null) {
                    throw new IllegalStateException("the before server needs --before-jar");
                }
                if (flagSet.equals("shipped")) {
                    trainArchive(build);
                    return launcher(build, config);
                }
                command.addAll(List.of("-jar", build.toString(), "serve", "--config", config.toString()));
            }
            default -> throw new IllegalArgumentException("unknown server " + server + " (" + ALL + ")");
        }
        return command;
    }

    /**
     * A start of bin/slipway that is not measured, on a throwaway SQLite database: it writes the archive if it is
     * missing or older than the jar, and otherwise maps it, so that the measured start finds it in place.
     */
    private void trainArchive(Path build) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("slipway-bench-training-");
        try {
            int port = Bench.freePort();
            Path config = dir.resolve("slipway.yaml");
            Files.writeString(config, SlipwayYaml.of(SlipwayYaml.sqlite(dir.resolve("slipway.db")), dir.resolve("data"),
                    port, slack.apiUrl(), 2, "true", "{ workers: 4 }"));
            ServerProcess.start(launcher(build, config), out.resolve("slipway-training.log"), port).close();
        } finally {
            Bench.deleteTree(dir);
        }
    }

    /** bin/slipway serving {@code config} with {@code build} (env execs the launcher, which execs java: one pid). */
    private static List<String> launcher(Path build, Path config) {
        return List.of("env", "SLIPWAY_JAR=" + build, Path.of("bin", "slipway").toAbsolutePath().toString(), "serve",
                "--config", config.toString());
    }
}
