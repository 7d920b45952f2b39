package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake speaks the shapes of the {@code azure-*.json} fixtures, so tests against it test the real thing. */
class FakeAzureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FakeAzure azure;

    @BeforeEach
    void start() {
        azure = new FakeAzure();
    }

    @AfterEach
    void stop() {
        azure.close();
    }

    @Test
    void issues_tokens_shaped_like_the_fixture_for_the_right_form() throws Exception {
        HttpResponse<String> answer = token(FakeAzure.CLIENT_SECRET, azure.managementUrl() + "/.default");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(fields(JSON.readTree(answer.body()))).isEqualTo(fields(
                Fixtures.json("azure-token-client-credentials.json").path("cases").get(0).path("response").path("body")));
        assertThat(azure.tokenRequests()).isEqualTo(1);
    }

    @Test
    void refuses_a_wrong_secret_with_aadsts7000215_and_a_wrong_scope_with_the_fixtures_error_shape() throws Exception {
        JsonNode fixture = Fixtures.json("azure-token-client-credentials.json").path("cases").get(1).path("response");

        HttpResponse<String> secret = token("wrong", azure.managementUrl() + "/.default");
        HttpResponse<String> scope = token(FakeAzure.CLIENT_SECRET, azure.managementUrl() + "/user_impersonation");

        assertThat(secret.statusCode()).isEqualTo(401);
        JsonNode refused = JSON.readTree(secret.body());
        assertThat(refused.path("error").asText()).isEqualTo("invalid_client");
        assertThat(refused.path("error_description").asText()).startsWith("AADSTS7000215: Invalid client secret");
        assertThat(refused.path("error_codes").get(0).asLong()).isEqualTo(7000215);
        assertThat(fields(refused)).isEqualTo(fields(fixture.path("body")));
        assertThat(scope.statusCode()).isEqualTo(fixture.path("status").asInt());
        assertThat(JSON.readTree(scope.body()).path("error").asText()).isEqualTo("invalid_scope");
        assertThat(azure.tokenRequests()).isZero();
    }

    @Test
    void creates_and_reads_jobs_shaped_like_the_fixtures() throws Exception {
        String token = JSON.readTree(token(FakeAzure.CLIENT_SECRET, azure.managementUrl() + "/.default").body())
                .path("access_token").asText();
        JsonNode create = Fixtures.json("azure-create-job.json");

        HttpResponse<String> created = arm("PUT", "deploybot-D0042", "", token,
                create.path("request").path("body").toString());
        HttpResponse<String> read = arm("GET", "deploybot-D0042", "", token, null);
        HttpResponse<String> missing = arm("GET", "does-not-exist", "", token, null);

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode job = JSON.readTree(created.body());
        assertThat(fields(job)).isEqualTo(fields(create.path("response").path("body")));
        assertThat(job.path("id").asText()).isEqualTo(create.path("response").path("body").path("id").asText());
        assertThat(job.path("properties").path("status").asText()).isEqualTo("New");
        assertThat(job.path("properties").path("parameters"))
                .isEqualTo(create.path("request").path("body").path("properties").path("parameters"));
        JsonNode cases = Fixtures.json("azure-get-job.json").path("cases");
        assertThat(fields(JSON.readTree(read.body()))).isEqualTo(fields(cases.get(0).path("response").path("body")));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(fields(JSON.readTree(missing.body()))).isEqualTo(fields(cases.get(5).path("response").path("body")));
        assertThat(azure.job("deploybot-D0042")).get().extracting(FakeAzure.Job::clientRequestId).isNull();
    }

    @Test
    void walks_a_jobs_script_and_gives_its_output_as_text_and_its_error_streams() throws Exception {
        String token = JSON.readTree(token(FakeAzure.CLIENT_SECRET, azure.managementUrl() + "/.default").body())
                .path("access_token").asText();
        azure.script("job-1", FakeAzure.Script.fails("Deployment slot swap failed: slot 'staging' is not healthy."));
        arm("PUT", "job-1", "", token, "{\"properties\":{\"runbook\":{\"name\":\"" + FakeAzure.RUNBOOK
                + "\"},\"parameters\":{},\"runOn\":\"\"}}");

        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(JSON.readTree(arm("GET", "job-1", "", token, null).body()).path("properties").path("status")
                    .asText());
        }
        HttpResponse<String> output = arm("GET", "job-1/output", "", token, null);
        HttpResponse<String> streams = arm("GET", "job-1/streams",
                "&$filter=properties/streamType%20eq%20'Error'", token, null);

        assertThat(statuses).containsExactly("New", "Running", "Failed", "Failed");
        JsonNode failed = Fixtures.json("azure-get-job.json").path("cases").get(3).path("response").path("body");
        assertThat(output.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(output.body()).isEqualTo(
                Fixtures.json("azure-job-output.json").path("response").path("body").asText());
        JsonNode fixture = Fixtures.json("azure-job-streams.json").path("response").path("body");
        JsonNode answer = JSON.readTree(streams.body());
        assertThat(fields(answer)).isEqualTo(fields(fixture));
        assertThat(answer.path("value").get(0).path("properties").path("summary").asText())
                .isEqualTo(failed.path("properties").path("exception").asText());
    }

    @Test
    void refuses_a_create_without_json_content_type_and_a_token_it_did_not_issue() throws Exception {
        HttpResponse<String> noToken = arm("GET", "job-1", "", "made-up", null);
        String token = JSON.readTree(token(FakeAzure.CLIENT_SECRET, azure.managementUrl() + "/.default").body())
                .path("access_token").asText();
        HttpRequest plain = HttpRequest.newBuilder(URI.create(azure.managementUrl() + FakeAzure.jobId("job-1")
                        + "?api-version=" + FakeAzure.API_VERSION)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString("{}")).build();

        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(HTTP.send(plain, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(415);
        assertThat(azure.jobs()).isEmpty();
    }

    private HttpResponse<String> token(String secret, String scope) throws IOException, InterruptedException {
        String form = "client_id=" + enc(FakeAzure.CLIENT_ID) + "&scope=" + enc(scope) + "&client_secret=" + enc(secret)
                + "&grant_type=client_credentials";
        return HTTP.send(HttpRequest.newBuilder(URI.create(azure.authorityUrl() + "/" + FakeAzure.TENANT
                        + "/oauth2/v2.0/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> arm(String method, String job, String query, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(azure.managementUrl() + FakeAzure.jobId(job)
                        + "?api-version=" + FakeAzure.API_VERSION + query))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The object's field names, and those of its objects, as paths. */
    private static TreeSet<String> fields(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        collect(node, "", names);
        return names;
    }

    private static void collect(JsonNode node, String prefix, TreeSet<String> names) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                // parameters are the runbook's own names, not Azure's
                if (field.getKey().equals("parameters")) {
                    names.add(prefix + field.getKey());
                    continue;
                }
                names.add(prefix + field.getKey());
                collect(field.getValue(), prefix + field.getKey() + ".", names);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            collect(node.get(0), prefix + "[].", names);
        }
    }
}
