package dev.slipway.bench.boltpeer;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import com.slack.api.model.event.AppMentionEvent;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * The Bolt for Java peer of Slipway's benchmark: the smallest Slack app Bolt makes, one slash command acknowledged
 * with an empty 200, the request signature checked as Bolt checks it by default. It acknowledges app_mention
 * events too, as the durable workload sends them half the time (without a listener Bolt would answer 404).
 *
 * <p>{@code java -jar bolt-peer.jar <port> <signing secret> <bot token> <Slack API url>}: listens on
 * 127.0.0.1:port, {@code POST /slack/events} for Slack and {@code GET /healthz} for the benchmark's readiness check.
 * The API url points Bolt's auth.test (which its single-team authorization calls, then caches) at the bench's
 * local Slack stand-in.
 */
public final class BoltPeer {
    private BoltPeer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        SlackConfig slackConfig = new SlackConfig();
        slackConfig.setMethodsEndpointUrlPrefix(args[3]);
        AppConfig config = AppConfig.builder()
                .signingSecret(args[1])
                .singleTeamBotToken(args[2])
                .slack(Slack.getInstance(slackConfig))
                .build();
        App app = new App(config);
        app.command("/slipway", (req, ctx) -> ctx.ack());
        app.event(AppMentionEvent.class, (payload, ctx) -> ctx.ack());

        Server server = new Server(new InetSocketAddress("127.0.0.1", port));
        ServletContextHandler handler = new ServletContextHandler();
        handler.addServlet(new ServletHolder(new SlackAppServlet(app)), "/slack/events");
        handler.addServlet(new ServletHolder(new Healthz()), "/healthz");
        server.setHandler(handler);
        app.start();
        server.start();
        server.join();
    }

    /** 200 "ok" once Jetty serves requests. */
    private static final class Healthz extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write("ok");
        }
    }
}
