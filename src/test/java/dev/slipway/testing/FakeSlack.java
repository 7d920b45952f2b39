package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Slack Web API on 127.0.0.1, enough of it for Slipway: {@code chat.postMessage}, {@code chat.update},
 * {@code chat.postEphemeral}, {@code reactions.add}, {@code conversations.open} and {@code auth.test}, answering
 * with the bodies of the {@code slack-web-*.json} fixtures; and, once {@link #socketMode asked to}, Socket Mode's
 * {@code apps.connections.open} with a {@link FakeSlackSocketMode} behind it; and "Sign in with Slack" (OpenID
 * Connect): the browser's {@code GET /openid/connect/authorize}, {@code openid.connect.token} and
 * {@code openid.connect.userInfo}.
 *
 * <pre>{@code
 * try (FakeSlack slack = new FakeSlack(FakeSlack.TOKEN)) {
 *     SlackNotifier notifier = SlackNotifier.create(slack.apiUrl(), FakeSlack.TOKEN);
 *     slack.rateLimitNext("chat.postMessage", 1, 7);      // the next post gets HTTP 429, Retry-After: 7
 *     ...
 *     slack.calls("chat.postMessage").get(0).param("thread_ts");
 *     slack.calls("chat.update").get(0).json("blocks");   // the Block Kit blocks sent, as JSON
 *     slack.messages();                                    // what the channels show now
 * }
 * }</pre>
 *
 * <ul>
 *   <li>Requests are {@code POST /api/<method>} with a form or JSON body; the token may come as
 *       {@code Authorization: Bearer} or as the {@code token} field. A missing token gets {@code not_authed}, a wrong
 *       one {@code invalid_auth} (both {@code ok:false} with HTTP 200, as Slack does).</li>
 *   <li>Every call is recorded, refused ones too: see {@link #calls(String)}.</li>
 *   <li>Posted messages get increasing ts ({@code 1717171800.000100}, {@code …000200}) and are kept, so
 *       {@code chat.update} of a ts it never posted (or {@link #deleteMessage deleted}) answers
 *       {@code message_not_found}. Adding a reaction twice answers {@code already_reacted}.</li>
 *   <li>Every channel exists unless {@link #removeChannel removed}: then {@code channel_not_found}. The bot is in
 *       every channel unless {@link #leaveChannel left} ({@code not_in_channel}) or it was {@link #archiveChannel
 *       archived} ({@code is_archived}).</li>
 *   <li>{@link #responseUrl} gives a slash command's response URL on this fake, {@code /response/<id>}; what is
 *       posted there is recorded ({@link #responsePosts}), and like Slack it takes 5 posts, then answers 404
 *       {@code used_url}.</li>
 *   <li>Trouble can be scripted per method for the next calls: {@link #failNext}, {@link #rateLimitNext},
 *       {@link #serverErrorNext}, and {@link #dropAfterReceivingNext} (carried out, then the connection closed
 *       unanswered).</li>
 *   <li>Sign in with Slack: {@link #acceptClient} sets the app's credentials, which {@code openid.connect.token}
 *       takes as HTTP Basic (as the SDK sends them) or form fields. A test either gets a code straight away with
 *       {@link #authorize}, or presets who is signed in with {@link #signInAs} and lets a browser follow
 *       {@link #authorizeUrl}: {@code GET /openid/connect/authorize?client_id=..&redirect_uri=..&state=..&nonce=..}
 *       redirects (302) at once to {@code <redirect_uri>?code=<code>&state=<state>}. A code is exchanged once (then
 *       {@code invalid_code}) for a user token ({@code xoxp-}) and an id_token, a JWT whose payload carries
 *       {@code iss}, {@code sub}, {@code aud}, {@code nonce}, {@code exp}, {@code iat} and Slack's user and team
 *       claims; {@code openid.connect.userInfo} takes that user token as a bearer token.</li>
 *   <li>{@link #closingEveryConnection} makes a fake that closes every connection after its answer without a
 *       {@code Connection: close}, as some Slack-compatible servers do.</li>
 * </ul>
 * All methods are thread-safe.
 */
public final class FakeSlack implements AutoCloseable {
    /** The bot token of the fixtures. */
    public static final String TOKEN = "xoxb-0000000000-0000000000000-FakeBotToken0001";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FIRST_SECOND = 1_717_171_800L;
    private static final String BOT_USER = "U0009";

    /** One request as it arrived: params from the body (and query), header names in lower case. */
    public record Call(String method, Map<String, String> params, Map<String, String> headers) {
        public String param(String name) {
            return params.get(name);
        }

        /** A param that carries JSON, such as {@code blocks}, parsed; null when it was not sent. */
        public JsonNode json(String name) {
            String value = params.get(name);
            if (value == null) {
                return null;
            }
            try {
                return JSON.readTree(value);
            } catch (IOException e) {
                throw new UncheckedIOException("param " + name + " of " + method + " is not JSON", e);
            }
        }
    }

    /** A message as the channel shows it now; {@code threadTs} is null at the top of the channel. */
    public record Message(String channel, String ts, String threadTs, String text) {
    }

    private record Answer(int status, Map<String, String> headers, String body) {
    }

    /** A person signing in with Slack; {@code redirectUri} is null for a code {@link #authorize} gave a test. */
    private record SignIn(String userId, String teamId, String name, String nonce, String redirectUri) {
    }

    /** How many posts Slack takes through one response URL. */
    public static final int RESPONSE_URL_USES = 5;

    private final String token;
    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Deque<Answer>> scripted = new HashMap<>();
    private final Set<String> removedChannels = new HashSet<>();
    private final Map<String, String> unpostable = new HashMap<>();
    private final Map<String, List<JsonNode>> responsePosts = new HashMap<>();
    private final Map<String, Message> messages = new LinkedHashMap<>();
    private final Map<String, List<String>> reactions = new HashMap<>();
    private final Map<String, String> openedIms = new HashMap<>();
    private final Map<String, Integer> drops = new HashMap<>();
    private final FakeSlackClosingFront front;
    /** The bot token of each workspace the app is installed in (the fixtures' token is T0001's), and back. */
    private final Map<String, String> teamOfToken = new HashMap<>();
    private final Map<String, String> installCodes = new HashMap<>();
    private final Map<String, SignIn> signInCodes = new HashMap<>();
    private final Map<String, SignIn> signedInTokens = new LinkedHashMap<>();
    private final Deque<String> userInfoOthers = new ArrayDeque<>();
    private SignIn presetSignIn;
    private long signIns;
    private String clientId;
    private String clientSecret;
    private long posted;
    private String appToken;
    private FakeSlackSocketMode socketMode;

    /** Starts serving on a free port, accepting only {@code token}. */
    public FakeSlack(String token) {
        this(token, false);
    }

    private FakeSlack(String token, boolean closingEveryConnection) {
        this.token = token;
        teamOfToken.put(token, "T0001");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/", this::handle);
        server.createContext("/response/", this::respond);
        server.createContext("/openid/connect/authorize", this::authorizePage);
        server.start();
        front = closingEveryConnection ? new FakeSlackClosingFront(server.getAddress().getPort()) : null;
    }

    /**
     * A fake that closes the connection right after every answer without saying so (no {@code Connection: close}),
     * as some Slack-compatible servers and proxies do: a client that keeps the connection for its next request finds
     * it closed. Everything else is as {@link #FakeSlack(String)}.
     */
    public static FakeSlack closingEveryConnection(String token) {
        return new FakeSlack(token, true);
    }

    /** Like {@code https://slack.com/api/}: {@code http://127.0.0.1:<port>/api/}. */
    public String apiUrl() {
        int port = front != null ? front.port() : server.getAddress().getPort();
        return "http://127.0.0.1:" + port + "/api/";
    }

    /** TCP connections clients opened to a fake {@link #closingEveryConnection closing every connection}. */
    public int connectionsOpened() {
        if (front == null) {
            throw new IllegalStateException("only a fake closing every connection counts them");
        }
        return front.connectionsAccepted();
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The texts of the ephemeral messages posted to {@code user}, in order. */
    public List<String> ephemeralsTo(String user) {
        return calls("chat.postEphemeral").stream().filter(c -> user.equals(c.param("user"))).map(c -> c.param("text"))
                .toList();
    }

    /** The calls of one method ({@code "chat.postMessage"}), oldest first. */
    public synchronized List<Call> calls(String method) {
        return calls.stream().filter(call -> call.method().equals(method)).toList();
    }

    /** The direct message channel {@code conversations.open} gave {@code user}, if it was opened. */
    public synchronized java.util.Optional<String> directMessageOf(String user) {
        return java.util.Optional.ofNullable(openedIms.get(user));
    }

    /** Messages posted so far, with their latest text, in the order they were posted. */
    public synchronized List<Message> messages() {
        return List.copyOf(messages.values());
    }

    /** Reaction names added to the message {@code ts} in {@code channel}, in order. */
    public synchronized List<String> reactions(String channel, String ts) {
        return List.copyOf(reactions.getOrDefault(channel + "/" + ts, List.of()));
    }

    /** The app's OAuth credentials, which {@code oauth.v2.access} and {@code openid.connect.token} require (HTTP Basic or form fields). */
    public synchronized void acceptClient(String id, String secret) {
        clientId = id;
        clientSecret = secret;
    }

    /**
     * {@code code}, exchanged once through {@code oauth.v2.access}, installs the app in {@code team} (its name
     * {@code teamName}) with {@code botToken}, answered in the shape of the fixture's workspace install; from then on
     * Web API calls with that token act in that workspace. A code used a second time is {@code invalid_code}.
     */
    public synchronized void installableWith(String code, String team, String teamName, String botToken) {
        installCodes.put(code, JSON.createObjectNode().put("ok", true).put("app_id", "A0001")
                .<ObjectNode>set("authed_user", JSON.createObjectNode().put("id", "U0001"))
                .put("scope", "app_mentions:read,chat:write,chat:write.public,commands,reactions:write,im:write")
                .put("token_type", "bot").put("access_token", botToken).put("bot_user_id", BOT_USER)
                .<ObjectNode>set("team", JSON.createObjectNode().put("id", team).put("name", teamName))
                .putNull("enterprise").put("is_enterprise_install", false).toString());
    }

    /**
     * {@code code} installs the app in every workspace of the organisation {@code enterprise} at once, as the
     * fixture's organisation-wide install: {@code team} is null in the answer, and calls with {@code botToken} act in
     * {@code workspace} (the one a test then writes from).
     */
    public synchronized void installableOrgWideWith(String code, String enterprise, String name, String botToken,
                                                    String workspace) {
        installCodes.put(code, JSON.createObjectNode().put("ok", true).put("app_id", "A0001")
                .<ObjectNode>set("authed_user", JSON.createObjectNode().put("id", "U0001"))
                .put("scope", "app_mentions:read,chat:write,commands").put("token_type", "bot")
                .put("access_token", botToken).put("bot_user_id", BOT_USER).putNull("team")
                .<ObjectNode>set("enterprise", JSON.createObjectNode().put("id", enterprise).put("name", name))
                .put("is_enterprise_install", true).put("fake_workspace", workspace).toString());
    }

    /**
     * A one-time code for {@code openid.connect.token}, as if {@code userId} of {@code teamId} (called {@code name})
     * had just signed in with Slack in a sign-in started with {@code nonce}. It is not tied to a redirect URI.
     */
    public synchronized String authorize(String userId, String teamId, String name, String nonce) {
        return issueCode(new SignIn(userId, teamId, name, nonce, null));
    }

    /**
     * From now on a browser sent to {@link #authorizeUrl} is signed in as {@code userId} of {@code teamId}, called
     * {@code name}, and sent straight back to its {@code redirect_uri} with a code and its {@code state}.
     */
    public synchronized void signInAs(String userId, String teamId, String name) {
        presetSignIn = new SignIn(userId, teamId, name, null, null);
    }

    /** Like {@code https://slack.com/openid/connect/authorize}: {@code http://127.0.0.1:<port>/openid/connect/authorize}. */
    public String authorizeUrl() {
        return apiUrl().substring(0, apiUrl().length() - "api/".length()) + "openid/connect/authorize";
    }

    /** The user tokens {@code openid.connect.token} handed out, oldest first. */
    public synchronized List<String> userTokensIssued() {
        return List.copyOf(signedInTokens.keySet());
    }

    /**
     * The next {@code openid.connect.userInfo} answers for {@code userId} whatever token it is given, as a mix-up
     * between two people would; the client must notice that it is not who the id_token named.
     */
    public synchronized void userInfoOfAnotherUserNext(String userId) {
        userInfoOthers.add(userId);
    }

    /** Revokes {@code botToken}, as uninstalling the app does: calls with it then get {@code invalid_auth}. */
    public synchronized void revoke(String botToken) {
        teamOfToken.remove(botToken);
    }

    /** The workspace whose bot token {@code call} was made with, or null for a token of none. */
    public synchronized String teamOf(Call call) {
        String bearer = call.headers().getOrDefault("authorization", "");
        return teamOfToken.get(bearer.startsWith("Bearer ") ? bearer.substring("Bearer ".length()) : call.param("token"));
    }

    /** The next {@code times} calls of {@code method} answer {@code {"ok":false,"error":<error>}}. */
    public void failNext(String method, int times, String error) {
        script(method, times, new Answer(200, Map.of(), error(error)));
    }

    /** The next {@code times} calls of {@code method} answer HTTP 429 with {@code Retry-After} and {@code ratelimited}. */
    public void rateLimitNext(String method, int times, int retryAfterSeconds) {
        script(method, times, new Answer(429, Map.of("Retry-After", String.valueOf(retryAfterSeconds)), error("ratelimited")));
    }

    /** The next {@code times} calls of {@code method} answer HTTP 503 with a page that is not JSON. */
    public void serverErrorNext(String method, int times) {
        script(method, times, new Answer(503, Map.of("Content-Type", "text/html"), "<html>Service Unavailable</html>"));
    }

    /** As {@link #serverErrorNext(String, int)}, with {@code Retry-After} ({@code 0}: "try again at once"). */
    public void serverErrorNext(String method, int times, int retryAfterSeconds) {
        script(method, times, new Answer(503, Map.of("Content-Type", "text/html", "Retry-After", String.valueOf(retryAfterSeconds)),
                "<html>Service Unavailable</html>"));
    }

    /**
     * The next {@code times} calls of {@code method} are carried out (a post is posted) and recorded, then their
     * connection is closed without an answer: what a client sees when the connection breaks after Slack got the
     * request.
     */
    public synchronized void dropAfterReceivingNext(String method, int times) {
        drops.merge(method, times, Integer::sum);
    }

    /** From now on {@code channel} does not exist: every method naming it answers {@code channel_not_found}. */
    public synchronized void removeChannel(String channel) {
        removedChannels.add(channel);
    }

    /** The bot is no longer in {@code channel}: posting, updating and reacting there answer {@code not_in_channel}. */
    public synchronized void leaveChannel(String channel) {
        unpostable.put(channel, "not_in_channel");
    }

    /** {@code channel} is archived: posting, updating and reacting there answer {@code is_archived}. */
    public synchronized void archiveChannel(String channel) {
        unpostable.put(channel, "is_archived");
    }

    /** The response URL a slash command would carry, on this fake: {@code http://127.0.0.1:<port>/response/<id>}. */
    public String responseUrl(String id) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/response/" + id;
    }

    /** The JSON bodies posted to {@link #responseUrl(String) response URL} {@code id} and taken, oldest first. */
    public synchronized List<JsonNode> responsePosts(String id) {
        return List.copyOf(responsePosts.getOrDefault(id, List.of()));
    }

    /** Someone deleted the message: updating it now answers {@code message_not_found}. */
    public synchronized void deleteMessage(String channel, String ts) {
        messages.remove(channel + "/" + ts);
    }

    /**
     * Serves Socket Mode from now on: {@code apps.connections.open}, called with {@code appToken} (and only that
     * method takes it), answers with the URL of the returned WebSocket end. Calling it again returns the same one.
     */
    public synchronized FakeSlackSocketMode socketMode(String appToken) {
        if (socketMode == null) {
            this.appToken = appToken;
            socketMode = new FakeSlackSocketMode();
        }
        return socketMode;
    }

    @Override
    public void close() {
        if (front != null) {
            front.close();
        }
        server.stop(0);
        FakeSlackSocketMode socket;
        synchronized (this) {
            socket = socketMode;
        }
        if (socket != null) {
            socket.close();
        }
    }

    private synchronized void script(String method, int times, Answer answer) {
        Deque<Answer> queue = scripted.computeIfAbsent(method, m -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(answer);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestURI().getPath().substring("/api/".length());
            Map<String, String> headers = headersOf(exchange);
            Map<String, String> params = paramsOf(exchange, headers.getOrDefault("content-type", ""));
            Call call = new Call(method, Map.copyOf(params), Map.copyOf(headers));
            Answer answer = answer(call);
            if (dropsNext(call.method())) {
                // the JDK's server closes the connection, unanswered, when a handler throws
                throw new IOException("dropping the connection after receiving " + method);
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            exchange.close();
        }
    }

    /** A post to a response URL: Slack answers a plain {@code ok}, or an error word with a 4xx. */
    private void respond(HttpExchange exchange) throws IOException {
        try {
            String id = exchange.getRequestURI().getPath().substring("/response/".length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String answer;
            int status;
            synchronized (this) {
                List<JsonNode> posts = responsePosts.computeIfAbsent(id, k -> new ArrayList<>());
                if (!exchange.getRequestMethod().equals("POST")) {
                    status = 405;
                    answer = "invalid_method";
                } else if (posts.size() >= RESPONSE_URL_USES) {
                    status = 404;
                    answer = "used_url";
                } else {
                    JsonNode json;
                    try {
                        json = JSON.readTree(body);
                    } catch (IOException e) {
                        json = null;
                    }
                    if (json == null || !json.hasNonNull("text")) {
                        status = 400;
                        answer = "no_text";
                    } else {
                        posts.add(json);
                        status = 200;
                        answer = "ok";
                    }
                }
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } finally {
            exchange.close();
        }
    }

    private synchronized boolean dropsNext(String method) {
        int left = drops.getOrDefault(method, 0);
        if (left > 0) {
            drops.put(method, left - 1);
        }
        return left > 0;
    }

    private synchronized Answer answer(Call call) {
        calls.add(call);
        if (call.method().equals("oauth.v2.access")) {
            return ok(oauthAccess(call));
        }
        String bearer = call.headers().getOrDefault("authorization", "");
        String given = bearer.startsWith("Bearer ") ? bearer.substring("Bearer ".length()) : call.param("token");
        if (call.method().startsWith("openid.connect.")) {
            Deque<Answer> queue = scripted.get(call.method());
            if (queue != null && !queue.isEmpty()) {
                return queue.poll();
            }
            return ok(switch (call.method()) {
                case "openid.connect.token" -> openIdToken(call);
                case "openid.connect.userInfo" -> isBlank(given) ? error("not_authed") : openIdUserInfo(given);
                default -> error("unknown_method");
            });
        }
        if (given == null || given.isEmpty()) {
            return ok(error("not_authed"));
        }
        if (socketMode != null && call.method().equals("apps.connections.open")) {
            return ok(given.equals(appToken) ? connectionsOpen()
                    : error(given.equals(token) ? "not_allowed_token_type" : "invalid_auth"));
        }
        if (!teamOfToken.containsKey(given)) {
            return ok(error(given.equals(appToken) ? "not_allowed_token_type" : "invalid_auth"));
        }
        Deque<Answer> queue = scripted.get(call.method());
        if (queue != null && !queue.isEmpty()) {
            return queue.poll();
        }
        if (call.param("channel") != null && removedChannels.contains(call.param("channel"))) {
            return ok(error("channel_not_found"));
        }
        if (call.param("channel") != null && unpostable.containsKey(call.param("channel"))
                && Set.of("chat.postMessage", "chat.update", "chat.postEphemeral", "reactions.add").contains(call.method())) {
            return ok(error(unpostable.get(call.param("channel"))));
        }
        return ok(switch (call.method()) {
            case "chat.postMessage" -> postMessage(call);
            case "chat.update" -> update(call);
            case "chat.postEphemeral" -> postEphemeral(call);
            case "reactions.add" -> react(call);
            case "conversations.open" -> open(call);
            case "auth.test" -> authTest(teamOfToken.get(given));
            default -> error("unknown_method");
        });
    }

    private String postMessage(Call call) {
        String channel = call.param("channel");
        if (channel == null || channel.isEmpty()) {
            return error("channel_not_found");
        }
        if (isBlank(call.param("text")) && isBlank(call.param("blocks")) && isBlank(call.param("attachments"))) {
            return error("no_text");
        }
        String ts = nextTs();
        String threadTs = isBlank(call.param("thread_ts")) ? null : call.param("thread_ts");
        messages.put(channel + "/" + ts, new Message(channel, ts, threadTs, call.param("text")));
        ObjectNode message = botMessage(call.param("text")).put("ts", ts);
        if (threadTs != null) {
            message.put("thread_ts", threadTs);
        }
        message.put("team", "T0001");
        blocksOf(call).ifPresent(blocks -> message.set("blocks", blocks));
        ObjectNode body = JSON.createObjectNode().put("ok", true).put("channel", channel).put("ts", ts);
        body.set("message", message);
        return body.toString();
    }

    private String update(Call call) {
        String channel = call.param("channel");
        String ts = call.param("ts");
        Message old = messages.get(channel + "/" + ts);
        if (old == null) {
            return error("message_not_found");
        }
        if (isBlank(call.param("text")) && isBlank(call.param("blocks")) && isBlank(call.param("attachments"))) {
            return error("no_text");
        }
        messages.put(channel + "/" + ts, new Message(channel, ts, old.threadTs(), call.param("text")));
        ObjectNode message = botMessage(call.param("text")).put("team", "T0001");
        blocksOf(call).ifPresent(blocks -> message.set("blocks", blocks));
        message.putObject("edited").put("user", BOT_USER).put("ts", nextTs());
        ObjectNode body = JSON.createObjectNode().put("ok", true).put("channel", channel).put("ts", ts)
                .put("text", call.param("text"));
        body.set("message", message);
        return body.toString();
    }

    private String postEphemeral(Call call) {
        if (isBlank(call.param("channel"))) {
            return error("channel_not_found");
        }
        if (isBlank(call.param("user"))) {
            return error("user_not_in_channel");
        }
        if (isBlank(call.param("text")) && isBlank(call.param("blocks")) && isBlank(call.param("attachments"))) {
            return error("no_text");
        }
        return JSON.createObjectNode().put("ok", true).put("message_ts", nextTs()).toString();
    }

    private String react(Call call) {
        if (isBlank(call.param("channel")) || isBlank(call.param("timestamp"))) {
            return error("no_item_specified");
        }
        String name = call.param("name");
        if (isBlank(name) || name.contains(":")) {
            return error("invalid_name");
        }
        List<String> names = reactions.computeIfAbsent(call.param("channel") + "/" + call.param("timestamp"), k -> new ArrayList<>());
        if (names.contains(name)) {
            return error("already_reacted");
        }
        names.add(name);
        return "{\"ok\":true}";
    }

    private String open(Call call) {
        if (!isBlank(call.param("channel"))) {
            ObjectNode body = JSON.createObjectNode().put("ok", true);
            body.putObject("channel").put("id", call.param("channel"));
            return body.toString();
        }
        String users = call.param("users");
        if (isBlank(users)) {
            return error("not_enough_users");
        }
        boolean alreadyOpen = openedIms.containsKey(users);
        String id = openedIms.computeIfAbsent(users, u -> "D%04d".formatted(openedIms.size() + 1));
        ObjectNode body = JSON.createObjectNode().put("ok", true);
        if (alreadyOpen) {
            body.put("no_op", true).put("already_open", true);
        }
        body.putObject("channel").put("id", id);
        return body.toString();
    }

    private String connectionsOpen() {
        return JSON.createObjectNode().put("ok", true).put("url", socketMode.issueUrl()).toString();
    }

    /**
     * Why the app's client credentials, as HTTP Basic (as the SDK sends them) or form fields, are refused; null when
     * they are right.
     */
    private String clientRefusal(Call call) {
        String basic = call.headers().getOrDefault("authorization", "");
        String credentials = basic.startsWith("Basic ")
                ? new String(java.util.Base64.getDecoder().decode(basic.substring("Basic ".length())), StandardCharsets.UTF_8)
                : call.param("client_id") + ":" + call.param("client_secret");
        if (clientId == null || !credentials.equals(clientId + ":" + clientSecret)) {
            return credentials.startsWith(clientId + ":") ? "bad_client_secret" : "invalid_client_id";
        }
        return null;
    }

    /** Client credentials checked, then the code, used up. */
    private String oauthAccess(Call call) {
        String refused = clientRefusal(call);
        if (refused != null) {
            return error(refused);
        }
        String answer = installCodes.remove(call.param("code") == null ? "" : call.param("code"));
        if (answer == null) {
            return error("invalid_code");
        }
        try {
            JsonNode installed = JSON.readTree(answer);
            teamOfToken.put(installed.path("access_token").asText(), installed.path("team").isNull()
                    ? installed.path("fake_workspace").asText() : installed.path("team").path("id").asText());
            return installed.has("fake_workspace") ? ((ObjectNode) installed).without("fake_workspace").toString() : answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Client credentials checked, then the code, used up. */
    private String openIdToken(Call call) {
        String refused = clientRefusal(call);
        if (refused != null) {
            return error(refused);
        }
        SignIn signIn = signInCodes.remove(call.param("code") == null ? "" : call.param("code"));
        if (signIn == null) {
            return error("invalid_code");
        }
        if (signIn.redirectUri() != null && !signIn.redirectUri().equals(call.param("redirect_uri"))) {
            return error("bad_redirect_uri");
        }
        String userToken = "xoxp-" + signIn.teamId() + "-" + signIn.userId() + "-fake%04d".formatted(signIns);
        signedInTokens.put(userToken, signIn);
        return JSON.createObjectNode().put("ok", true).put("access_token", userToken).put("token_type", "Bearer")
                .put("id_token", idToken(signIn)).toString();
    }

    private String openIdUserInfo(String userToken) {
        SignIn signIn = signedInTokens.get(userToken);
        if (signIn == null) {
            return error("invalid_auth");
        }
        String user = userInfoOthers.isEmpty() ? signIn.userId() : userInfoOthers.poll();
        return JSON.createObjectNode().put("ok", true).put("sub", user).put("https://slack.com/user_id", user)
                .put("https://slack.com/team_id", signIn.teamId()).put("name", signIn.name())
                .put("picture", "https://secure.gravatar.com/avatar/fake.jpg").put("given_name", signIn.name())
                .put("family_name", "").put("locale", "en-US").put("https://slack.com/team_name", "Acme Deploys")
                .put("https://slack.com/team_domain", "acme-deploys").toString();
    }

    /** A JWT as Slack's: base64url header, payload and signature (an HMAC here, which no one can check). */
    private String idToken(SignIn signIn) {
        long now = java.time.Instant.now().getEpochSecond();
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256").put("kid", "fake-kid-0001");
        ObjectNode payload = JSON.createObjectNode().put("iss", "https://slack.com").put("sub", signIn.userId())
                .put("aud", clientId).put("exp", now + 3600).put("iat", now).put("auth_time", now)
                .put("nonce", signIn.nonce()).put("at_hash", "fakeAtHash0001")
                .put("https://slack.com/team_id", signIn.teamId()).put("https://slack.com/user_id", signIn.userId())
                .put("name", signIn.name()).put("locale", "en-US");
        java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String signed = base64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec("fake-slack".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signed + "." + base64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String issueCode(SignIn signIn) {
        signIns++;
        String code = "%d.%d.fakecode%04d".formatted(FIRST_SECOND, signIns, signIns);
        signInCodes.put(code, signIn);
        return code;
    }

    /**
     * The page a browser is sent to: the person {@link #signInAs preset} is signed in at once, and sent back to
     * {@code redirect_uri} with a code and the {@code state} given. Recorded as a call of
     * {@code openid.connect.authorize} with the query as its params.
     */
    private void authorizePage(HttpExchange exchange) throws IOException {
        try {
            Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
            String location = null;
            String problem;
            synchronized (this) {
                calls.add(new Call("openid.connect.authorize", Map.copyOf(query), Map.copyOf(headersOf(exchange))));
                String redirectUri = query.get("redirect_uri");
                if (!exchange.getRequestMethod().equals("GET")) {
                    problem = "invalid_method";
                } else if (clientId == null || !clientId.equals(query.get("client_id"))) {
                    problem = "invalid_client_id";
                } else if (isBlank(redirectUri)) {
                    problem = "bad_redirect_uri";
                } else if (!"code".equals(query.get("response_type"))
                        || !List.of(query.getOrDefault("scope", "").split(" ")).contains("openid")) {
                    problem = "invalid_scope";
                } else if (presetSignIn == null) {
                    problem = "no one is signed in to the fake: call signInAs first";
                } else {
                    problem = null;
                    String code = issueCode(new SignIn(presetSignIn.userId(), presetSignIn.teamId(), presetSignIn.name(),
                            query.get("nonce"), redirectUri));
                    location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code="
                            + java.net.URLEncoder.encode(code, StandardCharsets.UTF_8)
                            + (query.containsKey("state")
                                    ? "&state=" + java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8) : "");
                }
            }
            if (location != null) {
                exchange.getResponseHeaders().set("Location", location);
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            byte[] bytes = problem.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(400, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } finally {
            exchange.close();
        }
    }

    private static String authTest(String team) {
        return JSON.createObjectNode().put("ok", true).put("url", "https://acme-deploys.slack.com/")
                .put("team", "Acme Deploys").put("user", "deploybot").put("team_id", team)
                .put("user_id", BOT_USER).put("bot_id", "B0001").put("is_enterprise_install", false).toString();
    }

    private static ObjectNode botMessage(String text) {
        return JSON.createObjectNode().put("type", "message").put("user", BOT_USER).put("bot_id", "B0001")
                .put("app_id", "A0001").put("text", text);
    }

    private String nextTs() {
        posted++;
        long micros = posted * 100;
        return "%d.%06d".formatted(FIRST_SECOND + micros / 1_000_000, micros % 1_000_000);
    }

    private static Optional<JsonNode> blocksOf(Call call) {
        if (isBlank(call.param("blocks"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(call.param("blocks")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Answer ok(String body) {
        return new Answer(200, Map.of(), body);
    }

    private static String error(String code) {
        return JSON.createObjectNode().put("ok", false).put("error", code).toString();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static Map<String, String> headersOf(HttpExchange exchange) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        return headers;
    }

    /** Query and body, form-encoded or JSON; JSON values that are not strings are kept as JSON text. */
    private static Map<String, String> paramsOf(HttpExchange exchange, String contentType) throws IOException {
        Map<String, String> params = new LinkedHashMap<>(form(exchange.getRequestURI().getRawQuery()));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            JsonNode json = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            for (Map.Entry<String, JsonNode> field : json.properties()) {
                params.put(field.getKey(), field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString());
            }
        } else {
            params.putAll(form(body));
        }
        return params;
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}
