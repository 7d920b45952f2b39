package dev.slipway.backend.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScriptCommandTest {

    @Test
    void a_bare_placeholder_becomes_a_quoted_reference_to_its_variable() {
        assertThat(ScriptCommand.toShell("./deploy.sh {{environment}} {{ref}}"))
                .isEqualTo("./deploy.sh \"${SLIPWAY_ENVIRONMENT}\" \"${SLIPWAY_REF}\"");
        assertThat(ScriptCommand.toShell("deploy --ref={{ ref }} --id {{deployment}}"))
                .isEqualTo("deploy --ref=\"${SLIPWAY_REF}\" --id \"${SLIPWAY_DEPLOYMENT_ID}\"");
    }

    @Test
    void every_placeholder_has_a_variable_and_the_line_keeps_its_shell_syntax() {
        assertThat(ScriptCommand.toShell("cd /srv && ./a {{project}} {{user}} {{channel}} {{thread}} | tee log"))
                .isEqualTo("cd /srv && ./a \"${SLIPWAY_PROJECT}\" \"${SLIPWAY_USER}\" \"${SLIPWAY_CHANNEL}\""
                        + " \"${SLIPWAY_THREAD}\" | tee log");
    }

    @Test
    void a_command_without_placeholders_is_run_as_written() {
        String line = "echo 'it''s' \"$HOME\" $(date) `id` ${X:-y} <<EOF\nbody\nEOF";
        assertThat(ScriptCommand.toShell(line)).isEqualTo(line);
    }

    @Test
    void a_placeholder_inside_single_quotes_is_refused() {
        assertThatThrownBy(() -> ScriptCommand.toShell("./deploy.sh '{{ref}}'"))
                .hasMessageContaining("{{ref}} is inside single quotes")
                .hasMessageContaining("write it bare")
                .hasMessageContaining("\"$SLIPWAY_REF\"");
    }

    @Test
    void a_placeholder_inside_double_quotes_is_refused() {
        assertThatThrownBy(() -> ScriptCommand.toShell("./deploy.sh \"v{{ref}}\""))
                .hasMessageContaining("inside double quotes");
    }

    @Test
    void a_placeholder_inside_a_command_substitution_inside_quotes_is_refused() {
        assertThatThrownBy(() -> ScriptCommand.toShell("echo \"$(echo \"{{ref}}\")\""))
                .hasMessageContaining("inside double quotes");
        assertThatThrownBy(() -> ScriptCommand.toShell("echo $(printf %s {{ref}})"))
                .hasMessageContaining("inside $( )");
        assertThatThrownBy(() -> ScriptCommand.toShell("echo `echo {{ref}}`"))
                .hasMessageContaining("inside backticks");
        assertThatThrownBy(() -> ScriptCommand.toShell("echo ${X:-{{ref}}}"))
                .hasMessageContaining("inside ${ }");
        assertThatThrownBy(() -> ScriptCommand.toShell("echo $(( {{deployment}} + 1 ))"))
                .hasMessageContaining("inside $( )");
    }

    @Test
    void a_placeholder_in_a_here_document_is_refused() {
        assertThatThrownBy(() -> ScriptCommand.toShell("cat <<EOF\n{{ref}}\nEOF"))
                .hasMessageContaining("here-document");
    }

    @Test
    void an_unknown_placeholder_is_refused_with_the_known_ones() {
        assertThatThrownBy(() -> ScriptCommand.toShell("./deploy.sh {{branch}}"))
                .hasMessageContaining("unknown placeholder {{branch}}")
                .hasMessageContaining("{{ref}}");
    }

    @Test
    void an_escaped_brace_or_a_comment_is_left_alone() {
        assertThat(ScriptCommand.toShell("echo \\{{ref}}")).isEqualTo("echo \\{{ref}}");
        assertThat(ScriptCommand.toShell("./deploy.sh {{ref}} # don't {{ref}}"))
                .isEqualTo("./deploy.sh \"${SLIPWAY_REF}\" # don't {{ref}}");
    }

    @Test
    void an_unclosed_quote_is_refused() {
        assertThatThrownBy(() -> ScriptCommand.toShell("echo 'oops {{ref}}"))
                .hasMessageContaining("inside single quotes");
        assertThatThrownBy(() -> ScriptCommand.toShell("echo \"oops"))
                .hasMessageContaining("unclosed double quotes");
    }
}
