package dev.slipway.chat.console;

import dev.slipway.app.command.CommandDispatcher;
import dev.slipway.app.command.CommandParser;
import dev.slipway.app.command.Invocation;
import dev.slipway.app.command.Reply;
import dev.slipway.chat.ChatSurface;
import dev.slipway.domain.ChatOrigin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads commands line by line and runs each as one user through the same parser and dispatcher as every
 * other surface. Blank lines and lines starting with {@code #} are skipped, so a file of commands can be piped in.
 */
public final class ConsoleSurface implements ChatSurface {
    public static final String NAME = "console";
    static final String SPEAKER = "slipway: ";
    static final String SORRY = "Sorry, I could not do that just now; please try again in a moment.";
    private static final Logger log = LoggerFactory.getLogger(ConsoleSurface.class);

    private final CommandParser parser;
    private final CommandDispatcher dispatcher;
    private final PrintStream out;

    public ConsoleSurface(CommandParser parser, CommandDispatcher dispatcher, PrintStream out) {
        this.parser = parser;
        this.dispatcher = dispatcher;
        this.out = out;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Runs every command from {@code in} as {@code user} until the input ends.
     *
     * @param echo print each command before its answer (when the input is not a terminal, so a transcript reads well)
     * @return the ids of the deployments these commands queued
     */
    public List<Long> run(BufferedReader in, String user, boolean echo) throws IOException {
        ChatOrigin origin = ChatOrigin.console(user);
        List<Long> queued = new ArrayList<>();
        String line;
        prompt(user, echo);
        while ((line = in.readLine()) != null) {
            String command = line.strip();
            if (!command.isEmpty() && !command.startsWith("#")) {
                if (echo) {
                    print(user + "> " + command);
                }
                Reply reply;
                try {
                    reply = dispatcher.dispatch(parser.parse(command), new Invocation(user, origin, null));
                } catch (RuntimeException e) {
                    // As in chat: the reason goes to the log, the person gets no class names, SQL or paths.
                    log.error("could not handle a console command from {}", user, e);
                    reply = Reply.ok(SORRY);
                }
                reply.deploymentId().ifPresent(queued::add);
                print(SPEAKER + ConsoleNotifier.plain(reply.text()).replace("\n", "\n" + " ".repeat(SPEAKER.length()))
                        + ConsoleNotifier.choices(reply.choices()));
            }
            prompt(user, echo);
        }
        return queued;
    }

    private void prompt(String user, boolean echo) {
        if (!echo) {
            synchronized (out) {
                out.print(user + "> ");
                out.flush();
            }
        }
    }

    private void print(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}
