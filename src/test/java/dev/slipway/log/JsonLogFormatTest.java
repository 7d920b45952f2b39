package dev.slipway.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SLIPWAY_LOG_FORMAT=json}: the production logback.xml writes one JSON object per line, with the context of
 * the work under way as fields of their own and every secret masked; text stays the default.
 */
class JsonLogFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "plain-LEAKCHECK-json-secret";

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        LogMasking.forgetAll();
    }

    /** The production configuration read with {@code SLIPWAY_LOG_FORMAT} set to {@code format} (null: unset). */
    private static LoggerContext production(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        if (format != null) {
            context.putProperty("SLIPWAY_LOG_FORMAT", format);
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(JsonLogFormatTest.class.getClassLoader().getResource("logback.xml"));
        assertThat(context.getStatusManager().getCopyOfStatusList()).noneMatch(s -> s.getLevel() >= Status.WARN);
        return context;
    }

    @SuppressWarnings("unchecked")
    private static OutputStreamAppender<ILoggingEvent> stderr(LoggerContext context) {
        return (OutputStreamAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    }

    @Test
    void text_is_the_default_and_json_is_chosen_by_the_environment() throws Exception {
        assertThat(stderr(production(null)).getEncoder()).isInstanceOf(ch.qos.logback.core.encoder.LayoutWrappingEncoder.class);
        assertThat(stderr(production("text")).getEncoder()).isInstanceOf(ch.qos.logback.core.encoder.LayoutWrappingEncoder.class);
        assertThat(stderr(production("json")).getEncoder()).isInstanceOf(net.logstash.logback.encoder.LogstashEncoder.class);
    }

    @Test
    void a_json_line_carries_the_context_as_fields_and_masks_every_secret() throws Exception {
        LogMasking.register(List.of(SECRET));
        LoggerContext context = production("json");
        Logger logger = context.getLogger("dev.slipway.app.job.RunDeploymentJob");
        LoggingEvent event = new LoggingEvent(Logger.FQCN, logger, Level.WARN, "calling with {} failed",
                new IOException("refused for " + SECRET), new Object[] {SECRET});
        event.setMDCPropertyMap(Map.of("deployment_id", "42", "project", "api", "environment", "production",
                "job_id", "7", "job_kind", "run-deployment", "request_id", "0123abcd"));
        OutputStreamAppender<ILoggingEvent> appender = stderr(context);

        String line = new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").doesNotContain(SECRET).doesNotContain("LEAKCHECK");
        assertThat(line.strip().lines()).hasSize(1);
        JsonNode fields = JSON.readTree(line);
        assertThat(fields.path("level").asText()).isEqualTo("WARN");
        assertThat(fields.path("logger").asText()).isEqualTo("dev.slipway.app.job.RunDeploymentJob");
        assertThat(fields.path("message").asText()).startsWith("calling with ").endsWith(" failed").contains("****");
        assertThat(fields.path("stack_trace").asText()).contains("java.io.IOException: refused for").contains("****");
        assertThat(fields.path("time").asText()).isNotBlank();
        assertThat(fields.path("thread").asText()).isNotBlank();
        for (String field : List.of("deployment_id", "project", "environment", "job_id", "job_kind", "request_id")) {
            assertThat(fields.has(field)).as(field).isTrue();
        }
        assertThat(fields.path("deployment_id").asText()).isEqualTo("42");
        assertThat(fields.path("job_kind").asText()).isEqualTo("run-deployment");
        context.stop();
    }

    @Test
    void a_console_run_logs_its_deployment_as_json_lines_with_the_deployment_and_the_job() throws Exception {
        Path config = dir.resolve("slipway.yaml");
        Files.writeString(config, """
                database: { url: "jdbc:sqlite:%1$s/slipway.db" }
                dataDir: %1$s/data
                jobs: { pollInterval: 20ms }
                projects:
                  - id: demo
                    owners: [alice]
                    environments:
                      staging:
                        defaultRef: main
                        backend: { type: script, command: "echo shipped", timeout: 1m }
                """.formatted(dir));
        ProcessBuilder console = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the product's logback.xml, not the tests' logback-test.xml that the class path also holds
                "-Dlogback.configurationFile=" + JsonLogFormatTest.class.getClassLoader().getResource("logback.xml"),
                "-cp", System.getProperty("java.class.path"), "dev.slipway.Main", "console", "--config",
                config.toString(), "--as", "alice")
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        console.environment().put("SLIPWAY_LOG_FORMAT", "json");
        console.environment().put("SLIPWAY_LOG_LEVEL", "INFO");
        Process process = console.start();
        process.getOutputStream().write("deploy demo main to staging\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        List<JsonNode> lines = new ArrayList<>();
        for (String line : stderr.lines().filter(l -> !l.isBlank()).toList()) {
            lines.add(JSON.readTree(line)); // throws for a line that is not one JSON object
        }
        assertThat(lines).allMatch(JsonNode::isObject).allMatch(l -> l.has("message") && l.has("level"));
        assertThat(lines).filteredOn(l -> l.path("message").asText().startsWith("started #1"))
                .singleElement().satisfies(started -> {
                    assertThat(started.path("deployment_id").asText()).isEqualTo("1");
                    assertThat(started.path("project").asText()).isEqualTo("demo");
                    assertThat(started.path("environment").asText()).isEqualTo("staging");
                    assertThat(started.path("job_kind").asText()).isEqualTo("run-deployment");
                    assertThat(started.path("job_id").asText()).isNotBlank();
                });
        assertThat(lines).anyMatch(l -> l.path("message").asText().startsWith("#1 succeeded"));
        assertThat(process.exitValue()).as(stderr).isZero();
    }
}
