package dev.slipway.web;

import dev.slipway.app.AccessService;
import dev.slipway.app.Dashboard;
import dev.slipway.app.command.CommandDispatcher;
import dev.slipway.app.command.Invocation;
import dev.slipway.app.command.Reply;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.RefusedException;
import dev.slipway.domain.Tokens;
import dev.slipway.domain.WebSession;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web pages: the board ({@code /}), one deployment ({@code /deployments/{id}}), the audit log ({@code /audit})
 * and the runbooks ({@code /runbooks}), each with a live part ({@code /live/...}) the page's script fetches again every
 * two seconds; sign-in by one-time link ({@code /login}) or with Slack ({@code /auth/slack}); and actions, posted
 * to {@code /actions/<name>}, confirmed on a page of their own, then run by the command dispatcher exactly as from
 * chat. Reading needs a session; what a person may do is the rules' call, action by action.
 *
 * <p>No action happens on a GET. Every posted form must carry the session's CSRF token. Every answer carries a
 * Content-Security-Policy that allows only this site's own script and style.
 */
public final class WebSurface {
    /** The surface name web requests carry: deployments asked for here report here, that is, on their page. */
    public static final String SURFACE = "web";
    /** Where Slack sends a person back after signing in. */
    public static final String SLACK_CALLBACK = "/auth/slack/callback";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    /** Holds a Slack sign-in's state and nonce until Slack sends the person back. */
    private static final String SIGN_IN_COOKIE = "slipway_sign_in";
    /** Holds the second token of a sign-in link's form, so that only the page the link opened can post it. */
    private static final String LOGIN_COOKIE = "slipway_login";
    private static final Logger log = LoggerFactory.getLogger(WebSurface.class);

    /**
     * @param publicUrl where people reach Slipway (its scheme decides whether cookies are HTTPS-only), or null
     * @param slack     sign-in with Slack, when Slack is configured with the app's client id and secret
     * @param workspace whether people of a Slack workspace (team id) may sign in: those Slipway serves, no others
     */
    public record Settings(String publicUrl, Optional<SlackSignIn> slack, Predicate<String> workspace) {
    }

    private final Dashboard dashboard;
    private final CommandDispatcher dispatcher;
    private final AccessService access;
    private final WebSessions sessions;
    private final Optional<SlackSignIn> slack;
    private final Predicate<String> workspace;
    private final Templates templates = new Templates();
    private final Pages pages;
    private final Assets assets = new Assets();

    public WebSurface(Settings settings, Dashboard dashboard, CommandDispatcher dispatcher, AccessService access) {
        this.dashboard = dashboard;
        this.dispatcher = dispatcher;
        this.access = access;
        this.sessions = new WebSessions(access, settings.publicUrl() != null
                && settings.publicUrl().startsWith("https://"));
        this.slack = settings.slack();
        this.workspace = settings.workspace();
        this.pages = new Pages(templates, dashboard);
    }

    /** Adds the pages' routes to the server being configured. */
    public void register(JavalinConfig config) {
        config.routes.get("/", signedIn((ctx, s) -> ctx.html(pages.board(page(s, "Board", "board")))));
        config.routes.get("/live/board", signedIn((ctx, s) -> ctx.html(pages.boardLive(page(s, "Board", "board")))));
        config.routes.get("/deployments/{id}", signedIn((ctx, s) -> deployment(ctx, s, false)));
        config.routes.get("/live/deployments/{id}", signedIn((ctx, s) -> deployment(ctx, s, true)));
        config.routes.get("/audit", signedIn((ctx, s) -> pages.audit(ctx, page(s, "Audit log", "audit"))));
        config.routes.get("/runbooks", signedIn((ctx, s) ->
                ctx.html(pages.runbooks(page(s, "Runbooks", "runbooks")))));
        config.routes.get("/login", secured(this::loginPage));
        config.routes.post("/login", secured(this::redeemLink));
        config.routes.post("/logout", secured(this::logout));
        config.routes.get("/auth/slack", secured(this::beginSlack));
        config.routes.get(SLACK_CALLBACK, secured(this::finishSlack));
        config.routes.post("/actions/{action}", secured(this::act));
        config.routes.get("/assets/{file}", secured(assets::serve));
    }

    /** The security headers every answer of this surface carries. */
    private static Handler secured(Handler handler) {
        return ctx -> {
            ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "same-origin");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Cache-Control", "no-store");
            handler.handle(ctx);
        };
    }

    @FunctionalInterface
    private interface SessionHandler {
        void handle(Context ctx, WebSession session) throws Exception;
    }

    /** A page for signed-in people; anyone else is sent to sign in. */
    private Handler signedIn(SessionHandler handler) {
        return secured(ctx -> {
            Optional<WebSession> session = sessions.of(ctx);
            if (session.isEmpty()) {
                if (ctx.path().startsWith("/live/")) {
                    ctx.status(HttpStatus.UNAUTHORIZED).html(message(null, "Signed out",
                            "Your session has ended. Sign in again to go on.", HttpStatus.UNAUTHORIZED));
                } else {
                    ctx.redirect("/login", HttpStatus.SEE_OTHER);
                }
                return;
            }
            try {
                handler.handle(ctx, session.get());
            } catch (RefusedException refused) {
                HttpStatus status = HttpStatus.forStatus(refused.refusal().code().httpStatus());
                String heading = status == HttpStatus.NOT_FOUND ? "Not found" : "Refused";
                ctx.status(status).html(message(page(session.get(), heading, "board"), heading,
                        refused.refusal().message(), status));
            }
        });
    }

    private Page page(WebSession session, String title, String section) {
        return new Page(title, section, session.user(), session.csrfToken(), dashboard.now());
    }

    private void deployment(Context ctx, WebSession session, boolean live) {
        Long id = Forms.id(ctx.pathParam("id"));
        Optional<Dashboard.DeploymentView> view = id == null ? Optional.empty() : dashboard.deployment(id);
        Page page = page(session, "Deployment #" + id, "board");
        if (view.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).html(message(page, "Not found",
                    "There is no deployment #" + ctx.pathParam("id") + ".", HttpStatus.NOT_FOUND));
            return;
        }
        ctx.html(live ? pages.deploymentLive(page, view.get()) : pages.deployment(page, view.get()));
    }

    private String message(Page page, String title, String text, HttpStatus status) {
        return message(page, title, text, status, null);
    }

    /** A message page; {@code deployment}, when not null, is the deployment it links back to. */
    private String message(Page page, String title, String text, HttpStatus status, Long deployment) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("deployment", deployment);
        model.put("page", page != null ? page : new Page(title, "", null, null, dashboard.now()));
        model.put("heading", title);
        model.put("text", text);
        model.put("refused", status.getCode() >= 400);
        return templates.render("message", model);
    }

    private void loginPage(Context ctx) {
        Optional<WebSession> session = sessions.of(ctx);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("page", new Page("Sign in", "login", session.map(WebSession::user).orElse(null),
                session.map(WebSession::csrfToken).orElse(null), dashboard.now()));
        String token = ctx.queryParam("token");
        boolean link = token != null && Forms.isToken(token);
        model.put("token", link ? token : null);
        // The form's second token is also in a cookie of this site's own: another site cannot post a link of its
        // choosing (and sign this browser in as someone else), since it can neither read the form nor, SameSite=Lax,
        // send the cookie with its POST.
        String login = link ? Tokens.newSecret() : null;
        model.put("login", login);
        if (link) {
            ctx.cookie(sessions.cookie(ctx, LOGIN_COOKIE, login, 600));
        }
        model.put("slack", slack.isPresent());
        // The link's token must not leave in a Referer header when the page links elsewhere.
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.html(templates.render("login", model));
    }

    private void redeemLink(Context ctx) {
        String login = ctx.cookie(LOGIN_COOKIE);
        String posted = ctx.formParam("login");
        ctx.cookie(sessions.cookie(ctx, LOGIN_COOKIE, "", 0));
        if (login == null || posted == null || !Tokens.same(posted, login)) {
            ctx.status(HttpStatus.FORBIDDEN).html(message(null, "Refused",
                    "Sign in from the page your link opens: open the link again.", HttpStatus.FORBIDDEN));
            return;
        }
        String token = ctx.formParam("token");
        Optional<WebSession> session = token != null && Forms.isToken(token) ? access.redeemLoginLink(token)
                : Optional.empty();
        if (session.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED).html(message(null, "That link does not work",
                    "A sign-in link works once, for 10 minutes. Ask for a new one: slipway web-login --as <you>",
                    HttpStatus.UNAUTHORIZED));
            return;
        }
        sessions.open(ctx, session.get());
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private void logout(Context ctx) {
        Optional<WebSession> session = sessions.of(ctx);
        if (session.isPresent() && !WebSessions.formMatches(ctx, session.get())) {
            ctx.status(HttpStatus.FORBIDDEN).html(message(null, "Refused", "That form is not from this session.",
                    HttpStatus.FORBIDDEN));
            return;
        }
        sessions.close(ctx);
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    private void beginSlack(Context ctx) {
        if (slack.isEmpty()) {
            slackNotConfigured(ctx);
            return;
        }
        SlackSignIn.Start start = slack.get().begin();
        // State and nonce wait in the browser, not on one replica: whichever replica the callback reaches checks them.
        ctx.cookie(sessions.cookie(ctx, SIGN_IN_COOKIE, start.state() + "." + start.nonce(), 600));
        ctx.redirect(start.authorizeUrl(), HttpStatus.FOUND);
    }

    private void slackNotConfigured(Context ctx) {
        ctx.status(HttpStatus.NOT_FOUND).html(message(null, "Not available",
                "Sign-in with Slack is not configured here.", HttpStatus.NOT_FOUND));
    }

    private void finishSlack(Context ctx) {
        String pending = ctx.cookie(SIGN_IN_COOKIE);
        ctx.cookie(sessions.cookie(ctx, SIGN_IN_COOKIE, "", 0));
        if (slack.isEmpty()) {
            slackNotConfigured(ctx);
            return;
        }
        String[] parts = pending == null ? new String[0] : pending.split("\\.", 2);
        try {
            SlackSignIn.SignedIn who = slack.get().finish(ctx.queryParam("code"), ctx.queryParam("state"),
                    parts.length == 2 ? parts[0] : null, parts.length == 2 ? parts[1] : null);
            if (!workspace.test(who.teamId())) {
                throw new SignInRefused("That Slack workspace is not one Slipway serves.");
            }
            sessions.open(ctx, access.startSession(who.userId(), "Slack"));
            ctx.redirect("/", HttpStatus.SEE_OTHER);
        } catch (SignInRefused refused) {
            log.info("Sign-in with Slack refused: {}", refused.getMessage());
            ctx.status(HttpStatus.UNAUTHORIZED).html(message(null, "Sign-in refused", refused.getMessage(),
                    HttpStatus.UNAUTHORIZED));
        }
    }

    /**
     * An action: without {@code confirmed}, the page that asks to confirm it (with a fresh request token, so that a
     * form sent twice acts once); with it, the command, as chat would run it, for the signed-in person.
     */
    private void act(Context ctx) {
        Optional<WebSession> session = sessions.of(ctx);
        if (session.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED).html(message(null, "Signed out",
                    "Your session has ended. Sign in again to go on.", HttpStatus.UNAUTHORIZED));
            return;
        }
        if (!WebSessions.formMatches(ctx, session.get())) {
            log.warn("refused a web action without this session's form token: {}", ctx.path());
            ctx.status(HttpStatus.FORBIDDEN).html(message(page(session.get(), "Refused", "board"), "Refused",
                    "That form is not from this session; reload the page and try again.", HttpStatus.FORBIDDEN));
            return;
        }
        Page page = page(session.get(), "Confirm", "board");
        Optional<WebAction> action = WebAction.named(ctx.pathParam("action"));
        Optional<WebAction.Fields> fields = Forms.fields(ctx);
        Optional<dev.slipway.app.command.Command> command = action.flatMap(a -> fields.flatMap(a::command));
        if (command.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST).html(message(page, "Not understood",
                    "That action is missing something it needs, or is not one Slipway knows.", HttpStatus.BAD_REQUEST));
            return;
        }
        if (!"yes".equals(ctx.formParam("confirmed"))) {
            ctx.html(pages.confirm(page, action.get(), fields.get(), Tokens.newSecret()));
            return;
        }
        String request = ctx.formParam("request");
        // The request token names the asking "message" too: a form sent twice is sent to what the first one made.
        String asked = request != null && Forms.isToken(request) ? "web:" + request : null;
        Invocation who = new Invocation(session.get().user(), new ChatOrigin(SURFACE, SURFACE, asked), asked);
        Reply reply = dispatcher.dispatch(command.get(), who);
        Optional<Long> made = reply.isRefusal() ? Optional.empty() : reply.deploymentId()
                .or(() -> reply.duplicate() && asked != null
                        ? dashboard.askedBy(SURFACE, asked).map(dev.slipway.domain.Deployment::id) : Optional.empty());
        if (made.isPresent()) {
            ctx.redirect("/deployments/" + made.get(), HttpStatus.SEE_OTHER);
            return;
        }
        HttpStatus status = reply.refusal().map(code -> HttpStatus.forStatus(code.httpStatus())).orElse(HttpStatus.OK);
        ctx.status(status).html(message(page, reply.isRefusal() ? "Refused" : "Done", reply.text(), status,
                fields.get().deployment()));
    }

}
