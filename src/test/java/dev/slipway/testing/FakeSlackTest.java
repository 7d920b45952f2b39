package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake answers as the Slack Web API fixtures do, whichever way the request is encoded. */
class FakeSlackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeSlack slack = new FakeSlack(FakeSlack.TOKEN);

    @AfterEach
    void stop() {
        slack.close();
    }

    @Test
    void serves_the_api_on_the_loopback_address() {
        assertThat(slack.apiUrl()).matches("http://127\\.0\\.0\\.1:\\d+/api/");
    }

    @Test
    void posts_messages_with_increasing_ts_and_echoes_them_like_the_fixture() throws Exception {
        Response first = form("chat.postMessage", Map.of("channel", "C0001", "thread_ts", "1717171600.000100",
                "text", "Deploy web-api v2.14.0 to production?"));
        Response second = form("chat.postMessage", Map.of("channel", "C0001", "text", "second"));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("ok").asBoolean()).isTrue();
        assertThat(first.body().get("channel").asText()).isEqualTo("C0001");
        assertThat(first.body().get("ts").asText()).isEqualTo("1717171800.000100");
        JsonNode message = first.body().get("message");
        assertThat(message.get("text").asText()).isEqualTo("Deploy web-api v2.14.0 to production?");
        assertThat(message.get("ts").asText()).isEqualTo("1717171800.000100");
        assertThat(message.get("thread_ts").asText()).isEqualTo("1717171600.000100");
        assertThat(message.get("bot_id").asText()).isEqualTo("B0001");
        assertThat(second.body().get("ts").asText()).isEqualTo("1717171800.000200");
        assertThat(second.body().get("message").has("thread_ts")).isFalse();
        assertThat(slack.messages()).containsExactly(
                new FakeSlack.Message("C0001", "1717171800.000100", "1717171600.000100", "Deploy web-api v2.14.0 to production?"),
                new FakeSlack.Message("C0001", "1717171800.000200", null, "second"));
    }

    @Test
    void accepts_a_json_body_with_the_token_in_the_header_and_a_form_with_the_token_as_a_field() throws Exception {
        Response json = send("chat.postEphemeral", "application/json; charset=utf-8",
                "{\"channel\":\"C0001\",\"user\":\"U0001\",\"text\":\"only you\",\"blocks\":[]}", FakeSlack.TOKEN);
        Response viaField = send("auth.test", "application/x-www-form-urlencoded",
                "token=" + URLEncoder.encode(FakeSlack.TOKEN, StandardCharsets.UTF_8), null);

        assertThat(json.body().get("ok").asBoolean()).isTrue();
        assertThat(json.body().get("message_ts").asText()).matches("\\d{10}\\.\\d{6}");
        assertThat(slack.calls("chat.postEphemeral")).singleElement().satisfies(call -> {
            assertThat(call.param("user")).isEqualTo("U0001");
            assertThat(call.param("blocks")).isEqualTo("[]");
            assertThat(call.headers()).containsEntry("authorization", "Bearer " + FakeSlack.TOKEN);
        });
        assertThat(viaField.body().get("ok").asBoolean()).isTrue();
        assertThat(viaField.body().get("user_id").asText()).isEqualTo("U0009");
        assertThat(viaField.body().get("team_id").asText()).isEqualTo("T0001");
    }

    @Test
    void refuses_a_wrong_or_missing_token_with_http_200_as_slack_does() throws Exception {
        Response wrong = send("auth.test", "application/x-www-form-urlencoded", "", "xoxb-revoked-FakeToken");
        Response missing = send("auth.test", "application/x-www-form-urlencoded", "", null);

        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.body().toString()).isEqualTo("{\"ok\":false,\"error\":\"invalid_auth\"}");
        assertThat(missing.body().get("error").asText()).isEqualTo("not_authed");
        assertThat(slack.calls("auth.test")).hasSize(2);
    }

    @Test
    void answers_the_next_calls_of_a_method_with_scripted_trouble_then_recovers() throws Exception {
        slack.rateLimitNext("chat.postMessage", 1, 7);
        slack.failNext("chat.postMessage", 1, "not_in_channel");
        slack.serverErrorNext("chat.postMessage", 1);
        Map<String, String> post = Map.of("channel", "C0001", "text", "hello");

        Response limited = form("chat.postMessage", post);
        Response refused = form("chat.postMessage", post);
        HttpResponse<String> broken = raw("chat.postMessage", post);
        Response fine = form("chat.postMessage", post);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.retryAfter()).isEqualTo("7");
        assertThat(limited.body().get("error").asText()).isEqualTo("ratelimited");
        assertThat(refused.body().get("error").asText()).isEqualTo("not_in_channel");
        assertThat(broken.statusCode()).isEqualTo(503);
        assertThat(fine.body().get("ok").asBoolean()).isTrue();
        assertThat(form("auth.test", Map.of()).body().get("ok").asBoolean()).isTrue();
        assertThat(slack.calls("chat.postMessage")).hasSize(4);
        assertThat(slack.messages()).hasSize(1);
    }

    @Test
    void a_removed_channel_is_not_found() throws Exception {
        slack.removeChannel("C0404");

        assertThat(form("chat.postMessage", Map.of("channel", "C0404", "text", "hello")).body().get("error").asText())
                .isEqualTo("channel_not_found");
        assertThat(form("chat.postMessage", Map.of("channel", "C0001", "text", "hello")).body().get("ok").asBoolean())
                .isTrue();
    }

    @Test
    void updates_only_messages_it_posted_and_still_has() throws Exception {
        String ts = form("chat.postMessage", Map.of("channel", "C0001", "text", "queued")).body().get("ts").asText();

        Response updated = form("chat.update", Map.of("channel", "C0001", "ts", ts, "text", "running"));
        Response unknown = form("chat.update", Map.of("channel", "C0001", "ts", "1600000000.000100", "text", "x"));
        slack.deleteMessage("C0001", ts);
        Response deleted = form("chat.update", Map.of("channel", "C0001", "ts", ts, "text", "succeeded"));

        assertThat(updated.body().get("ts").asText()).isEqualTo(ts);
        assertThat(updated.body().get("text").asText()).isEqualTo("running");
        assertThat(updated.body().get("message").has("edited")).isTrue();
        assertThat(unknown.body().get("error").asText()).isEqualTo("message_not_found");
        assertThat(deleted.body().get("error").asText()).isEqualTo("message_not_found");
        assertThat(slack.messages()).isEmpty();
    }

    @Test
    void shows_the_latest_text_of_an_updated_message() throws Exception {
        String ts = form("chat.postMessage", Map.of("channel", "C0001", "text", "queued")).body().get("ts").asText();
        form("chat.update", Map.of("channel", "C0001", "ts", ts, "text", "running"));

        assertThat(slack.messages()).extracting(FakeSlack.Message::text).containsExactly("running");
    }

    @Test
    void a_second_identical_reaction_is_already_reacted() throws Exception {
        Map<String, String> eyes = Map.of("channel", "C0001", "timestamp", "1717171700.000200", "name", "eyes");

        assertThat(form("reactions.add", eyes).body().toString()).isEqualTo("{\"ok\":true}");
        assertThat(form("reactions.add", eyes).body().get("error").asText()).isEqualTo("already_reacted");
        assertThat(slack.reactions("C0001", "1717171700.000200")).containsExactly("eyes");
    }

    @Test
    void opens_one_direct_message_channel_per_user() throws Exception {
        Response first = form("conversations.open", Map.of("users", "U0002"));
        Response again = form("conversations.open", Map.of("users", "U0002"));

        assertThat(first.body().toString()).isEqualTo("{\"ok\":true,\"channel\":{\"id\":\"D0001\"}}");
        assertThat(again.body().get("already_open").asBoolean()).isTrue();
        assertThat(again.body().get("channel").get("id").asText()).isEqualTo("D0001");
    }

    @Test
    void hands_out_a_socket_mode_url_for_the_app_token_only() throws Exception {
        slack.socketMode(FakeSlackSocketMode.APP_TOKEN);

        Response opened = send("apps.connections.open", "application/x-www-form-urlencoded", "", FakeSlackSocketMode.APP_TOKEN);
        Response withBotToken = send("apps.connections.open", "application/x-www-form-urlencoded", "", FakeSlack.TOKEN);
        Response postWithAppToken = send("chat.postMessage", "application/json",
                "{\"channel\":\"C0001\",\"text\":\"hi\"}", FakeSlackSocketMode.APP_TOKEN);

        assertThat(opened.body().get("ok").asBoolean()).isTrue();
        assertThat(opened.body().get("url").asText()).matches("ws://127\\.0\\.0\\.1:\\d+/link\\?ticket=[0-9a-f-]+");
        assertThat(withBotToken.body().get("error").asText()).isEqualTo("not_allowed_token_type");
        assertThat(postWithAppToken.body().get("error").asText()).isEqualTo("not_allowed_token_type");
        assertThat(slack.messages()).isEmpty();
    }

    @Test
    void says_hello_pushes_envelopes_and_records_their_acknowledgements() throws Exception {
        FakeSlackSocketMode socket = slack.socketMode(FakeSlackSocketMode.APP_TOKEN);
        String url = send("apps.connections.open", "application/x-www-form-urlencoded", "", FakeSlackSocketMode.APP_TOKEN)
                .body().get("url").asText();
        List<String> frames = new CopyOnWriteArrayList<>();
        WebSocketClient client = new WebSocketClient(URI.create(url)) {
            @Override
            public void onOpen(ServerHandshake handshake) {
            }

            @Override
            public void onMessage(String message) {
                frames.add(message);
            }

            @Override
            public void onClose(int code, String reason, boolean remote) {
            }

            @Override
            public void onError(Exception e) {
            }
        };
        try {
            assertThat(client.connectBlocking()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 1 && socket.isConnected());
            assertThat(JSON.readTree(frames.get(0)).get("type").asText()).isEqualTo("hello");

            String event = socket.pushEvent(SlackRequests.mention("Ev0001", "U0002", "C0001", "1717171700.000200", null, "hi"));
            String command = socket.pushSlashCommand(Map.of("command", "/slipway", "text", "status"));
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 3);
            JsonNode eventEnvelope = JSON.readTree(frames.get(1));
            assertThat(eventEnvelope.get("envelope_id").asText()).isEqualTo(event);
            assertThat(eventEnvelope.get("type").asText()).isEqualTo("events_api");
            assertThat(eventEnvelope.get("accepts_response_payload").asBoolean()).isFalse();
            assertThat(eventEnvelope.get("retry_attempt").asInt()).isZero();
            assertThat(eventEnvelope.at("/payload/event/type").asText()).isEqualTo("app_mention");
            JsonNode commandEnvelope = JSON.readTree(frames.get(2));
            assertThat(commandEnvelope.get("type").asText()).isEqualTo("slash_commands");
            assertThat(commandEnvelope.get("accepts_response_payload").asBoolean()).isTrue();
            assertThat(commandEnvelope.at("/payload/text").asText()).isEqualTo("status");

            client.send("{\"envelope_id\":\"" + event + "\"}");
            client.send("{\"envelope_id\":\"" + command + "\",\"payload\":{\"text\":\"all quiet\"}}");
            await().atMost(Duration.ofSeconds(10)).until(() -> socket.acks().size() == 2);
            assertThat(socket.ack(event).orElseThrow().payload()).isNull();
            assertThat(socket.ack(command).orElseThrow().payload().get("text").asText()).isEqualTo("all quiet");
        } finally {
            client.closeBlocking();
        }
    }

    @Test
    void a_closing_fake_answers_without_connection_close_then_closes_the_connection() throws Exception {
        try (FakeSlack closing = FakeSlack.closingEveryConnection(FakeSlack.TOKEN);
             Socket socket = connect(closing)) {
            OutputStream out = socket.getOutputStream();
            out.write(postMessage("first").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"ok\":true").doesNotContainIgnoringCase("connection: close");
            assertThat(closing.calls("chat.postMessage")).hasSize(1);
            assertThat(closing.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void a_request_sent_again_on_the_closed_connection_never_reaches_the_closing_fake() throws Exception {
        try (FakeSlack closing = FakeSlack.closingEveryConnection(FakeSlack.TOKEN);
             Socket socket = connect(closing)) {
            OutputStream out = socket.getOutputStream();
            out.write(postMessage("first").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.getInputStream().readAllBytes();

            sendQuietly(out, postMessage("second"));

            assertThat(endOfStreamOrReset(socket)).isTrue();
            assertThat(closing.messages()).extracting(FakeSlack.Message::text).containsExactly("first");
        }
    }

    @Test
    void a_dropped_call_is_carried_out_and_recorded_but_never_answered() throws Exception {
        slack.dropAfterReceivingNext("chat.postMessage", 1);
        URI uri = URI.create(slack.apiUrl());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(postMessage("lost answer").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();

            assertThat(socket.getInputStream().readAllBytes()).isEmpty();
        }
        Response next = form("chat.postMessage", Map.of("channel", "C0001", "text", "answered"));

        assertThat(slack.calls("chat.postMessage")).hasSize(2);
        assertThat(slack.messages()).extracting(FakeSlack.Message::text).containsExactly("lost answer", "answered");
        assertThat(next.body().get("ok").asBoolean()).isTrue();
    }

    @Test
    void refuses_posts_in_a_channel_the_bot_left_or_that_is_archived() throws Exception {
        slack.leaveChannel("C0002");
        slack.archiveChannel("C0003");

        assertThat(form("chat.postMessage", Map.of("channel", "C0002", "text", "hi")).body().get("error").asText())
                .isEqualTo("not_in_channel");
        assertThat(form("chat.update", Map.of("channel", "C0003", "ts", "1.2", "text", "hi")).body().get("error").asText())
                .isEqualTo("is_archived");
        assertThat(form("chat.postMessage", Map.of("channel", "C0001", "text", "hi")).body().get("ok").asBoolean())
                .isTrue();
    }

    @Test
    void a_response_url_takes_five_posts_and_records_them_then_answers_used_url() throws Exception {
        String url = slack.responseUrl("abc");
        List<Integer> statuses = new java.util.ArrayList<>();
        String last = null;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"update " + i + "\",\"response_type\":\"in_channel\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            statuses.add(answer.statusCode());
            last = answer.body();
        }

        assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/response/abc");
        assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 404);
        assertThat(last).isEqualTo("used_url");
        assertThat(slack.responsePosts("abc")).hasSize(5).first()
                .satisfies(post -> assertThat(post.get("text").asText()).isEqualTo("update 0"));
        assertThat(slack.responsePosts("other")).isEmpty();
    }

    @Test
    void exchanges_a_sign_in_code_once_for_a_user_token_and_an_id_token() throws Exception {
        slack.acceptClient("1111.2222", "shh");
        String code = slack.authorize("U0001", "T0001", "Alice", "n-0001");
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("1111.2222:shh".getBytes(StandardCharsets.UTF_8));
        String form = "code=" + URLEncoder.encode(code, StandardCharsets.UTF_8) + "&redirect_uri=https%3A%2F%2Fx.example%2Fcb";

        Response first = send("openid.connect.token", "application/x-www-form-urlencoded", form, basic);
        Response again = send("openid.connect.token", "application/x-www-form-urlencoded", form, basic);
        Response wrongSecret = send("openid.connect.token", "application/x-www-form-urlencoded",
                form + "&client_id=1111.2222&client_secret=nope", null);

        assertThat(first.body().get("ok").asBoolean()).isTrue();
        assertThat(first.body().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(first.body().get("access_token").asText()).startsWith("xoxp-").isEqualTo(slack.userTokensIssued().get(0));
        String[] jwt = first.body().get("id_token").asText().split("\\.");
        assertThat(jwt).hasSize(3);
        assertThat(JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt[0])).get("alg").asText()).isEqualTo("RS256");
        JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt[1]));
        assertThat(claims.get("iss").asText()).isEqualTo("https://slack.com");
        assertThat(claims.get("sub").asText()).isEqualTo("U0001");
        assertThat(claims.get("aud").asText()).isEqualTo("1111.2222");
        assertThat(claims.get("nonce").asText()).isEqualTo("n-0001");
        assertThat(claims.get("https://slack.com/user_id").asText()).isEqualTo("U0001");
        assertThat(claims.get("https://slack.com/team_id").asText()).isEqualTo("T0001");
        assertThat(claims.get("exp").asLong()).isGreaterThan(claims.get("iat").asLong());
        assertThat(again.body().get("error").asText()).isEqualTo("invalid_code");
        assertThat(wrongSecret.body().get("error").asText()).isEqualTo("bad_client_secret");
        assertThat(slack.calls("openid.connect.token")).hasSize(3).first()
                .satisfies(call -> assertThat(call.headers()).containsEntry("authorization", basic));
    }

    @Test
    void tells_who_signed_in_to_the_holder_of_their_user_token_only() throws Exception {
        slack.acceptClient("1111.2222", "shh");
        String code = slack.authorize("U0001", "T0001", "Alice", "n");
        send("openid.connect.token", "application/x-www-form-urlencoded",
                "client_id=1111.2222&client_secret=shh&code=" + URLEncoder.encode(code, StandardCharsets.UTF_8), null);
        String userToken = slack.userTokensIssued().get(0);

        Response info = send("openid.connect.userInfo", "application/x-www-form-urlencoded", "", userToken);
        Response withBotToken = send("openid.connect.userInfo", "application/x-www-form-urlencoded", "", FakeSlack.TOKEN);
        Response withNone = send("openid.connect.userInfo", "application/x-www-form-urlencoded", "", null);
        slack.userInfoOfAnotherUserNext("U0666");
        Response mixedUp = send("openid.connect.userInfo", "application/x-www-form-urlencoded", "", userToken);

        assertThat(info.body().get("ok").asBoolean()).isTrue();
        assertThat(info.body().get("sub").asText()).isEqualTo("U0001");
        assertThat(info.body().get("https://slack.com/user_id").asText()).isEqualTo("U0001");
        assertThat(info.body().get("https://slack.com/team_id").asText()).isEqualTo("T0001");
        assertThat(info.body().get("name").asText()).isEqualTo("Alice");
        assertThat(withBotToken.body().get("error").asText()).isEqualTo("invalid_auth");
        assertThat(withNone.body().get("error").asText()).isEqualTo("not_authed");
        assertThat(mixedUp.body().get("https://slack.com/user_id").asText()).isEqualTo("U0666");
    }

    @Test
    void the_authorize_page_sends_the_browser_back_with_a_code_for_the_person_signed_in() throws Exception {
        slack.acceptClient("1111.2222", "shh");
        slack.signInAs("U0002", "T0001", "Bob");
        String redirect = "https://x.example/cb?from=dash";

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(slack.authorizeUrl()
                + "?response_type=code&scope=openid%20profile&client_id=1111.2222&state=s%2F1&nonce=n-2&redirect_uri="
                + URLEncoder.encode(redirect, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        String location = page.headers().firstValue("Location").orElseThrow();
        String code = java.net.URLDecoder.decode(location.replaceAll(".*[?&]code=([^&]*).*", "$1"), StandardCharsets.UTF_8);
        Response elsewhere = send("openid.connect.token", "application/x-www-form-urlencoded",
                "client_id=1111.2222&client_secret=shh&redirect_uri=https%3A%2F%2Fevil.example%2F&code="
                        + URLEncoder.encode(code, StandardCharsets.UTF_8), null);

        assertThat(slack.authorizeUrl()).matches("http://127\\.0\\.0\\.1:\\d+/openid/connect/authorize");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(location).startsWith(redirect + "&code=").endsWith("&state=s%2F1");
        assertThat(slack.calls("openid.connect.authorize")).singleElement()
                .satisfies(call -> assertThat(call.param("nonce")).isEqualTo("n-2"));
        assertThat(elsewhere.body().get("error").asText()).isEqualTo("bad_redirect_uri");
    }

    @Test
    void the_authorize_page_refuses_an_unknown_client_and_a_sign_in_no_one_was_preset_for() throws Exception {
        slack.acceptClient("1111.2222", "shh");
        String query = "?response_type=code&scope=openid&state=s&nonce=n&redirect_uri=https%3A%2F%2Fx.example%2Fcb";

        HttpResponse<String> nobody = http.send(HttpRequest.newBuilder(URI.create(slack.authorizeUrl() + query
                + "&client_id=1111.2222")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(slack.authorizeUrl() + query
                + "&client_id=9999")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(nobody.statusCode()).isEqualTo(400);
        assertThat(nobody.body()).contains("signInAs");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo("invalid_client_id");
    }

    private static Socket connect(FakeSlack fake) throws Exception {
        URI uri = URI.create(fake.apiUrl());
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** A keep-alive HTTP/1.1 chat.postMessage, as a client that means to reuse the connection sends it. */
    private static String postMessage(String text) {
        String body = "channel=C0001&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
        return "POST /api/chat.postMessage HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
                + "Authorization: Bearer " + FakeSlack.TOKEN + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** The peer closed: reading gives the end of the stream, or a reset if our late bytes reached it first. */
    private static boolean endOfStreamOrReset(Socket socket) {
        try {
            return socket.getInputStream().read() == -1;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    /** Writing to a connection the peer closed may fail at once or only later, as with any client. */
    private static void sendQuietly(OutputStream out, String request) {
        try {
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            // the peer has gone: the request did not get through either way
        }
    }

    private record Response(int status, String retryAfter, JsonNode body) {
    }

    private Response form(String method, Map<String, String> params) throws Exception {
        return parsed(raw(method, params));
    }

    private HttpResponse<String> raw(String method, Map<String, String> params) throws Exception {
        String body = new LinkedHashMap<>(params).entrySet().stream()
                .map(p -> URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return request(method, "application/x-www-form-urlencoded", body, FakeSlack.TOKEN);
    }

    private Response send(String method, String contentType, String body, String token) throws Exception {
        return parsed(request(method, contentType, body, token));
    }

    private HttpResponse<String> request(String method, String contentType, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(slack.apiUrl() + method))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            // a token, or client credentials already written as HTTP Basic
            request.header("Authorization", token.startsWith("Basic ") ? token : "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Response parsed(HttpResponse<String> response) throws Exception {
        return new Response(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                JSON.readTree(response.body()));
    }
}
