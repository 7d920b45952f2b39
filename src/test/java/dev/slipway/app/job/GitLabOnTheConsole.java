package dev.slipway.app.job;

import dev.slipway.testing.FakeGitLab;

/** A console Slipway whose project {@code web} ships {@code staging} through a GitLab pipeline trigger. */
final class GitLabOnTheConsole {
    static final String TRIGGER_TOKEN = "glptt-FakeTriggerToken00000000001";
    static final String API_TOKEN = "glpat-FakeApiToken000000000001";

    private GitLabOnTheConsole() {
    }

    /** A fake GitLab that takes both tokens. */
    static FakeGitLab gitlab() {
        return new FakeGitLab(TRIGGER_TOKEN, API_TOKEN);
    }

    /**
     * The configuration, with {@code apiToken} when not null and the trigger call's {@code triggerTimeout} (its
     * default when null).
     */
    static String yaml(FakeGitLab gitlab, String apiToken, String triggerTimeout) {
        return """
                database:
                  url: "jdbc:sqlite:${DIR}/slipway.db"
                dataDir: ${DIR}/data
                jobs:
                  workers: 2
                  initialBackoff: 100ms
                  maxBackoff: 500ms
                  lease: 3s
                  pollInterval: 50ms
                projects:
                  - id: web
                    owners: [alice]
                    environments:
                      staging:
                        defaultRef: main
                        backend:
                          type: gitlab
                          url: %s
                          projectId: "4242"
                          triggerToken: %s
                %s%s""".formatted(gitlab.url(), TRIGGER_TOKEN,
                triggerTimeout == null ? "" : "          timeout: " + triggerTimeout + "\n",
                apiToken == null ? "" : "          apiToken: " + apiToken + "\n");
    }
}
