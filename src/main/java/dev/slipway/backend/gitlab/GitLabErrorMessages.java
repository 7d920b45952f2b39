package dev.slipway.backend.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns GitLab's error bodies into one line. GitLab writes {@code {"message":"..."}}, or field errors as
 * {@code {"message":{"ref":["is invalid"],"base":["Reference not found"]}}}, and its parameter checks write
 * {@code {"error":"ref is missing"}}.
 */
final class GitLabErrorMessages {
    private GitLabErrorMessages() {
    }

    static Optional<String> render(ObjectMapper json, String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        JsonNode message = root.has("message") ? root.get("message") : root.get("error");
        if (message == null || message.isNull()) {
            return Optional.empty();
        }
        String text = readable(message);
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    private static String readable(JsonNode node) {
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(readable(item)));
            return String.join(", ", items);
        }
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String detail = readable(field.getValue());
            // "base" holds errors about the whole request; its name would only get in the way.
            fields.add(field.getKey().equals("base") ? detail : field.getKey() + " " + detail);
        }
        return String.join("; ", fields);
    }
}
