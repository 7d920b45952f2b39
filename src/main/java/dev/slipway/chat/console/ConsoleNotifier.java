package dev.slipway.chat.console;

import dev.slipway.chat.ChatNotifier;
import dev.slipway.chat.DeploymentMessages;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import java.io.PrintStream;

/** Prints each state change of a deployment, with the output's tail at the end, as a chat thread would show it. */
public final class ConsoleNotifier implements ChatNotifier {
    private final PrintStream out;

    public ConsoleNotifier(PrintStream out) {
        this.out = out;
    }

    @Override
    public String report(Deployment deployment, DeploymentState announced, String messageRef) {
        StringBuilder text = new StringBuilder(ConsoleSurface.SPEAKER).append(DeploymentMessages.headline(deployment, announced));
        if (announced.isTerminal() && deployment.outputTail() != null && !deployment.outputTail().isBlank()) {
            for (String line : deployment.outputTail().split("\n", -1)) {
                text.append("\n    | ").append(line);
            }
        }
        synchronized (out) {
            out.println(text);
            out.flush();
        }
        return messageRef != null ? messageRef : "console:" + deployment.id();
    }

    @Override
    public void reply(ChatOrigin where, String user, String text, boolean privately) {
        synchronized (out) {
            out.println(ConsoleSurface.SPEAKER + text);
            out.flush();
        }
    }
}
