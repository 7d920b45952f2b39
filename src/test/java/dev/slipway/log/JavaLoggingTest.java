package dev.slipway.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.CapturedLogs;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JavaLoggingTest {
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @Test
    void a_java_util_logging_line_reaches_logback_masked() {
        JavaLogging.toLogback();
        Logger.getLogger("okhttp3.OkHttpClient").warning(
                "A connection to https://slack.com/api/chat.postMessage?token=xoxb-1-JUL-LEAK was leaked");
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                .contains("WARN", "okhttp3.OkHttpClient", "chat.postMessage?token=**** was leaked"));
        assertThat(logs.lines()).noneMatch(line -> line.contains("JUL-LEAK"));
    }
}
