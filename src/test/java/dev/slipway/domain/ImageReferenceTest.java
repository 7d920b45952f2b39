package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    /** The distribution project's grammar as one regular expression: the reference for short input. */
    private static final Pattern DISTRIBUTION;

    static {
        String domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
        String domain = domainComponent + "(?:\\." + domainComponent + ")*(?::[0-9]+)?";
        String pathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
        String name = "(?:" + domain + "/)?" + pathComponent + "(?:/" + pathComponent + ")*";
        String tag = "[\\w][\\w.-]{0,127}";
        String digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
        DISTRIBUTION = Pattern.compile("(" + name + ")(?::" + tag + ")?(?:@" + digest + ")?");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "nginx",
            "nginx:1.25",
            "registry.example.com/acme/shop:1.4.2",
            "localhost:5000/app",
            "localhost:5000/app:v2",
            "ghcr.io/a/b@" + "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "a/b:tag@" + "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "acme/my_app__x-y.z:Tag_1-rc.2"
    })
    void accepts_references_registries_accept(String reference) {
        assertThat(ImageReference.isValid(reference)).as(reference).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            " ",
            "nginx 1.25",
            " nginx",
            "Acme/App",
            "app:",
            ":tag",
            "app@sha256:short",
            "app@",
            "app:-tag",
            "acme//app"
    })
    void refuses_references_registries_refuse(String reference) {
        assertThat(ImageReference.isValid(reference)).as("\"" + reference + "\"").isFalse();
    }

    @Test
    void refuses_no_reference() {
        assertThat(ImageReference.isValid(null)).isFalse();
    }

    @Test
    void accepts_a_tag_of_128_characters_and_no_longer() {
        assertThat(ImageReference.isValid("app:" + "t".repeat(128))).isTrue();
        assertThat(ImageReference.isValid("app:" + "t".repeat(129))).isFalse();
    }

    @Test
    void accepts_a_digest_with_a_tag() {
        assertThat(ImageReference.isValid("registry.example.com/acme/shop:1.4.2@" + DIGEST)).isTrue();
    }

    @Test
    void refuses_a_name_longer_than_255_characters() {
        assertThat(ImageReference.isValid("acme/" + "a".repeat(250))).isTrue();
        assertThat(ImageReference.isValid("acme/" + "a".repeat(251))).isFalse();
    }

    @Test
    void agrees_with_the_distribution_grammar_on_random_short_text() {
        long seed = 20260214L;
        Random random = new Random(seed);
        String alphabet = "aaaabbbzz009AZ..__--//::@@+ !$é";
        String hex = "0123456789abcdef".repeat(2);
        for (int i = 0; i < 20000; i++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(16);
            for (int j = 0; j < length; j++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (random.nextInt(4) == 0) {
                text.append(random.nextBoolean() ? "@sha256:" : "@a+b.c:").append(hex, 0, 30 + random.nextInt(3));
            }
            String reference = text.toString();
            Matcher matcher = DISTRIBUTION.matcher(reference);
            boolean expected = matcher.matches() && matcher.group(1).length() <= 255;
            assertThat(ImageReference.isValid(reference)).as("seed %d, sample %d: \"%s\"", seed, i, reference)
                    .isEqualTo(expected);
        }
    }

    @Test
    void long_input_is_refused_without_overflowing_the_stack() throws Exception {
        for (String reference : new String[] {"a-".repeat(512 * 1024), "a.".repeat(512 * 1024),
                "a/".repeat(512 * 1024) + "a", "a".repeat(1024 * 1024), "a-".repeat(500) + "a"}) {
            // a thread with a small stack, as request threads may have
            Thread check = new Thread(null, () -> ImageReference.problem(reference), "check", 128 * 1024);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            check.setUncaughtExceptionHandler((thread, e) -> failure.set(e));
            check.start();
            check.join();
            assertThat(failure.get()).isNull();
        }
        assertThat(ImageReference.problem("a".repeat(1024 * 1024))).contains("is longer than 1024 bytes");
        assertThat(ImageReference.problem("acme/" + "a-".repeat(300) + "a"))
                .contains("has a name longer than 255 characters");
    }

    @Test
    void says_which_rule_a_reference_breaks() {
        assertThat(ImageReference.problem("")).contains("is empty");
        assertThat(ImageReference.problem("nginx 1.25")).contains("contains a space");
        assertThat(ImageReference.problem("nginx\u0000")).contains("contains a control character (U+0000)");
        assertThat(ImageReference.problem("nginx;id")).contains("contains `;`");
        assertThat(ImageReference.problem("nginx:$(id)")).contains("contains `$`");
        assertThat(ImageReference.problem("nginx:é")).contains("contains `é`");
        assertThat(ImageReference.problem("app:" + "t".repeat(129))).contains("has a tag longer than 128 characters");
        assertThat(ImageReference.problem("Acme/App")).get().asString().startsWith("is not of the form");
        assertThat(ImageReference.problem("registry.example.com/acme/shop:1.4.2")).isEmpty();
    }
}
