package dev.slipway.bench;

import java.nio.file.Path;

/**
 * The configuration a benchmarked Slipway gets: one project {@code bench} whose environments {@code env0..envN-1}
 * all deploy with one script command, its database, and the Slack section pointing at the local stand-in.
 */
final class SlipwayYaml {
    private SlipwayYaml() {
    }

    /** {@code database}: the YAML of the {@code database:} map; {@code jobs}: of the {@code jobs:} map. */
    static String of(String database, Path dataDir, int port, String apiUrl, int environments, String command,
                     String jobs) {
        StringBuilder yaml = new StringBuilder("""
                server: { host: 127.0.0.1, port: %d }
                database: %s
                dataDir: %s
                jobs: %s
                slack:
                  signingSecret: %s
                  botToken: %s
                  apiUrl: %s
                projects:
                  - id: bench
                    channel: C1
                    environments:
                """.formatted(port, database, dataDir, jobs, Bench.SECRET, Bench.BOT_TOKEN, apiUrl));
        String backend = ": { backend: { type: script, command: \"" + command + "\" } }\n";
        for (int i = 0; i < environments; i++) {
            yaml.append("      env").append(i).append(backend);
        }
        return yaml.toString();
    }

    static String sqlite(Path file) {
        return "{ url: \"jdbc:sqlite:" + file + "\" }";
    }

    static String postgres(String url) {
        return "{ url: \"" + url + "\", username: postgres }";
    }
}
