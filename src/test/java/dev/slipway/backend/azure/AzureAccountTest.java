package dev.slipway.backend.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.backend.BackendType;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AzureAccountTest {
    private static final String SECRET = "FakeClientSecret~0001";

    @Test
    void fills_in_azures_public_cloud_and_the_default_durations() {
        AzureAccount account = account("aa-deploy-prod");

        assertThat(account.authorityUrl()).isEqualTo("https://login.microsoftonline.com");
        assertThat(account.managementUrl()).isEqualTo("https://management.azure.com");
        assertThat(account.portalUrl()).isEqualTo("https://portal.azure.com");
        assertThat(account.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(account.timeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void never_shows_the_client_secret() {
        assertThat(account("aa-deploy-prod").toString()).doesNotContain(SECRET).contains("clientSecret=***");
    }

    @Test
    void drops_trailing_slashes_from_urls() {
        AzureAccount account = new AzureAccount("main", "t", "c", SECRET, "s", "rg", "aa-deploy-prod",
                "https://login.example/", "https://arm.example//", null, null, null);

        assertThat(account.authorityUrl()).isEqualTo("https://login.example");
        assertThat(account.managementUrl()).isEqualTo("https://arm.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aa", "-aa-deploy", "aa-deploy-", "aa_deploy_prod", "aa deploy"})
    void refuses_an_automation_account_name_azure_would_refuse(String name) {
        assertThatThrownBy(() -> account(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("automationAccount");
    }

    @Test
    void refuses_missing_ids_bad_urls_and_durations_that_are_not_positive() {
        assertThatThrownBy(() -> new AzureAccount("main", " ", "c", SECRET, "s", "rg", "aa-deploy-prod"))
                .hasMessage("tenantId is required");
        assertThatThrownBy(() -> new AzureAccount("main", "t", "c", "", "s", "rg", "aa-deploy-prod"))
                .hasMessage("clientSecret is required");
        assertThatThrownBy(() -> new AzureAccount("main", "t", "c", SECRET, "s", "rg", "aa-deploy-prod",
                "ftp://login.example", null, null, null, null)).hasMessageContaining("authorityUrl");
        assertThatThrownBy(() -> new AzureAccount("main", "t", "c", SECRET, "s", "rg", "aa-deploy-prod",
                null, "https://", null, null, null)).hasMessageContaining("managementUrl");
        assertThatThrownBy(() -> new AzureAccount("main", "t", "c", SECRET, "s", "rg", "aa-deploy-prod",
                null, null, null, Duration.ZERO, null)).hasMessage("pollInterval must be positive");
        assertThatThrownBy(() -> new AzureAccount("main", "t", "c", SECRET, "s", "rg", "aa-deploy-prod",
                null, null, null, null, Duration.ofSeconds(-1))).hasMessage("timeout must be positive");
    }

    @Test
    void settings_need_a_runbook_and_known_placeholders() {
        assertThatThrownBy(() -> new AzureSettings(null, " ", Map.of(), null, null))
                .hasMessage("runbook is required");
        assertThatThrownBy(() -> new AzureSettings(null, "Deploy", Map.of("Version", "{{tag}}"), null, null))
                .hasMessage("parameters.Version uses an unknown placeholder {{tag}}");
        assertThatThrownBy(() -> new AzureSettings(null, "Deploy", Map.of(), null, Duration.ZERO))
                .hasMessage("timeout must be positive");
        assertThat(new AzureSettings(null, "Deploy", null, " ", null).runOn()).isNull();
    }

    @Test
    void the_type_uses_the_only_account_or_the_one_named_and_refuses_others_clearly() {
        HttpClient http = HttpClient.newHttpClient();
        AzureSettings unnamed = new AzureSettings(null, "Deploy", Map.of(), null, null);
        AzureSettings named = new AzureSettings("staging", "Deploy", Map.of(), null, null);
        BackendType<AzureSettings> one = AzureBackend.type(http, Map.of("main", account("aa-deploy-prod")),
                Clock.systemUTC());
        BackendType<AzureSettings> two = AzureBackend.type(http, Map.of("main", account("aa-deploy-prod"),
                "staging", account("aa-deploy-stag")), Clock.systemUTC());
        BackendType<AzureSettings> none = AzureBackend.type(http, Map.of(), Clock.systemUTC());

        assertThat(one.name()).isEqualTo("azure");
        assertThat(one.defaultRefOf(unnamed)).isEmpty();
        assertThat(one.create(unnamed)).isInstanceOf(AzureBackend.class);
        assertThat(two.create(named)).isInstanceOf(AzureBackend.class);
        assertThatThrownBy(() -> two.create(unnamed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must name its account").hasMessageContaining("[main, staging]");
        assertThatThrownBy(() -> one.create(named)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no Azure account is named staging");
        assertThatThrownBy(() -> none.create(unnamed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none is configured");
    }

    private static AzureAccount account(String automationAccount) {
        return new AzureAccount("main", "99999999-8888-4777-8666-555555555555", "abcdef01-2345-4678-9abc-def012345678",
                SECRET, "00000000-1111-4222-8333-444444444444", "rg-deploy-prod", automationAccount);
    }
}
