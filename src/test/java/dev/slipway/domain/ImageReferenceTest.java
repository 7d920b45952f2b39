package dev.slipway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

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
}
