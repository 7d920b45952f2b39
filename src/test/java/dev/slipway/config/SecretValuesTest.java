package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Slipway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretValuesTest {
    @TempDir
    Path dir;

    @Test
    void finds_every_value_under_a_key_named_like_a_secret_in_any_section_or_backend() throws Exception {
        Path file = dir.resolve("slipway.yaml");
        Files.writeString(file, """
                database: { url: "jdbc:postgresql://db/slipway", username: slipway, password: "${DB_PASSWORD}" }
                slack: { signingSecret: signing-0001, botToken: xoxb-0001, apiUrl: "http://127.0.0.1:1/api/" }
                hooks: { notifyToken: notify-0001, gitlabToken: gitlab-0001 }
                projects:
                  - id: api
                    channel: C0001
                    hookToken: hook-0001
                    environments:
                      tokens:
                        backend:
                          type: gitlab
                          url: https://gitlab.example.com
                          projectId: 42
                          triggerToken: trigger-0001
                          variables: { DEPLOY_TOKEN: variable-0001, RELEASE: "true" }
                      staging:
                        backend:
                          type: script
                          command: ./deploy.sh {{ref}}
                          env: { AWS_SECRET_ACCESS_KEY: env-0001, AWS_PROFILE: deploy }
                """);
        SlipwayConfig config = new ConfigLoader(Slipway.backendSettingsTypes(), Slipway.backendRefKinds(),
                Slipway.backendChains(), Map.of("DB_PASSWORD", "password-0001")::get).load(file);

        assertThat(SecretValues.of(config)).containsExactlyInAnyOrder("password-0001", "signing-0001", "xoxb-0001",
                "notify-0001", "gitlab-0001", "hook-0001", "trigger-0001", "variable-0001", "env-0001");
    }
}
