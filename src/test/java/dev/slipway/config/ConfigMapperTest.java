package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.backend.BackendType;
import dev.slipway.domain.Environment;
import dev.slipway.domain.Policy;
import dev.slipway.domain.Project;
import dev.slipway.domain.Projects;
import dev.slipway.domain.RefKind;
import dev.slipway.domain.RefPattern;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigMapperTest {
    private static final Map<String, BackendType<?>> TYPES = Map.of(
            "script", new BackendType<>("script", TestScriptSettings.class, RefKind.GIT, settings -> null,
                    settings -> Optional.empty()),
            "git", new BackendType<>("git", TestGitSettings.class, RefKind.GIT, settings -> null,
                    settings -> Optional.ofNullable(settings.ref())),
            "images", new BackendType<>("images", TestScriptSettings.class, RefKind.IMAGE, settings -> null,
                    settings -> Optional.empty()));

    @Test
    void maps_projects_with_their_people_channel_and_environments_in_file_order() {
        Projects projects = ConfigMapper.toProjects(config(
                project("api", "API service", "production", environments(
                        "staging", environment(script(), null, List.of(), List.of()),
                        "production", environment(script(), "master", List.of("master"), List.of("owners")))),
                project("web", null, null, environments(
                        "production", environment(git("main"), null, List.of(), List.of())))), TYPES);

        assertThat(projects.ids()).containsExactly("api", "web");
        Project api = projects.findById("api").orElseThrow();
        assertThat(api.name()).isEqualTo("API service");
        assertThat(api.owners()).containsExactly("U01");
        assertThat(api.qa()).containsExactly("U02");
        assertThat(api.channel()).isEqualTo("C-api");
        assertThat(api.defaultEnvironment()).isEqualTo("production");
        assertThat(api.environmentNames()).containsExactly("staging", "production");
        assertThat(projects.findByChannel("C-web").map(Project::id)).contains("web");
        assertThat(projects.findById("web").orElseThrow().name()).isEqualTo("web");
    }

    @Test
    void builds_each_environment_policy_from_its_refs_deployers_and_default_ref() {
        Projects projects = ConfigMapper.toProjects(config(project("api", null, null, environments(
                "production", environment(script(), "master", List.of("master", "release/*"),
                        List.of("owners", "U09"))))), TYPES);

        Environment production = projects.findById("api").orElseThrow().environment("production").orElseThrow();
        assertThat(production).isEqualTo(new Environment("production",
                new Policy(List.of(new RefPattern("master"), new RefPattern("release/*")), List.of("owners", "U09"),
                        "master"),
                "script", null));
        assertThat(production.policy().allowsRef(RefKind.GIT, "release/1.2")).isTrue();
        assertThat(production.policy().allowsRef(RefKind.GIT, "feature/x")).isFalse();
    }

    @Test
    void each_environment_takes_the_kind_of_ref_its_backend_type_deploys() {
        Projects projects = ConfigMapper.toProjects(config(project("shop", null, null, environments(
                "staging", environment(script(), null, List.of(), List.of()),
                "production", environment(new BackendConfig("images", new TestScriptSettings("true", null)), null,
                        List.of(), List.of())))), TYPES);

        Project shop = projects.findById("shop").orElseThrow();
        assertThat(shop.environment("staging").orElseThrow().refKind()).isEqualTo(RefKind.GIT);
        assertThat(shop.environment("production").orElseThrow().refKind()).isEqualTo(RefKind.IMAGE);
    }

    @Test
    void takes_the_backend_default_ref_from_the_backend_settings() {
        Projects projects = ConfigMapper.toProjects(config(project("web", null, null, environments(
                "production", environment(git("main"), null, List.of(), List.of()),
                "preview", environment(git(null), null, List.of(), List.of())))), TYPES);

        Project web = projects.findById("web").orElseThrow();
        Environment production = web.environment("production").orElseThrow();
        assertThat(production.backendType()).isEqualTo("git");
        assertThat(production.backendDefaultRef()).isEqualTo("main");
        assertThat(production.defaultRef()).contains("main");
        assertThat(web.environment("preview").orElseThrow().backendDefaultRef()).isNull();
    }

    @Test
    void refuses_a_backend_type_it_was_not_given() {
        SlipwayConfig config = config(project("api", null, null, environments(
                "production", environment(new BackendConfig("jenkins", null), null, List.of(), List.of()))));

        assertThatThrownBy(() -> ConfigMapper.toProjects(config, TYPES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jenkins");
    }

    private static SlipwayConfig config(ProjectConfig... projects) {
        return new SlipwayConfig(new ServerConfig(3000, null, "0.0.0.0", Duration.ofSeconds(10)),
                new DatabaseConfig("jdbc:sqlite:x.db", null, null, 10),
                new JobsConfig(4, 8, Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(60),
                        Duration.ofMillis(200)),
                ".slipway", List.of(projects), null, new HooksConfig(null, null));
    }

    private static ProjectConfig project(String id, String name, String defaultEnvironment,
                                         Map<String, EnvironmentConfig> environments) {
        return new ProjectConfig(id, name, null, "C-" + id, defaultEnvironment, List.of("U01"), List.of("U02"), null,
                "preview", "production", environments, null);
    }

    private static Map<String, EnvironmentConfig> environments(Object... namesAndEnvironments) {
        Map<String, EnvironmentConfig> environments = new LinkedHashMap<>();
        for (int i = 0; i < namesAndEnvironments.length; i += 2) {
            environments.put((String) namesAndEnvironments[i], (EnvironmentConfig) namesAndEnvironments[i + 1]);
        }
        return environments;
    }

    private static EnvironmentConfig environment(BackendConfig backend, String defaultRef, List<String> allowedRefs,
                                                 List<String> deployers) {
        return new EnvironmentConfig(backend, defaultRef, allowedRefs, deployers, null);
    }

    private static BackendConfig script() {
        return new BackendConfig("script", new TestScriptSettings("./deploy.sh", null));
    }

    private static BackendConfig git(String ref) {
        return new BackendConfig("git", new TestGitSettings("https://git.example.com", 1, ref, Map.of()));
    }
}
