package dev.slipway.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A chat workspace that installed Slipway's app through OAuth: a team, or a whole organisation for an
 * organisation-wide install ({@code teamId} then null). {@code botToken} is what Slipway speaks with there;
 * the installer's own token, if the install asked for one, is kept only because the install returned it.
 */
public record WorkspaceInstallation(String enterpriseId, String teamId, String teamName, boolean enterpriseInstall,
                                    String appId, String botUserId, String botId, String botScopes, String botToken,
                                    String installerId, String installerScopes, String installerToken,
                                    Instant installedAt) {
    public WorkspaceInstallation {
        if (teamId == null && enterpriseId == null) {
            throw new IllegalArgumentException("an installation belongs to a team or an organisation");
        }
        Objects.requireNonNull(botToken, "botToken");
        Objects.requireNonNull(installedAt, "installedAt");
        botScopes = botScopes == null ? "" : botScopes;
    }

    /** The key it is stored under: the organisation for an organisation-wide install, else the team. */
    public String id() {
        return key(enterpriseInstall ? enterpriseId : null, teamId);
    }

    /** The key of the installation serving {@code teamId} of {@code enterpriseId} (org-wide when teamId is null). */
    public static String key(String enterpriseId, String teamId) {
        return teamId != null ? teamId : enterpriseId;
    }

    /** Never the tokens. */
    @Override
    public String toString() {
        return "WorkspaceInstallation[" + id() + " " + teamName + ", bot " + botUserId + ", scopes " + botScopes
                + ", by " + installerId + " at " + installedAt + "]";
    }
}
