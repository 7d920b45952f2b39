package dev.slipway.domain;

/**
 * How a chat channel is addressed when Slipway is installed in several workspaces: channel ids belong to their
 * workspace, so the address is {@code <team>/<channel>} ({@code T0001/C0001}); with one workspace it is the
 * channel id alone. Bindings, origins and project channels all use the address, so the same channel id in two
 * workspaces never means the same place.
 */
public final class WorkspaceChannel {
    private static final char SEPARATOR = '/';

    private WorkspaceChannel() {
    }

    /** The address of {@code channel} in {@code team}; the channel alone when {@code team} is null. */
    public static String of(String team, String channel) {
        return team == null || channel == null ? channel : team + SEPARATOR + channel;
    }

    /** The workspace of an address, or null when it names none. */
    public static String team(String address) {
        int at = address == null ? -1 : address.indexOf(SEPARATOR);
        return at < 0 ? null : address.substring(0, at);
    }

    /** The channel id of an address. */
    public static String channel(String address) {
        int at = address == null ? -1 : address.indexOf(SEPARATOR);
        return at < 0 ? address : address.substring(at + 1);
    }
}
