package dev.slipway.chat.slack;

/**
 * The few plain pages of installing the app: the start with its Add to Slack link, the end, and each way it can go
 * wrong, saying what happened and how to try again. Nothing on them comes from the request unescaped.
 */
final class SlackInstallPages {
    private SlackInstallPages() {
    }

    static String start(String authorizeUrl) {
        return page("Add Slipway to Slack", "<p>Slipway ships your projects to their environments from Slack.</p>"
                + "<p><a href=\"" + escape(authorizeUrl) + "\">Add to Slack</a></p>"
                + "<p>The link is valid for 10 minutes, once.</p>");
    }

    static String installed(String workspace) {
        return page("Slipway is installed", "<p>Slipway is installed in " + escape(workspace) + ".</p>"
                + "<p>Invite it to a channel with <code>/invite @slipway</code>, then try <code>/slipway help</code>.</p>");
    }

    static String failed(String what, String installPath) {
        return page("Slipway was not installed", "<p>" + escape(what) + " Nothing was installed.</p>"
                + "<p><a href=\"" + escape(installPath) + "\">Start again</a></p>");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head><body><h1>" + escape(title) + "</h1>" + body + "</body></html>\n";
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
