package dev.slipway.chat.console;

import dev.slipway.chat.ChatNotifier;
import dev.slipway.chat.Choice;
import dev.slipway.chat.DeploymentMessages;
import dev.slipway.domain.ChatOrigin;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.DeploymentState;
import dev.slipway.chat.ReviewCard;
import java.io.PrintStream;
import java.util.List;
import java.util.regex.Pattern;

/** Prints each state change of a deployment, with the output's tail at the end, as a chat thread would show it. */
public final class ConsoleNotifier implements ChatNotifier {
    private static final Pattern MENTION = Pattern.compile("<([@#])([A-Za-z0-9:._-]+)>");

    private final PrintStream out;

    public ConsoleNotifier(PrintStream out) {
        this.out = out;
    }

    @Override
    public String report(Deployment deployment, DeploymentState announced, String messageRef) {
        return report(deployment, announced, messageRef, List.of());
    }

    @Override
    public String report(Deployment deployment, DeploymentState announced, String messageRef, List<String> involved) {
        return report(deployment, announced, messageRef, involved, List.of());
    }

    /** The choices follow the report as the commands to type, as a reply's do. */
    @Override
    public String report(Deployment deployment, DeploymentState announced, String messageRef, List<String> involved,
                         List<Choice> choices) {
        StringBuilder text = new StringBuilder(ConsoleSurface.SPEAKER)
                .append(DeploymentMessages.headline(deployment, announced, involved.stream().map(ConsoleNotifier::plain)
                        .toList()));
        if (announced.isTerminal() && deployment.outputTail() != null && !deployment.outputTail().isBlank()) {
            for (String line : deployment.outputTail().split("\n", -1)) {
                text.append("\n    | ").append(line);
            }
        }
        text.append(choices(choices));
        synchronized (out) {
            out.println(text);
            out.flush();
        }
        return messageRef != null ? messageRef : "console:" + deployment.id();
    }

    @Override
    public void reply(ChatOrigin where, String user, String text, List<Choice> choices, boolean privately) {
        print(ConsoleSurface.SPEAKER + plain(text) + choices(choices));
    }

    /** Choices as the commands a console user types instead of pressing them: {@code [hello octocat]}, one a line. */
    static String choices(List<Choice> choices) {
        StringBuilder text = new StringBuilder();
        for (Choice choice : choices) {
            text.append("\n    [").append(choice.typed()).append(']');
        }
        return text.toString();
    }

    /** A direct message as its recipient would see it, buttons as the commands they run. */
    @Override
    public String showReview(ReviewCard card, String messageRef) {
        StringBuilder text = new StringBuilder(ConsoleSurface.SPEAKER).append("to ").append(card.recipient())
                .append(messageRef == null ? " (direct message): " : " (direct message, updated): ")
                .append(plain(card.text()).replace("\n", "\n    "));
        for (ReviewCard.Button button : card.buttons()) {
            text.append("\n    [").append(button.label()).append("] `").append(button.command()).append(' ')
                    .append(card.deploymentId()).append('`');
        }
        print(text.toString());
        return messageRef != null ? messageRef : "console:review:" + card.deploymentId() + ":" + card.recipient();
    }

    @Override
    public void replyToReview(String recipient, String messageRef, String text) {
        print(ConsoleSurface.SPEAKER + "to " + recipient + " (in the thread of that message): " + plain(text));
    }

    @Override
    public void announce(String channel, String text) {
        print(ConsoleSurface.SPEAKER + (channel == null ? "" : "in " + channel + ": ") + plain(text));
    }

    /** People and channels as a terminal shows them: {@code <@U123>} becomes {@code @U123}, {@code <#C1>} {@code #C1}. */
    static String plain(String mrkdwn) {
        return MENTION.matcher(mrkdwn).replaceAll("$1$2");
    }

    private void print(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}
