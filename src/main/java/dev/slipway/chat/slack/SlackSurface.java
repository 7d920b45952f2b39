package dev.slipway.chat.slack;

import com.google.gson.JsonParseException;
import com.slack.api.Slack;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.jakarta_servlet.ServletAdapterOps;
import com.slack.api.bolt.jakarta_servlet.SlackAppServletAdapter;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.request.builtin.EventRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.JsonOps;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.AppUninstalledEvent;
import com.slack.api.model.event.TokensRevokedEvent;
import com.slack.api.socket_mode.SocketModeClient;
import dev.slipway.app.ChatRequest;
import dev.slipway.app.DeniedAttempts;
import dev.slipway.app.InboxService;
import dev.slipway.app.command.Command;
import dev.slipway.app.command.CommandDispatcher;
import dev.slipway.app.command.CommandParser;
import dev.slipway.app.command.Invocation;
import dev.slipway.app.command.Reply;
import dev.slipway.chat.ChatSurface;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.WorkspaceChannel;
import dev.slipway.store.StoreUnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack as a surface, built on Bolt for Java: the slash command, mentions and button actions all become the
 * commands the console runs. Every listener acknowledges within Slack's three seconds: a slash command is
 * answered in its acknowledgement (its deployment, if any, is already stored); a mention or a button press is
 * stored in the inbox, with the keys that make it happen once, and answered by a job.
 */
public final class SlackSurface implements ChatSurface, AutoCloseable {
    public static final String NAME = "slack";
    /** Buttons whose {@code action_id} is {@code slipway.<command>} run {@code <command> <value>}. */
    static final Pattern ACTION = Pattern.compile("^slipway\\.([a-z]+)$");
    private static final Pattern MENTION = Pattern.compile("<@[A-Z0-9]+(\\|[^>]*)?>");
    private static final Logger log = LoggerFactory.getLogger(SlackSurface.class);
    static final String ASKING_THE_CODE_HOST = "Asking GitHub… I'll answer here in a moment.";

    /**
     * How this Slack app is reached. {@code apiUrl} null means Slack itself; {@code runbookCommand}, the second slash
     * command ({@code /runbook restart-web}), runs {@code runbook …}.
     */
    public record Settings(String signingSecret, String botToken, String appToken, String apiUrl, String command,
                           boolean socketMode, String runbookCommand, String clientId, String clientSecret) {
        public Settings {
            runbookCommand = runbookCommand == null ? DEFAULT_RUNBOOK_COMMAND : runbookCommand;
        }

        public Settings(String signingSecret, String botToken, String appToken, String apiUrl, String command,
                        boolean socketMode, String runbookCommand) {
            this(signingSecret, botToken, appToken, apiUrl, command, socketMode, runbookCommand, null, null);
        }

        public Settings(String signingSecret, String botToken, String appToken, String apiUrl, String command,
                        boolean socketMode) {
            this(signingSecret, botToken, appToken, apiUrl, command, socketMode, null);
        }
    }

    static final String DEFAULT_RUNBOOK_COMMAND = "/runbook";
    private static final java.util.Set<String> UNINSTALL_EVENTS = java.util.Set.of("app_uninstalled", "tokens_revoked");
    private static final String RUNBOOK = "runbook ";
    private static final int MAX_ACK_BODIES = 256;

    private final Settings settings;
    private final CommandParser parser;
    private final CommandDispatcher dispatcher;
    private final InboxService inbox;
    private final SlackInstallations installations;
    private final SlackResponseUrls responseUrls;
    private final App app;
    private final Map<String, String> ackBodies = new ConcurrentHashMap<>();
    private SocketModeApp socketMode;

    /** The app of one workspace, with its bot token. */
    public SlackSurface(Settings settings, CommandParser parser, CommandDispatcher dispatcher, InboxService inbox) {
        this(settings, parser, dispatcher, inbox, null, null);
    }

    /**
     * Keeping the response URL of a slash command that creates a deployment in {@code responseUrls} (when not null),
     * for reports in a channel the bot cannot post in. With {@code installations} (not null), the app of every
     * workspace that installed it: each request is served with its workspace's token, its channels are addressed
     * within its workspace ({@code T0001/C0001}), a request from a workspace without an installation is answered 200
     * and ignored, and {@code app_uninstalled} or {@code tokens_revoked} deletes the workspace's installation at once.
     */
    public SlackSurface(Settings settings, CommandParser parser, CommandDispatcher dispatcher, InboxService inbox,
                        SlackResponseUrls responseUrls, SlackInstallations installations) {
        this.settings = settings;
        this.parser = parser;
        this.dispatcher = dispatcher;
        this.inbox = inbox;
        this.responseUrls = responseUrls;
        this.installations = installations;
        AppConfig.AppConfigBuilder config = AppConfig.builder()
                .signingSecret(settings.signingSecret())
                // SlackRequestFilter verifies signatures, in both directions of time, before Bolt sees a request.
                .requestVerificationEnabled(false)
                .slack(Slack.getInstance(SlackApiConfig.config(settings.apiUrl())));
        this.app = new App(installations == null ? config.singleTeamBotToken(settings.botToken()).build()
                : config.clientId(settings.clientId()).clientSecret(settings.clientSecret()).build());
        if (installations != null) {
            app.service(installations);
            app.event(AppUninstalledEvent.class, (payload, context) -> {
                installations.uninstall(payload.getEnterpriseId(), payload.getTeamId(), "app_uninstalled");
                return context.ack();
            });
            app.event(TokensRevokedEvent.class, (payload, context) -> {
                installations.uninstall(payload.getEnterpriseId(), payload.getTeamId(), "tokens_revoked");
                return context.ack();
            });
        }
        app.command(settings.command(), (request, context) -> slashCommand(request.getPayload(), "", context));
        app.command(settings.runbookCommand(), (request, context) ->
                slashCommand(request.getPayload(), RUNBOOK, context));
        app.event(AppMentionEvent.class, (payload, context) ->
                take(mention(payload.getEventId(), payload.getTeamId(), payload.getEvent()), context.ack()));
        app.blockAction(ACTION, (request, context) -> take(action(request.getPayload()), context.ack()));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The servlet that serves {@code POST /slack/events}; put {@link #filter} in front of it. */
    public HttpServlet servlet() {
        return new Servlet(app, installations);
    }

    /** {@code denied} counts the requests it refuses for a bad signature. */
    public SlackRequestFilter filter(java.time.Clock clock, DeniedAttempts denied) {
        return new SlackRequestFilter(settings.signingSecret(), clock, denied);
    }

    /** Connects to Slack over Socket Mode when configured; the same listeners serve both ways. */
    public void start() throws Exception {
        if (settings.socketMode()) {
            socketMode = new SocketModeApp(settings.appToken(), SocketModeClient.Backend.JavaWebSocket, app);
            socketMode.startAsync();
            log.info("connected to Slack over Socket Mode");
        }
    }

    @Override
    public void close() {
        if (socketMode != null) {
            try {
                socketMode.close();
            } catch (Exception e) {
                log.warn("could not close the Socket Mode connection: {}", e.toString());
            }
        }
    }

    /**
     * Answers in the acknowledgement, the command's text after {@code prefix} (the runbook command's
     * {@code runbook }); 503 when the database is away, so the user sees the command failed. A command
     * that must ask GitHub is acknowledged at once and answered privately by a job, so that a slow GitHub never
     * makes Slack give up on the command.
     */
    private Response slashCommand(SlashCommandPayload payload, String prefix, SlashCommandContext context) {
        ChatOrigin origin = new ChatOrigin(NAME, address(payload.getTeamId(), payload.getChannelId()), null);
        String key = "slack:trigger:" + payload.getTriggerId();
        try {
            Command command = parser.parse(prefix + (payload.getText() == null ? "" : payload.getText()));
            if (dispatcher.asksCodeHost(command, origin.channel())) {
                return take(new ChatRequest(List.of(key), origin, payload.getUserId(), payload.getText(), true),
                        context.ack(ASKING_THE_CODE_HOST));
            }
            Reply reply = dispatcher.dispatch(command, new Invocation(payload.getUserId(), origin, key));
            if (responseUrls != null && reply.deploymentId().isPresent() && !reply.duplicate()) {
                responseUrls.keep(reply.deploymentId().get(), payload.getResponseUrl());
            }
            if (reply.choices().isEmpty()) {
                return ack(SlackMessageText.unqualified(reply.text()));
            }
            String text = SlackMessageText.unqualified(reply.text());
            return context.ack(SlashCommandResponse.builder().text(text)
                    .blocks(SlackChoices.blocks(text, reply.choices())).build());
        } catch (StoreUnavailableException e) {
            throw new AskToRetry("could not handle " + settings.command() + " from " + payload.getUserId(), e);
        } catch (RuntimeException e) {
            log.error("could not handle {} from {}", settings.command(), payload.getUserId(), e);
            return context.ack("Sorry, I could not do that just now; please try again in a moment.");
        }
    }

    /**
     * The acknowledgement that answers {@code text}, as {@code context.ack(text)} makes it, its JSON kept for a text
     * answered again (help, the list of projects after an unknown one): escaping a long text is most of its cost.
     */
    private Response ack(String text) {
        String json = ackBodies.get(text);
        if (json == null) {
            json = JsonOps.toJsonString(SlashCommandResponse.builder().text(text).build());
            if (ackBodies.size() >= MAX_ACK_BODIES) {
                ackBodies.clear(); // a bound, not a policy: texts that vary (status) are not worth keeping
            }
            ackBodies.put(text, json);
        }
        return Response.builder().statusCode(200).contentType(Response.CONTENT_TYPE_APPLICATION_JSON_UTF8).body(json)
                .build();
    }

    private ChatRequest mention(String eventId, String teamId, AppMentionEvent event) {
        if (event.getBotId() != null) {
            return null; // never answer bots, ourselves included
        }
        String thread = event.getThreadTs() != null ? event.getThreadTs() : event.getTs();
        String text = MENTION.matcher(event.getText() == null ? "" : event.getText()).replaceAll(" ").strip();
        return new ChatRequest(
                List.of("slack:event:" + eventId, "slack:message:" + teamId + ":" + event.getChannel() + ":" + event.getTs()),
                new ChatOrigin(NAME, address(teamId, event.getChannel()), thread, event.getTs()), event.getUser(), text,
                false);
    }

    private ChatRequest action(BlockActionPayload payload) {
        BlockActionPayload.Action action = payload.getActions().get(0);
        java.util.regex.Matcher matcher = ACTION.matcher(action.getActionId());
        if (!matcher.matches()) {
            return null;
        }
        String text = matcher.group(1) + (action.getValue() == null ? "" : " " + action.getValue());
        String channel = payload.getChannel() != null ? payload.getChannel().getId() : payload.getContainer().getChannelId();
        String thread = payload.getContainer() != null ? payload.getContainer().getThreadTs() : null;
        String team = payload.getTeam() != null ? payload.getTeam().getId() : null;
        return new ChatRequest(List.of("slack:action:" + payload.getTriggerId()),
                new ChatOrigin(NAME, address(team, channel), thread), payload.getUser().getId(), text, true);
    }

    /** A channel's address: within its workspace when the app serves several. */
    private String address(String team, String channel) {
        return installations == null ? channel : WorkspaceChannel.of(team, channel);
    }

    /** Stores the request before Slack is told it arrived; if it cannot be stored, Slack should retry. */
    private Response take(ChatRequest request, Response ack) {
        if (request == null) {
            return ack;
        }
        try {
            inbox.accept(request);
            return ack;
        } catch (RuntimeException e) {
            throw new AskToRetry("could not store a Slack request", e);
        }
    }

    /**
     * Thrown by a listener that could not do its work for now: the request is answered 503, so Slack retries an
     * event or an interaction, and a user sees their slash command fail. (A listener's own non-200 response would
     * not do: Bolt then looks for another listener and answers 404.)
     */
    private static final class AskToRetry extends RuntimeException {
        AskToRetry(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Bolt's servlet, answering 400 rather than 500 if Bolt cannot make sense of a request, and 503 when a listener
     * asks Slack to retry.
     */
    private static final class Servlet extends HttpServlet {
        private final App app;
        private final SlackAppServletAdapter adapter;
        private final SlackInstallations installations;

        Servlet(App app, SlackInstallations installations) {
            this.app = app;
            this.adapter = new SlackAppServletAdapter(app.config());
            this.installations = installations;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Request<?> slackRequest;
            try {
                slackRequest = request.getAttribute(SlackRequestFilter.SLASH_COMMAND) != null
                        ? slashCommand(request) : adapter.buildSlackRequest(request);
            } catch (RuntimeException | IOException e) {
                log.warn("Slack request could not be handled: {}", e.toString());
                plain(response, 400, "the request could not be understood");
                return;
            }
            if (fromWorkspaceWithoutInstallation(slackRequest)) {
                log.info("ignored a Slack request from workspace {} (enterprise {}), which has not installed Slipway",
                        slackRequest.getContext().getTeamId(), slackRequest.getContext().getEnterpriseId());
                response.setStatus(200);
                return;
            }
            Response answer;
            try {
                answer = app.run(slackRequest);
            } catch (Exception e) {
                AskToRetry retry = askToRetry(e);
                if (retry == null && isMalformedPayload(e)) {
                    log.warn("Slack request could not be handled: {}", e.toString());
                    plain(response, 400, "the request could not be understood");
                } else if (retry != null) {
                    log.warn("{}; asking Slack to retry: {}", retry.getMessage(), retry.getCause().toString());
                    plain(response, 503, "try again");
                } else {
                    log.error("Slack request failed", e);
                    plain(response, 500, "internal error");
                }
                return;
            }
            write(response, answer);
        }

        /**
         * A slash command as Bolt's own parser would build it, from the form {@link SlackRequestFilter} decoded
         * already: Bolt's parser would try the body as a JSON payload and as other forms first, then split it again.
         */
        @SuppressWarnings("unchecked")
        private SlashCommandRequest slashCommand(HttpServletRequest request) {
            SlashCommandRequest command = new DecodedSlashCommand((String) request.getAttribute(SlackRequestFilter.BODY),
                    (Map<String, String>) request.getAttribute(SlackRequestFilter.SLASH_COMMAND),
                    new RequestHeaders(ServletAdapterOps.toHeaderMap(request)));
            command.updateContext(app.config());
            String forwardedFor = request.getHeader("X-Forwarded-For");
            command.setClientIpAddress(forwardedFor != null ? forwardedFor : request.getRemoteAddr());
            return command;
        }

        /**
         * True for a request Slipway has no token to serve with: from a workspace that never installed it or
         * uninstalled it. Slack's checks and the uninstall events themselves always go through.
         */
        private boolean fromWorkspaceWithoutInstallation(Request<?> request) {
            if (installations == null || request.getRequestType() == RequestType.UrlVerification
                    || request.getRequestType() == RequestType.SSLCheck) {
                return false;
            }
            if (request instanceof EventRequest event && UNINSTALL_EVENTS.contains(event.getEventType())) {
                return false;
            }
            return installations.find(request.getContext().getEnterpriseId(), request.getContext().getTeamId())
                    .isEmpty();
        }

        /**
         * True when Bolt could not bind the payload to its event or action type (a value of the wrong JSON type):
         * Bolt does that inside {@link App#run}, before any listener, so the request is malformed and nothing ran.
         */
        private static boolean isMalformedPayload(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof JsonParseException) {
                    return true;
                }
            }
            return false;
        }

        private static AskToRetry askToRetry(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof AskToRetry retry) {
                    return retry;
                }
            }
            return null;
        }

        /**
         * Bolt's answer, a JSON one encoded at once and sent with its length: cheaper than through the servlet's
         * writer, character by character. Any other goes as Bolt's adapter sends it.
         */
        private void write(HttpServletResponse response, Response answer) throws IOException {
            if (answer.getBody() == null || !Response.CONTENT_TYPE_APPLICATION_JSON_UTF8.equals(answer.getContentType())) {
                adapter.writeResponse(response, answer);
                return;
            }
            response.setStatus(answer.getStatusCode());
            answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            response.setContentType(answer.getContentType());
            byte[] body = answer.getBody().getBytes(StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }

        private static void plain(HttpServletResponse response, int status, String text) throws IOException {
            response.setStatus(status);
            response.setContentType("text/plain; charset=utf-8");
            response.getWriter().write(text + "\n");
        }
    }

    /**
     * The workspace (team id) a bot token belongs to, asked of Slack's {@code auth.test}; null when Slack does not
     * say. For letting only that workspace's people sign in to the web pages.
     */
    public static String teamOf(String apiUrl, String botToken) {
        try {
            var answer = Slack.getInstance(SlackApiConfig.config(apiUrl)).methods(botToken).authTest(r -> r);
            return answer.isOk() ? answer.getTeamId() : null;
        } catch (java.io.IOException | com.slack.api.methods.SlackApiException e) {
            log.warn("Could not ask Slack which workspace the bot token belongs to: {}", e.toString());
            return null;
        }
    }
}
