package dev.slipway.chat;

import java.util.Objects;

/**
 * A button under a reply that runs {@code <command> <value>} for whoever presses it, so pressing it and typing that
 * command are the same. Each surface shows it its own way (Slack as a button, the console as the command to type).
 *
 * @param command a command's word ({@code hello}), lower-case letters only
 * @param value   the command's one argument ({@code octocat}), without spaces
 * @param label   what the button says
 * @param style   how much the button stands out: the step most people take next, one that destroys, or neither
 * @param confirm the question of a confirmation dialog shown before it runs, or null for none
 */
public record Choice(String command, String value, String label, Style style, String confirm) {
    /**
     * The most choices one reply carries, which every surface shows in one message (Slack: 48 actions blocks of 25
     * buttons beside the text). A use case with more says how to reach the rest.
     */
    public static final int MOST_PER_REPLY = 1200;

    public enum Style { PRIMARY, DANGER, PLAIN }

    public Choice {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(style, "style");
        if (!command.matches("[a-z]+") || value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("not a command a button can run: " + command + " " + value);
        }
        if (confirm != null && confirm.isBlank()) {
            throw new IllegalArgumentException("a confirmation needs a question: " + command + " " + value);
        }
    }

    /** A plain button that runs at once. */
    public Choice(String command, String value, String label) {
        this(command, value, label, Style.PLAIN, null);
    }

    /** The command the button runs, as a person would type it. */
    public String typed() {
        return command + " " + value;
    }
}
