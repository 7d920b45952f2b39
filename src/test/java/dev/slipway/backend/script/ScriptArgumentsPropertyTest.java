package dev.slipway.backend.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.backend.DeploymentTask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: whatever text a deployment carries — shell metacharacters, quotes, whitespace, Unicode, whole injection
 * payloads — each placeholder of a script's command reaches the program as exactly one argument, byte for byte,
 * and nothing in it is ever run. Checked on random values against the real {@code /bin/sh}.
 */
class ScriptArgumentsPropertyTest {
    private static final int SAMPLES = 400;
    private static final String[] PIECES = {
        ";", "|", "&", "&&", "||", "$", "(", ")", "`", "<", ">", ">>", "'", "\"", "\\", "*", "?", "[", "]", "{", "}",
        "~", "^", ":", "!", "#", "%", "=", " ", "  ", "\t", "\n", "\r", "/", ".", "..", "@", "-", "--", "a", "main",
        "release", "v1.2", "é", "日本", "🚀", "ß", "\u00a0", "$IFS", "${IFS}", "$HOME", "$1", "$@", "$*", "$?", "*.java",
    };

    @TempDir
    Path dir;

    @Test
    void every_placeholder_reaches_the_program_as_one_literal_argument_and_nothing_in_it_runs() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        Path marker = dir.resolve("pwned");
        String[] payloads = {
            "$(touch " + marker + ")", "`touch " + marker + "`", ";touch " + marker, "&& touch " + marker,
            "| touch " + marker, "$(touch${IFS}" + marker + ")", "'; touch " + marker + "; '",
            "\"; touch " + marker + "; \"", "\n touch " + marker, "> " + marker,
        };
        ScriptBackend backend = new ScriptBackend(new ScriptSettings(
                "printf '%s\\0' {{project}} {{environment}} {{ref}} {{deployment}} {{user}} {{channel}} {{thread}}",
                null, null), dir.resolve("runs"), Map.of("PATH", System.getenv("PATH")));
        String shell = backend.shellCommand();

        for (int sample = 0; sample < SAMPLES; sample++) {
            String[] values = new String[6];
            for (int v = 0; v < values.length; v++) {
                values[v] = random.nextInt(4) == 0 ? payloads[random.nextInt(payloads.length)] : randomText(random);
            }
            DeploymentTask task = new DeploymentTask(sample + 1, values[0], values[1], values[2], values[3],
                    values[4], values[5]);

            List<String> arguments = run(shell, backend.environment(task));

            assertThat(arguments).as("seed %d, sample %d: %s", seed, sample, Arrays.toString(values))
                    .containsExactly(values[0], values[1], values[2], Long.toString(sample + 1), values[3], values[4],
                            values[5]);
        }
        assertThat(marker).as("seed %d: a value was run as code", seed).doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left.toList()).as("seed %d: a value wrote a file", seed).isEmpty();
        }
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int pieces = 1 + random.nextInt(8);
        for (int i = 0; i < pieces; i++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    /** Runs the line as the backend would, with exactly the backend's environment, and splits what printf printed. */
    private List<String> run(String shell, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", shell).directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).endsWith("\0");
        return List.of(printed.substring(0, printed.length() - 1).split("\0", -1));
    }
}
