package dev.slipway.chat.slack;

import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import dev.slipway.chat.DeploymentMessages;
import dev.slipway.domain.Deployment;
import dev.slipway.domain.Runbook;
import dev.slipway.domain.DeploymentState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The shared deployment wording, in Slack's mrkdwn. */
final class SlackMessageText {
    /** Slack user ids: what the Slack surface records as the requester, shown as a mention. */
    private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,}");
    /** A person or a channel as Slack links them ({@code <@U123>}, {@code <#C123>}), which replies keep as they are. */
    /** A channel's link within its workspace ({@code <#T0001/C0001>}), as Slipway writes it with several workspaces. */
    private static final Pattern QUALIFIED_CHANNEL = Pattern.compile("<#[TE][A-Z0-9]+/([CG][A-Z0-9]{2,})>");
    private static final Pattern MENTION = Pattern.compile("<@[UW][A-Z0-9]{2,}>|<#[CG][A-Z0-9]{2,}>");
    /** Slack refuses a section whose text is longer. */
    private static final int SECTION_LIMIT = 3000;
    /** Enough output to see why a run failed; a longer reply is hard to read in a thread. */
    private static final int TAIL_LIMIT = 2800;

    private SlackMessageText() {
    }

    /** Slack reads {@code &}, {@code <} and {@code >} as markup, so plain text must escape them. */
    static String escape(String plain) {
        return plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Like {@link #escape}, but a person written {@code <@U123>} stays a mention, and {@code <#C123>} a channel. */
    static String escapeButMentions(String written) {
        String text = unqualified(written);
        java.util.regex.Matcher mention = MENTION.matcher(text);
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (mention.find()) {
            out.append(escape(text.substring(from, mention.start()))).append(mention.group());
            from = mention.end();
        }
        return out.append(escape(text.substring(from))).toString();
    }

    /** Channel links name the channel alone: Slack shows a link within the reader's own workspace. */
    static String unqualified(String text) {
        // Most answers name no channel; the scan for one is cheaper than the pattern's over a long text like help.
        return text.contains("<#") ? QUALIFIED_CHANNEL.matcher(text).replaceAll("<#$1>") : text;
    }

    /** The headline, then who took part, people Slack knows as mentions. */
    static String headline(Deployment d, DeploymentState state, List<String> involved) {
        String line = headline(d, state);
        return involved.isEmpty() ? line : line + "\n" + escapeButMentions(String.join(" · ", involved));
    }

    static String headline(Deployment d, DeploymentState state) {
        return DeploymentMessages.headline(d, state, WORDS);
    }

    /**
     * The shared words in mrkdwn: text escaped, Slack users as mentions, moments as dates each reader sees in their
     * own time zone ({@code <!date^1772359320^{date_short_pretty} {time}|2026-03-01T10:02:00Z>}), with the UTC
     * time for clients that cannot show them.
     */
    static final DeploymentMessages.Words WORDS = new DeploymentMessages.Words() {
        @Override
        public String text(String plain) {
            return escape(plain);
        }

        @Override
        public String person(String user) {
            return USER_ID.matcher(user).matches() ? "<@" + user + ">" : escape(user);
        }

        @Override
        public String time(Instant at) {
            return date(at);
        }
    };

    /** {@code at} as a Slack date: the reader's local date and time, the UTC instant as the fallback. */
    static String date(Instant at) {
        Instant seconds = at.truncatedTo(ChronoUnit.SECONDS);
        return "<!date^" + seconds.getEpochSecond() + "^{date_short_pretty} {time}|" + seconds + ">";
    }

    /** A section showing {@code mrkdwn}, cut to what Slack accepts in one. */
    static SectionBlock section(String mrkdwn) {
        return SectionBlock.builder().text(MarkdownTextObject.builder().text(clip(mrkdwn, SECTION_LIMIT)).build()).build();
    }

    /** {@code text} if it has at most {@code limit} characters, else its start and an ellipsis in that many. */
    static String clip(String text, int limit) {
        return text.length() > limit ? text.substring(0, limit - 1) + "…" : text;
    }

    /** The thread replies that go with {@code state}: the pipeline's link, or how it ended. */
    static List<String> details(Deployment d, DeploymentState state) {
        List<String> replies = new ArrayList<>();
        if (state == DeploymentState.RUNNING && d.externalUrl() != null && !d.externalUrl().isBlank()) {
            // A bar would end the link's address and start its label.
            String what = Runbook.isRunbookEnvironment(d.environment()) ? "Job" : "Pipeline";
            replies.add(what + ": <" + escape(d.externalUrl().strip()).replace("|", "%7C") + ">");
        }
        if (state == DeploymentState.RUNNING && d.outcomeUnknown()) {
            // Said in the thread too: an edited headline notifies nobody, and a person has to act.
            replies.add("*Outcome unknown:* " + escape(d.summary().substring(Deployment.OUTCOME_UNKNOWN.length())));
        }
        if (state.isTerminal()) {
            StringBuilder ending = new StringBuilder();
            if (state == DeploymentState.FAILED && d.summary() != null && !d.summary().isBlank()) {
                ending.append("*Failed:* ").append(escape(d.summary()));
            }
            if (d.outputTail() != null && !d.outputTail().isBlank()) {
                if (!ending.isEmpty()) {
                    ending.append('\n');
                }
                ending.append(codeBlock(d.outputTail()));
            }
            if (!ending.isEmpty()) {
                replies.add(ending.toString());
            }
        }
        return replies;
    }

    static String codeBlock(String output) {
        String tail = output.strip();
        if (tail.length() > TAIL_LIMIT) {
            String cut = tail.substring(tail.length() - TAIL_LIMIT);
            int newline = cut.indexOf('\n');
            tail = "…\n" + (newline >= 0 ? cut.substring(newline + 1) : cut);
        }
        // Three backticks inside would close the block early.
        return "```\n" + escape(tail).replace("```", "`\u200b``") + "\n```";
    }
}
