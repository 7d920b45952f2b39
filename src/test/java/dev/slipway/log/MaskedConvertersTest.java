package dev.slipway.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.slipway.testing.CapturedLogs;
import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Library-style lines through the production layout of logback.xml, as an operator would read them. */
class MaskedConvertersTest {
    private static final String BOT_TOKEN = "xoxb-LEAKCHECK-0001-abcdef";
    private static final String WEBHOOK_SECRET = "plain-LEAKCHECK-webhook";

    @AfterEach
    void forget() {
        LogMasking.forgetAll();
    }

    private static String format(String logger, String message, Throwable thrown, Object... arguments) {
        Logger target = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(logger);
        return CapturedLogs.format(new LoggingEvent(Logger.FQCN, target, Level.INFO, message, thrown, arguments));
    }

    @Test
    void masks_an_okhttp_style_request_line() {
        String line = format("okhttp3.OkHttpClient",
                "--> POST https://slack.com/api/chat.postMessage?token=" + BOT_TOKEN + "&channel=C1 http/1.1", null);
        assertThat(line).contains("--> POST https://slack.com/api/chat.postMessage?token=****&channel=C1")
                .doesNotContain("LEAKCHECK").endsWith(System.lineSeparator());
    }

    @Test
    void masks_arguments_of_a_parameterised_message_and_headers() {
        String line = format("com.slack.api.util.http.SlackHttpClient", "headers: {} body: {}",
                null, "Authorization: Bearer " + BOT_TOKEN, "{\"ok\":true,\"access_token\":\"" + BOT_TOKEN + "\"}");
        assertThat(line).doesNotContain("LEAKCHECK").contains("Authorization: ****", "\"access_token\":\"****\"");
    }

    @Test
    void masks_a_fabric8_url_and_registered_secrets_without_a_shape() {
        LogMasking.register(List.of(WEBHOOK_SECRET));
        String line = format("io.fabric8.kubernetes.client.dsl.internal.OperationSupport",
                "Failure executing: GET at: https://k8s.example:6443/apis/apps/v1/namespaces/web/deployments/api"
                        + "?access_token=eyJhbGciOi.abc; hook secret " + WEBHOOK_SECRET, null);
        assertThat(line).contains("deployments/api?access_token=****; hook secret ****")
                .doesNotContain("eyJhbGciOi", WEBHOOK_SECRET);
    }

    @Test
    void masks_exception_messages_causes_and_suppressed_and_keeps_the_frames() {
        LogMasking.register(List.of(WEBHOOK_SECRET));
        IOException cause = new ConnectException("refused for https://gitlab.example/api?private_token=glpat-LEAK1");
        IllegalStateException thrown = new IllegalStateException("Authorization: Bearer " + BOT_TOKEN, cause);
        thrown.addSuppressed(new IOException("retry with " + WEBHOOK_SECRET));
        String text = format("dev.slipway.backend.gitlab.GitLabApi", "start failed", thrown);
        assertThat(text).doesNotContain("LEAKCHECK", "LEAK1", WEBHOOK_SECRET)
                .contains("java.lang.IllegalStateException: Authorization: ****",
                        "Caused by: java.net.ConnectException: refused for https://gitlab.example/api?private_token=****",
                        "Suppressed: java.io.IOException: retry with ****",
                        "at dev.slipway.log.MaskedConvertersTest.");
        // The pattern ends with the masking throwable converter: logback appends no second, unmasked one.
        assertThat(text.split("IllegalStateException", -1)).hasSize(2);
    }
}
