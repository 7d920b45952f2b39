package dev.slipway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeploymentTaskTest {
    private final DeploymentTask task = new DeploymentTask(42, "api", "production", "main", "U01", "C0123", "1717171717.000100");

    @Test
    void fills_every_placeholder() {
        assertThat(task.fill("{{project}} {{environment}} {{ref}} {{deployment}} {{user}} {{channel}} {{thread}}"))
                .isEqualTo("api production main 42 U01 C0123 1717171717.000100");
        assertThat(task.fill("RELEASE={{ ref }}")).isEqualTo("RELEASE=main");
    }

    @Test
    void leaves_unknown_placeholders_and_plain_text_alone() {
        assertThat(task.fill("{{nope}} $HOME ${X} \\1")).isEqualTo("{{nope}} $HOME ${X} \\1");
        assertThat(task.fill(null)).isNull();
    }

    @Test
    void a_missing_thread_or_channel_is_empty() {
        DeploymentTask console = new DeploymentTask(1, "api", "staging", "main", "U01", null, null);
        assertThat(console.fill("[{{channel}}][{{thread}}]")).isEqualTo("[][]");
    }
}
