package dev.slipway.chat.slack;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import java.util.Map;

/**
 * Bolt's slash command request, made from a form decoded once by {@link SlackRequestFilter}. Bolt's own
 * constructor parses the body again, splitting each field with a pattern compiled anew (a sixth of a command's
 * cost, measured); it is given an empty body to parse, and this request answers with the decoded payload and the
 * real body. Bolt's listeners take it for what it is, a {@link SlashCommandRequest}.
 */
final class DecodedSlashCommand extends SlashCommandRequest {
    private final String body;
    private final SlashCommandPayload payload;

    DecodedSlashCommand(String body, Map<String, String> form, RequestHeaders headers) {
        super("", headers);
        this.body = body;
        this.payload = payload(form);
        getContext().setResponseUrl(payload.getResponseUrl());
        getContext().setTriggerId(payload.getTriggerId());
        getContext().setChannelId(payload.getChannelId());
        getContext().setEnterpriseId(payload.getEnterpriseId());
        getContext().setTeamId(payload.getTeamId());
        getContext().setRequestUserId(payload.getUserId());
    }

    /** The fields Bolt's parser reads, with its rule that an empty value is no value. */
    static SlashCommandPayload payload(Map<String, String> form) {
        SlashCommandPayload payload = new SlashCommandPayload();
        payload.setToken(value(form, "token"));
        payload.setTeamId(value(form, "team_id"));
        payload.setTeamDomain(value(form, "team_domain"));
        payload.setEnterpriseId(value(form, "enterprise_id"));
        payload.setEnterpriseName(value(form, "enterprise_name"));
        payload.setApiAppId(value(form, "api_app_id"));
        payload.setChannelId(value(form, "channel_id"));
        payload.setChannelName(value(form, "channel_name"));
        payload.setUserId(value(form, "user_id"));
        payload.setUserName(value(form, "user_name"));
        payload.setCommand(value(form, "command"));
        payload.setText(value(form, "text"));
        payload.setResponseUrl(value(form, "response_url"));
        payload.setTriggerId(value(form, "trigger_id"));
        payload.setEnterpriseInstall(Boolean.parseBoolean(value(form, "is_enterprise_install")));
        return payload;
    }

    private static String value(Map<String, String> form, String name) {
        String value = form.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    @Override
    public SlashCommandPayload getPayload() {
        return payload;
    }

    @Override
    public String getRequestBodyAsString() {
        return body;
    }
}
