package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.deploy.DockerfileInstructions.Instruction;
import dev.slipway.deploy.DockerfileInstructions.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's structure, read instruction by instruction (there is no Docker engine to build it with here):
 * a JDK stage that builds the jar, a JRE stage that runs it as a non-root user with its data on a volume.
 */
class DockerfileTest {
    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final ObjectMapper JSON = new ObjectMapper();

    private List<Stage> stages;
    private Stage build;
    private Stage runtime;

    @BeforeEach
    void parse() throws Exception {
        stages = DockerfileInstructions.stages(DockerfileInstructions.parse(Files.readString(DOCKERFILE)));
        runtime = stages.get(stages.size() - 1);
        build = stages.get(0);
    }

    @Test
    void joins_continued_lines_and_drops_comments_between_them() {
        List<Instruction> parsed = DockerfileInstructions.parse("""
                FROM a AS b
                # a comment
                RUN one \\
                    # inside a continuation
                    && two \\

                    && three
                CMD ["x"]
                """);

        assertThat(parsed).containsExactly(new Instruction("FROM", "a AS b"),
                new Instruction("RUN", "one && two && three"), new Instruction("CMD", "[\"x\"]"));
    }

    @Test
    void a_jdk_stage_builds_the_jar_and_a_java_17_jre_stage_runs_it() {
        assertThat(stages).hasSizeGreaterThanOrEqualTo(2);
        assertThat(build.image()).matches("eclipse-temurin:17-jdk[-.\\w]*|maven:[\\w.]+-eclipse-temurin-17[-\\w]*");
        assertThat(build.name()).isNotNull();
        assertThat(build.all("RUN")).extracting(Instruction::arguments)
                .anySatisfy(run -> assertThat(run).contains("./mvnw").contains("-B").contains("-DskipTests")
                        .contains("package"));
        // A pinned JRE 17 tag, never :latest or an untagged image.
        assertThat(runtime.image()).matches("eclipse-temurin:17(\\.[\\d.+_]+)?-jre-[a-z]+");
    }

    @Test
    void the_build_fetches_dependencies_before_it_sees_the_sources() {
        int pom = indexOfCopy(build, "pom.xml");
        int wrapper = indexOfCopy(build, ".mvn/");
        int sources = indexOfCopy(build, "src/");
        int fetch = build.instructions().indexOf(build.all("RUN").get(0));

        assertThat(pom).isLessThan(fetch);
        assertThat(wrapper).isLessThan(fetch);
        assertThat(fetch).isLessThan(sources);
    }

    @Test
    void the_runtime_copies_the_jar_where_the_launcher_looks_for_it() throws Exception {
        Instruction jar = runtime.all("COPY").stream().filter(c -> c.arguments().startsWith("--from=")).findFirst()
                .orElseThrow(() -> new AssertionError("no COPY --from the build stage"));
        List<String> jarWords = DockerfileInstructions.words(jar.arguments());
        Instruction launcher = runtime.all("COPY").stream().filter(c -> c.arguments().contains("bin/slipway"))
                .findFirst().orElseThrow(() -> new AssertionError("bin/slipway is not copied"));
        String launcherTarget = last(DockerfileInstructions.words(launcher.arguments()));
        String home = launcherTarget.substring(0, launcherTarget.length() - "/bin/slipway".length());

        assertThat(jarWords.get(0)).isEqualTo("--from=" + build.name());
        assertThat(jarWords.get(1)).endsWith("/target/slipway.jar");
        assertThat(launcherTarget).endsWith("/bin/slipway");
        // bin/slipway runs $home/target/slipway.jar, home being the directory above its own.
        assertThat(Files.readString(Path.of("bin/slipway"))).contains("$home/target/slipway.jar");
        assertThat(last(jarWords)).isEqualTo(home + "/target/slipway.jar");
        assertThat(entrypoint()).contains(launcherTarget);
    }

    @Test
    void every_copied_source_is_in_the_repository_and_in_the_build_context() throws Exception {
        List<String> ignored = Files.readAllLines(Path.of(".dockerignore")).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        List<String> sources = new ArrayList<>();
        for (Stage stage : stages) {
            for (Instruction copy : stage.all("COPY")) {
                List<String> words = DockerfileInstructions.words(copy.arguments()).stream()
                        .filter(w -> !w.startsWith("--")).toList();
                if (!copy.arguments().startsWith("--from=")) {
                    sources.addAll(words.subList(0, words.size() - 1));
                }
            }
        }

        assertThat(sources).contains("pom.xml", "mvnw", ".mvn/", "src/", "bin/slipway");
        for (String source : sources) {
            assertThat(Path.of(source)).as("COPY source %s", source).exists();
            String top = source.split("/")[0];
            assertThat(ignored).as(".dockerignore must let %s into the context", source)
                    .doesNotContain(top, top + "/", source);
        }
        assertThat(Path.of("bin/slipway")).isExecutable();
        assertThat(Path.of("mvnw")).isExecutable();
    }

    @Test
    void dockerignore_leaves_build_output_and_git_history_out() throws Exception {
        List<String> ignored = Files.readAllLines(Path.of(".dockerignore")).stream().map(String::strip).toList();

        assertThat(ignored).contains(".git").containsAnyOf("target", "target/");
    }

    @Test
    void runs_as_a_fixed_non_root_user_set_before_the_entrypoint() {
        List<Instruction> users = runtime.all("USER");

        assertThat(users).isNotEmpty();
        String user = last(users).arguments().split(":")[0];
        assertThat(user).isNotIn("root", "0");
        assertThat(runtime.instructions().lastIndexOf(last(users))).isLessThan(runtime.indexOf("ENTRYPOINT"));
    }

    @Test
    void keeps_its_data_on_a_volume_at_data_and_listens_on_3000() {
        assertThat(last(runtime.all("WORKDIR")).arguments()).isEqualTo("/data");
        assertThat(runtime.all("VOLUME")).extracting(Instruction::arguments).containsAnyOf("/data", "[\"/data\"]");
        assertThat(runtime.all("EXPOSE")).extracting(Instruction::arguments).contains("3000");
    }

    @Test
    void checks_its_health_at_healthz() {
        assertThat(runtime.all("HEALTHCHECK")).singleElement().satisfies(check -> assertThat(check.arguments())
                .contains("CMD").contains("http://127.0.0.1:3000/healthz"));
    }

    @Test
    void starts_the_server_in_exec_form_with_the_mounted_config() throws Exception {
        assertThat(entrypoint()).isNotEmpty();
        assertThat(JSON.readValue(last(runtime.all("CMD")).arguments(), new TypeReference<List<String>>() { }))
                .containsExactly("serve", "--config", "/etc/slipway/slipway.yaml");
    }

    @Test
    void puts_no_secret_in_the_image_environment() {
        for (Stage stage : stages) {
            for (Instruction instruction : stage.instructions()) {
                if (instruction.keyword().equals("ENV") || instruction.keyword().equals("ARG")) {
                    assertThat(instruction.arguments().toUpperCase(Locale.ROOT))
                            .doesNotContainPattern("TOKEN|SECRET|PASSWORD|MASTER_KEY");
                }
            }
        }
    }

    /** The ENTRYPOINT, which must be a JSON array (exec form) so that the JVM gets SIGTERM itself. */
    private List<String> entrypoint() throws Exception {
        String arguments = last(runtime.all("ENTRYPOINT")).arguments();
        assertThat(arguments).startsWith("[");
        return JSON.readValue(arguments, new TypeReference<List<String>>() { });
    }

    private static int indexOfCopy(Stage stage, String source) {
        List<Instruction> copies = stage.all("COPY").stream()
                .filter(c -> DockerfileInstructions.words(c.arguments()).contains(source)).toList();
        assertThat(copies).as("COPY of %s", source).isNotEmpty();
        return stage.instructions().indexOf(copies.get(0));
    }

    private static <T> T last(List<T> list) {
        assertThat(list).isNotEmpty();
        return list.get(list.size() - 1);
    }
}
