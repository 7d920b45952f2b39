package dev.slipway.testing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Near-valid request bodies for fuzz tests: a real shape (a fixture) with one mutation the fuzzer chooses, so that
 * most inputs get past authentication and the envelope into the parser behind them.
 *
 * <p>Choices are read from the end of the fuzzer's data and text from its start (as {@link FuzzedDataProvider}
 * does), so a seed file is the text followed by one byte per choice, the first choice last.
 */
public final class FuzzedBodies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FuzzedBodies() {
    }

    /** {@code json} as it is, with one value replaced, retyped or removed, cut short, or replaced whole. */
    public static String mutateJson(FuzzedDataProvider data, String json) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON template: " + json, e);
        }
        int mutation = data.consumeInt(0, 7);
        if (mutation == 0) {
            return json;
        }
        if (mutation == 6) {
            return json.substring(0, data.consumeInt(0, json.length()));
        }
        if (mutation == 7) {
            return rest(data);
        }
        List<Slot> slots = new ArrayList<>();
        collect(tree, slots);
        if (slots.isEmpty()) {
            return rest(data);
        }
        Slot slot = slots.get(data.consumeInt(0, slots.size() - 1));
        JsonNode value = switch (mutation) {
            case 1, 2, 3 -> NODES.textNode(rest(data));
            case 4 -> switch (data.consumeInt(0, 5)) {
                case 0 -> NODES.nullNode();
                case 1 -> NODES.numberNode(data.consumeLong());
                case 2 -> NODES.numberNode(data.consumeDouble());
                case 3 -> NODES.booleanNode(data.consumeBoolean());
                case 4 -> NODES.objectNode().put(data.consumeString(20), rest(data));
                default -> NODES.arrayNode().add(rest(data));
            };
            default -> null; // 5: removed
        };
        slot.set(value);
        return tree.toString();
    }

    /** {@code form} encoded as it is, with one field set to fuzzed text, removed or added, or a fuzzed body. */
    public static String mutateForm(FuzzedDataProvider data, Map<String, String> form) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        List<String> names = new ArrayList<>(fields.keySet());
        switch (data.consumeInt(0, 6)) {
            case 0 -> {
                return SlackRequests.encode(fields);
            }
            case 1, 2, 3 -> fields.put(names.get(data.consumeInt(0, names.size() - 1)), rest(data));
            case 4 -> fields.remove(names.get(data.consumeInt(0, names.size() - 1)));
            case 5 -> fields.put(data.consumeString(30), rest(data));
            default -> {
                return rest(data); // not even a form, or a form with bad escapes
            }
        }
        return SlackRequests.encode(fields);
    }

    /** The rest of the fuzzer's data as UTF-8 text, so that a seed's text is read back exactly as written. */
    public static String rest(FuzzedDataProvider data) {
        return new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
    }

    /** A form body's fields, in order; the last of a repeated name wins. */
    public static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.strip().split("&")) {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** A header value the HTTP client can send: printable ASCII only. */
    public static String headerValue(String text) {
        StringBuilder value = new StringBuilder();
        text.chars().filter(c -> c >= 0x20 && c < 0x7f).forEach(c -> value.append((char) c));
        return value.toString().strip();
    }

    /** Where in a document a value sits: a field of an object or an element of an array. */
    private record Slot(JsonNode parent, String field, int index) {
        void set(JsonNode value) {
            if (parent instanceof ObjectNode object) {
                if (value == null) {
                    object.remove(field);
                } else {
                    object.set(field, value);
                }
            } else if (parent instanceof ArrayNode array) {
                if (value == null) {
                    array.remove(index);
                } else {
                    array.set(index, value);
                }
            }
        }
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(field -> {
                slots.add(new Slot(object, field.getKey(), -1));
                collect(field.getValue(), slots);
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(array, null, i));
                collect(array.get(i), slots);
            }
        }
    }
}
